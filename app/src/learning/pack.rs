//! A course module as printed pages (`GET /learn/modules/{id}/pack.pdf`),
//! for a head teacher to print for colleagues without phones: each
//! activity's words, a QR code to each video, recording or reading in the
//! library, and the quiz without its answers, with a QR code to take it
//! online later. Whoever is enrolled in the module's version may print it.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::entity::{activity, choice, module, question};
use super::study;
use super::words::{ActivityKind, QuestionKind};
use crate::ids::ModuleId;
use crate::printing::{Block, Pack};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, Lang, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/learn/modules/{id}/pack.pdf", get(module_pack))
}

/// What the pack says about a module, read before drawing.
pub struct ModuleWords {
    pub course: String,
    pub author: String,
    pub module: module::Model,
    pub activities: Vec<activity::Model>,
    /// Titles of the library contents the activities play or open, by activity.
    pub contents: Vec<(crate::ids::ActivityId, String)>,
    pub questions: Vec<question::Model>,
    pub choices: Vec<choice::Model>,
    pub public_url: String,
}

async fn module_pack(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
) -> AppResult<Response> {
    let (e, m) = study::enrolment_for_module(&state, &user, id).await?;
    let outline = study::outline(&state, e.version_id).await?;
    let course = study::view(&state, Some(&user), e.course_id).await?;
    let activities: Vec<activity::Model> = outline.activities_of(id).cloned().collect();
    let mut contents = Vec::new();
    for a in activities.iter().filter(|a| a.content_id.is_some()) {
        let c = a.content_id.expect("filtered");
        // As any teacher sees the library: a content hidden from her is
        // not in her pack, whoever printed the module first.
        match crate::content::shared::page(&state, c, None).await {
            Ok((shared, _)) => contents.push((a.id, shared.view.title.clone())),
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    let (questions, choices) = outline.quiz(id);
    let words = ModuleWords {
        course: course.title,
        author: course.author_name,
        module: m,
        activities,
        contents,
        questions,
        choices,
        public_url: state.config.public_url.clone(),
    };
    let lang = page.lang;
    // A published version never changes; what it shows of the library is
    // named in the key, so a content hidden since is not printed from a copy.
    let printed: Vec<String> = words.contents.iter().map(|(a, title)| format!("{a} {title}")).collect();
    let key = format!("module {} {} {} {}", id, e.version_id, lang.code(), crate::printing::fingerprint(&printed));
    let pdf = crate::printing::kept_or_made(&state, key, move || module_pack_of(lang, &words)).await?;
    Ok(crate::printing::attachment(pdf, &format!("batayon-module-{id}")))
}

/// The pages' words for a module, in `lang`. No answer and no explanation
/// is ever among them.
pub fn module_pack_of(lang: Lang, w: &ModuleWords) -> Pack {
    let mut blocks = vec![
        Block::Title(format!("{}. {}", lang.num(w.module.position as i64), w.module.title)),
        Block::Subtitle(format!("{} · {}", w.course, w.author)),
    ];
    if !w.module.summary.trim().is_empty() {
        blocks.push(Block::Text(w.module.summary.clone()));
    }
    for (n, a) in w.activities.iter().enumerate() {
        let minutes = lang.t_with("activity-minutes", &[("count", lang.num(a.minutes as i64))]);
        blocks.push(Block::Heading(format!("{}. {}", lang.num(n as i64 + 1), a.title)));
        blocks.push(Block::Subtitle(format!("{} · {minutes}", lang.t(&format!("activity-kind-{}", a.kind)))));
        if !a.body.trim().is_empty() {
            blocks.push(Block::Text(paragraphs(&a.body)));
        }
        let title = w.contents.iter().find(|(id, _)| *id == a.id).map(|(_, t)| t.clone());
        if let (Some(c), Some(title)) = (a.content_id, title) {
            let scan = match a.kind {
                ActivityKind::Video => "pack-scan-video",
                ActivityKind::Audio => "pack-scan-audio",
                ActivityKind::Reading | ActivityKind::Practice => "pack-scan-reading",
            };
            blocks.push(Block::Link {
                url: format!("{}/contents/{c}", w.public_url),
                caption: lang.t_with(scan, &[("title", title)]),
            });
        }
    }
    if !w.questions.is_empty() {
        blocks.push(Block::Heading(lang.t("pack-quiz")));
        blocks.push(Block::Text(lang.t_with("pack-quiz-note", &[("percent", lang.num(w.module.pass_percent as i64))])));
        for (n, q) in w.questions.iter().enumerate() {
            blocks.push(Block::Question(format!("{}. {}", lang.num(n as i64 + 1), q.prompt)));
            if q.kind == QuestionKind::Numeric {
                blocks.push(Block::Text(lang.t("pack-number-answer")));
            }
            for c in w.choices.iter().filter(|c| c.question_id == q.id) {
                blocks.push(Block::Choice(c.body.clone()));
            }
        }
        blocks.push(Block::Link {
            url: format!("{}/learn/quizzes/{}", w.public_url, w.module.id),
            caption: lang.t("pack-quiz-scan"),
        });
    }
    Pack {
        title: w.module.title.clone(),
        blocks,
        foot: lang.t("pack-foot"),
        page_number: Box::new(move |n, count| {
            lang.t_with("pack-page", &[("n", lang.num(n as i64)), ("count", lang.num(count as i64))])
        }),
    }
}

/// An author's paragraphs as the page shows them: blank lines between.
fn paragraphs(body: &str) -> String {
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ActivityId, CourseVersionId, OptionId, QuizQuestionId};

    #[test]
    fn the_printed_quiz_has_its_questions_and_choices_but_no_answer() {
        let module = module::Model {
            id: ModuleId(7),
            version_id: CourseVersionId(1),
            position: 2,
            title: "অর্ধেক চেনা".into(),
            summary: String::new(),
            pass_percent: 60,
            max_attempts: 3,
            wait_minutes: 0,
        };
        let question = |id, kind, prompt: &str| question::Model {
            id: QuizQuestionId(id),
            module_id: ModuleId(7),
            position: id as i32,
            kind,
            prompt: prompt.into(),
            explanation: "গোপন ব্যাখ্যা".into(),
            number_answer: Some(0.5),
            tolerance: 0.0,
        };
        let choice = |id, q, body: &str, correct| choice::Model {
            id: OptionId(id),
            question_id: QuizQuestionId(q),
            position: id as i32,
            body: body.into(),
            correct,
        };
        let words = ModuleWords {
            course: "আনন্দে ভগ্নাংশ".into(),
            author: "কোর্স লেখক".into(),
            module,
            activities: vec![activity::Model {
                id: ActivityId(3),
                module_id: ModuleId(7),
                position: 1,
                kind: ActivityKind::Video,
                title: "কাগজ ভাঁজ".into(),
                body: "ভিডিওটি দেখুন।\n\nতারপর নিজে ভাঁজ করুন।".into(),
                content_id: Some(crate::ids::ContentId(41)),
                minutes: 5,
            }],
            contents: vec![(ActivityId(3), "ভাঁজের ভিডিও".into())],
            questions: vec![
                question(1, QuestionKind::Single, "দুই সমান ভাগের একটি কী?"),
                question(2, QuestionKind::Numeric, "এক চতুর্থাংশ দশমিকে কত?"),
            ],
            choices: vec![choice(1, 1, "অর্ধেক", true), choice(2, 1, "তিন ভাগের এক", false)],
            public_url: "https://batayon.example".into(),
        };
        let pack = module_pack_of(Lang::Bn, &words);
        let text: String = pack
            .blocks
            .iter()
            .map(|b| match b {
                Block::Title(t) | Block::Subtitle(t) | Block::Heading(t) | Block::Text(t) => t.clone(),
                Block::Question(t) | Block::Choice(t) => t.clone(),
                Block::Link { url, caption } => format!("{caption} {url}"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains("দুই সমান ভাগের একটি কী?") && text.contains("তিন ভাগের এক"));
        assert!(pack.blocks.contains(&Block::Choice("অর্ধেক".into())), "a choice is a plain box, right or wrong");
        assert!(!text.contains("গোপন ব্যাখ্যা") && !text.contains("0.5"), "no explanation, no answer: {text}");
        assert!(pack.blocks.contains(&Block::Link {
            url: "https://batayon.example/contents/41".into(),
            caption: "ভিডিওটি দেখতে ফোনে স্ক্যান করুন: ভাঁজের ভিডিও".into(),
        }));
        assert!(text.contains("https://batayon.example/learn/quizzes/7"), "the quiz online, by QR");
        assert_eq!((pack.page_number)(2, 5), "পৃষ্ঠা ২/৫");
    }
}
