//! The home page: the portal in numbers, the newest and most used contents,
//! and for staff the way to their work (an officer's dashboard, reports and
//! batches; a head teacher's school; a moderator's queues).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use std::sync::Arc;
use std::time::Duration;

use crate::content::discovery::{self, Popular, Recommended};
use crate::content::model::ContentSummary;
use crate::content::store::{ListFilter, Sort};
use crate::profiles::store as profiles;
use crate::state::AppState;
use crate::web::page_parts::KeptViews;
use crate::web::{AppResult, Lang, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub struct TeacherCard {
    pub id: crate::ids::UserId,
    pub name: String,
    pub designation: String,
    pub photo_url: Option<String>,
}

/// What the home page shows every visitor alike: the portal in numbers,
/// the newest teachers and contents, the latest winners. Built once per
/// language every [`SHARED_FOR`] on each node, not once per visit: a
/// signed-in teacher's home page then asks the database only for what is
/// hers (the counts alone read every account row). A change on this node
/// (`page_parts::changed`) shows at once.
pub struct Shared {
    teachers: i64,
    verified: i64,
    districts: i64,
    newest: Vec<TeacherCard>,
    latest: Vec<ContentSummary>,
    /// The latest published week's national winners.
    recognition: Option<(crate::recognition::views::RoundView, Vec<crate::recognition::views::Standing>)>,
}

/// How stale the shared part may be (as an anonymous visitor's page).
const SHARED_FOR: Duration = crate::web::page_cache::KEEP_FOR;

#[derive(Default)]
struct KeptShared(KeptViews<Lang, Shared, 4>);

async fn shared(state: &AppState, lang: Lang) -> AppResult<Arc<Shared>> {
    state.part::<KeptShared>().0.get_or_build(state, lang, SHARED_FOR, build_shared(state, lang)).await
}

async fn build_shared(state: &AppState, lang: Lang) -> AppResult<Shared> {
    let crate::accounts::figures::Figures { teachers, verified, districts } =
        crate::accounts::figures::current(state).await?;
    let newest = profiles::newest_verified(&state.db, 6)
        .await?
        .into_iter()
        .map(|u| TeacherCard {
            id: u.id,
            name: u.name,
            designation: u.designation.unwrap_or_default(),
            photo_url: crate::profiles::service::photo_url(u.photo_id),
        })
        .collect();
    let newest_contents = ListFilter { sort: Sort::New, per_page: 6, ..Default::default() };
    let rows = crate::content::store::page_of(&state.db, &newest_contents).await?;
    let latest = crate::content::lists::summaries(state, rows).await?;
    let recognition = crate::recognition::marks::featured(state, lang).await?;
    Ok(Shared {
        teachers: teachers as i64,
        verified: verified as i64,
        districts: districts as i64,
        newest,
        latest,
        recognition,
    })
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    page: Page,
    shared: Arc<Shared>,
    curriculum: Arc<crate::curriculum::memory::Curriculum>,
    /// A signed-in teacher's newest feed items.
    feed: Vec<crate::feed::service::FeedItem>,
    /// For a signed-in teacher: from teachers like her and her classes.
    recommended: Arc<Vec<Recommended>>,
    /// The most used this week, in her district when she named one.
    popular: Arc<Vec<Popular>>,
    /// Her district's name, when the popular list is her district's.
    popular_in: Option<String>,
    /// For an officer (or administrator): courses whose reports she may open.
    report_courses: Vec<crate::learning::model::CourseSummary>,
}

/// Courses listed with their report links on an officer's home page.
const REPORT_COURSES: u64 = 5;

/// Contents in each discovery list on the home page.
const DISCOVER: usize = 6;

async fn home(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let shared = shared(&state, page.lang).await?;
    let curriculum = crate::curriculum::memory::current(&state).await?;
    // Hers, read once: what she follows, teaches and where.
    let mine = match &page.user {
        Some(u) => Some((
            u.id,
            crate::feed::service::following(&state, u.id).await?,
            profiles::teaching_of(&state.db, u.id).await?,
        )),
        None => None,
    };
    let feed = match &mine {
        Some((id, follows, teaching)) => {
            crate::feed::service::items_for(&state, *id, follows, teaching, None, 5).await?
        }
        None => Vec::new(),
    };
    let recommended = match &page.user {
        Some(u) => discovery::for_teacher(&state, u.id, DISCOVER).await?,
        None => Arc::default(),
    };
    let district = match mine.as_ref().and_then(|(_, _, teaching)| teaching.district_id) {
        Some(d) => crate::places::memory::current(&state).await?.district(d).cloned(),
        None => None,
    };
    // A quiet week in her district: the country's instead.
    let (popular, hers) = discovery::popular_near(&state, district.as_ref().map(|d| d.id), DISCOVER).await?;
    let popular_in = district.filter(|_| hers).map(|d| if page.lang == Lang::En { d.name_en } else { d.name_bn });
    let report_courses = if page.is_officer() || page.is_admin() {
        crate::learning::catalogue::published(&state, 1, REPORT_COURSES).await?.0
    } else {
        Vec::new()
    };
    let page = page.titled("home-title");
    Ok(Html(HomePage { page, shared, curriculum, feed, recommended, popular, popular_in, report_courses }.render()?))
}
