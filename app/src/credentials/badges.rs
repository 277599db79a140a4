//! Defining badges and awarding them by hand: the checks and records
//! behind the issuer's forms (and the demo), so the handlers only read
//! the form and answer.

use sea_orm::Set;

use super::document::Evidence;
use super::entity::achievement;
use super::issuing::{self, Issued};
use super::model::{AchievementRule, number};
use super::{competencies, store};
use crate::accounts::model::Account;
use crate::ids::{CourseId, IssuerId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

/// A badge as an issuer describes it.
pub struct BadgeInput {
    pub name: String,
    pub description: String,
    pub criteria: String,
    /// A code of `competencies::FRAMEWORK`.
    pub competency: String,
    pub tags: String,
    /// None when the form named no rule (or one we do not know).
    pub rule: Option<AchievementRule>,
    pub course_id: Option<CourseId>,
    pub practice_count: Option<i32>,
    pub valid_days: Option<i32>,
}

/// The badge form as posted: every field as typed.
#[derive(Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct BadgeForm {
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub competency: String,
    pub tags: String,
    pub rule: String,
    pub course_id: String,
    pub practice_count: String,
    pub valid_days: String,
}

impl BadgeInput {
    pub fn from_form(f: &BadgeForm) -> Self {
        let text = |value: &str| value.trim().to_owned();
        BadgeInput {
            name: text(&f.name),
            description: text(&f.description),
            criteria: text(&f.criteria),
            competency: text(&f.competency),
            tags: text(&f.tags),
            rule: AchievementRule::parse(&f.rule),
            course_id: number(&f.course_id),
            practice_count: number(&f.practice_count),
            valid_days: number(&f.valid_days),
        }
    }
}

/// Checks and records a badge; teachers whose past work meets its rule
/// earn it through a worker job (they may be many).
pub async fn define(state: &AppState, issuer: IssuerId, b: &BadgeInput) -> AppResult<achievement::Model> {
    let mut errors = FieldErrors::default();
    for (name, value) in [("name", &b.name), ("description", &b.description), ("criteria", &b.criteria)] {
        if value.is_empty() {
            errors.add(name, "error-required");
        }
    }
    if competencies::by_code(&b.competency).is_none() {
        errors.add("competency", "badge-competency-unknown");
    }
    match b.rule {
        Some(AchievementRule::Course) if b.course_id.is_none() => errors.add("course_id", "error-required"),
        Some(AchievementRule::Practice) if !b.practice_count.is_some_and(|c| (1..=50).contains(&c)) => {
            errors.add("practice_count", "badge-count-range")
        }
        Some(_) => {}
        None => errors.add("rule", "error-required"),
    }
    let course_id = b.course_id.filter(|_| b.rule == Some(AchievementRule::Course));
    if let Some(c) = course_id
        && crate::learning::store::course(&state.db, c).await?.is_none()
    {
        errors.add("course_id", "badge-course-unknown");
    }
    let Some(rule) = b.rule else { return Err(AppError::Validation(errors)) };
    errors.into_result()?;
    let a = store::insert_achievement(
        &state.db,
        achievement::ActiveModel {
            issuer_id: Set(issuer),
            endorser_id: Set(None),
            name: Set(b.name.clone()),
            description: Set(b.description.clone()),
            criteria: Set(b.criteria.clone()),
            competency: Set(b.competency.clone()),
            tags: Set(b.tags.clone()),
            rule: Set(rule),
            course_id: Set(course_id),
            practice_count: Set(b.practice_count.filter(|_| rule == AchievementRule::Practice)),
            valid_days: Set(b.valid_days.filter(|d| *d > 0)),
            endorsement: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        },
    )
    .await?;
    crate::web::page_parts::changed(state);
    crate::jobs::enqueue(&state.db, crate::jobs::JobKind::AwardPast, serde_json::json!({"achievement": a.id.0}))
        .await?;
    Ok(a)
}

/// The teacher a form names by phone or e-mail.
pub async fn teacher_named(state: &AppState, login: &str) -> AppResult<Account> {
    let unknown = || AppError::Validation(FieldErrors::one("teacher".into(), "badge-teacher-unknown"));
    let login = crate::accounts::model::Login::parse(login).ok_or_else(unknown)?;
    crate::accounts::store::find_by_login(&state.db, &login).await?.ok_or_else(unknown)
}

/// An issuer's person awards the badge with evidence (audit-logged); the
/// credential's public id.
pub async fn award_by_hand(
    state: &AppState,
    by: UserId,
    a: &achievement::Model,
    teacher: &str,
    narrative: &str,
    link: &str,
) -> AppResult<String> {
    let mut errors = FieldErrors::default();
    if narrative.is_empty() {
        errors.add("evidence", "badge-evidence-required");
    }
    if !(link.is_empty() || crate::web::fields::is_web_address(link)) {
        errors.add("evidence_url", "badge-evidence-url");
    }
    errors.into_result()?;
    let teacher = teacher_named(state, teacher).await?;
    let evidence = [Evidence {
        url: (!link.is_empty()).then(|| link.to_owned()),
        name: a.name.clone(),
        narrative: narrative.into(),
    }];
    match issuing::issue(state, a, teacher.id, &evidence, Some(by)).await? {
        Issued::New(c) => {
            let detail = serde_json::json!({"teacher": teacher.id.0, "achievement": a.id.0});
            crate::audit::store::record(&state.db, Some(by), "credential.award", c.id, detail).await?;
            Ok(c.public_id)
        }
        Issued::AlreadyHeld => Err(AppError::NotAllowed { code: "already_held", key: "badge-already-held" }),
    }
}
