//! What administrators and issuers' staff do: record an institution,
//! rotate its key, name its staff, define badges, award one by hand with
//! evidence, endorse another institution's badge, revoke with a reason.
//! Every form is CSRF-checked (`VerifiedForm`) and every action checks
//! that the person acts for the issuer concerned.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::post;
use sea_orm::Set;

use super::document::Evidence;
use super::entity::achievement;
use super::issuing::{self, Issued, IssuerInput};
use super::pages::{
    Form, achievement_html, credential_by_public_id, issuer_html, issuer_of, issuers_html, verify_html,
};
use super::{access, competencies, store};
use crate::ids::{AchievementId, CourseId, IssuerId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, field, number};
use crate::web::role::Role;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

/// Where to go after the action, or the form again with its messages.
async fn answer<F>(result: AppResult<String>, again: F) -> AppResult<Response>
where
    F: AsyncFnOnce(FieldErrors) -> AppResult<String>,
{
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(AppError::Validation(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(again(errors).await?)).into_response())
        }
        Err(e) => Err(e),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/issuers", post(create_issuer))
        .route("/issuers/{id}/keys", post(rotate))
        .route("/issuers/{id}/members", post(add_member))
        .route("/issuers/{id}/achievements", post(create_achievement))
        .route("/achievements/{id}/award", post(award))
        .route("/achievements/{id}/endorse", post(endorse))
        .route("/verify/{id}/revoke", post(revoke))
}

fn admin(user: &CurrentUser) -> AppResult<()> {
    if user.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn create_issuer(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    admin(&user)?;
    let result = issuing::create_issuer(
        &state,
        IssuerInput {
            short_name: field(&f, "short_name").into(),
            name: field(&f, "name").into(),
            name_en: field(&f, "name_en").into(),
            description: field(&f, "description").into(),
            website: field(&f, "website").into(),
            email: field(&f, "email").into(),
        },
    )
    .await
    .map(|i| format!("/issuers/{}", i.id.0));
    answer(result, async |e| issuers_html(&state, page, Form::refused(e, f)).await).await
}

async fn rotate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(_f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    admin(&user)?;
    issuer_of(&state, id).await?;
    issuing::rotate_key(&state, id).await?;
    crate::audit::store::record(&state.db, Some(user.id), "issuer.rotate_key", "issuer", id.0, serde_json::json!({}))
        .await?;
    Ok(Redirect::to(&format!("/issuers/{}", id.0)))
}

async fn teacher_by_phone(state: &AppState, f: &Fields) -> AppResult<crate::accounts::entity::user::Model> {
    let login = crate::accounts::model::Login::parse(field(f, "teacher"))
        .ok_or_else(|| AppError::Validation(FieldErrors::one("teacher".into(), "badge-teacher-unknown")))?;
    crate::accounts::store::find_by_login(&state.db, &login)
        .await?
        .ok_or_else(|| AppError::Validation(FieldErrors::one("teacher".into(), "badge-teacher-unknown")))
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    admin(&user)?;
    issuer_of(&state, id).await?;
    let result = async {
        let who = teacher_by_phone(&state, &f).await?;
        store::add_member(&state.db, id, who.id).await?;
        Ok(format!("/issuers/{}", id.0))
    }
    .await;
    answer(result, async |e| issuer_html(&state, page, id, Form::refused(e, f)).await).await
}

async fn create_achievement(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    issuer_of(&state, id).await?;
    access::require(&state, &user, id).await?;
    let result = new_achievement(&state, id, &f).await;
    answer(result, async |e| issuer_html(&state, page, id, Form::refused(e, f)).await).await
}

async fn new_achievement(state: &AppState, id: IssuerId, f: &Fields) -> AppResult<String> {
    let mut errors = FieldErrors::default();
    for name in ["name", "description", "criteria"] {
        if field(f, name).trim().is_empty() {
            errors.add(name, "error-required");
        }
    }
    if competencies::by_code(field(f, "competency")).is_none() {
        errors.add("competency", "badge-competency-unknown");
    }
    let rule = field(f, "rule");
    let course: Option<CourseId> = number(f, "course_id");
    let count: Option<i32> = number(f, "practice_count");
    match rule {
        "course" if course.is_none() => errors.add("course_id", "error-required"),
        "practice" if !count.is_some_and(|c| (1..=50).contains(&c)) => {
            errors.add("practice_count", "badge-count-range")
        }
        "course" | "practice" | "manual" => {}
        _ => errors.add("rule", "error-required"),
    }
    if let Some(c) = course
        && crate::learning::store::course(&state.db, c).await?.is_none()
    {
        errors.add("course_id", "badge-course-unknown");
    }
    errors.into_result()?;
    let valid_days: Option<i32> = number(f, "valid_days").filter(|d: &i32| *d > 0);
    let a = store::insert_achievement(
        &state.db,
        achievement::ActiveModel {
            issuer_id: Set(id),
            endorser_id: Set(None),
            name: Set(field(f, "name").trim().into()),
            description: Set(field(f, "description").trim().into()),
            criteria: Set(field(f, "criteria").trim().into()),
            competency: Set(field(f, "competency").into()),
            tags: Set(field(f, "tags").trim().into()),
            rule: Set(rule.into()),
            course_id: Set(if rule == "course" { course } else { None }),
            practice_count: Set(if rule == "practice" { count } else { None }),
            valid_days: Set(valid_days),
            endorsement: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        },
    )
    .await?;
    // Teachers who already finished the course or practised earn it too,
    // not only those who do so from today: a job, since they may be many.
    crate::jobs::enqueue(&state.db, super::rules::AWARD_PAST, serde_json::json!({"achievement": a.id.0})).await?;
    Ok(format!("/achievements/{}", a.id.0))
}

async fn award(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AchievementId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    access::require(&state, &user, a.issuer_id).await?;
    let result = award_by_hand(&state, &user, &a, &f).await;
    answer(result, async |e| achievement_html(&state, page, id, Form::refused(e, f)).await).await
}

async fn award_by_hand(state: &AppState, user: &CurrentUser, a: &achievement::Model, f: &Fields) -> AppResult<String> {
    let mut errors = FieldErrors::default();
    let narrative = field(f, "evidence").trim().to_owned();
    if narrative.is_empty() {
        errors.add("evidence", "badge-evidence-required");
    }
    let link = field(f, "evidence_url").trim().to_owned();
    if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
        errors.add("evidence_url", "badge-evidence-url");
    }
    errors.into_result()?;
    let teacher = teacher_by_phone(state, f).await?;
    let evidence = [Evidence { url: (!link.is_empty()).then_some(link), name: a.name.clone(), narrative }];
    match issuing::issue(state, a, teacher.id, &evidence, Some(user.id)).await? {
        Issued::New(c) => {
            let detail = serde_json::json!({"teacher": teacher.id.0, "achievement": a.id.0});
            crate::audit::store::record(&state.db, Some(user.id), "credential.award", "credential", c.id.0, detail)
                .await?;
            Ok(format!("/verify/{}", c.public_id))
        }
        Issued::AlreadyHeld => Err(AppError::NotAllowed { code: "already_held", key: "badge-already-held" }),
    }
}

async fn endorse(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AchievementId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let endorser: IssuerId = number(&f, "endorser").ok_or(AppError::BadRequest("endorser"))?;
    if endorser == a.issuer_id {
        return Err(AppError::NotAllowed { code: "own_badge", key: "badge-endorse-own" });
    }
    access::require(&state, &user, endorser).await?;
    let e = issuer_of(&state, endorser).await?;
    let comment = field(&f, "comment").trim().to_owned();
    let result = async {
        if comment.is_empty() {
            return Err(AppError::invalid("comment", "error-required"));
        }
        issuing::endorse(&state, &a, &e, &comment).await?;
        store::set_endorser(&state.db, a.id, endorser).await?;
        Ok(format!("/achievements/{}", a.id.0))
    }
    .await;
    answer(result, async |e| achievement_html(&state, page, id, Form::refused(e, f)).await).await
}

async fn revoke(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<String>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let c = credential_by_public_id(&state, &id).await?;
    access::require(&state, &user, c.issuer_id).await?;
    let result = async {
        issuing::revoke(&state, &c, field(&f, "reason")).await?;
        let detail = serde_json::json!({"reason": field(&f, "reason")});
        crate::audit::store::record(&state.db, Some(user.id), "credential.revoke", "credential", c.id.0, detail)
            .await?;
        Ok(format!("/verify/{}", c.public_id))
    }
    .await;
    answer(result, async |e| verify_html(&state, page, &id, Form::refused(e, f)).await).await
}
