//! What administrators and issuers' staff do: record an institution,
//! rotate its key, name its staff, define badges, award one by hand with
//! evidence, endorse another institution's badge, revoke with a reason.
//! Every form is CSRF-checked (`VerifiedForm`) and every action checks
//! that the person acts for the issuer concerned.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::post;

use super::badges::{self, BadgeInput};
use super::issuing::{self, IssuerInput};
use super::pages::{
    Form, achievement_html, answer, credential_by_public_id, issuer_html, issuer_of, issuers_html, verify_html,
};
use super::{access, store};
use crate::ids::{AchievementId, IssuerId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, field, number};
use crate::web::role::Role;
use crate::web::{AppError, AppResult, CurrentUser, Page};

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
        let who = badges::teacher_named(&state, field(&f, "teacher")).await?;
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
    let result =
        badges::define(&state, id, &BadgeInput::from_form(&f)).await.map(|a| format!("/achievements/{}", a.id.0));
    answer(result, async |e| issuer_html(&state, page, id, Form::refused(e, f)).await).await
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
    let (teacher, evidence, link) =
        (field(&f, "teacher"), field(&f, "evidence").trim(), field(&f, "evidence_url").trim());
    let result =
        badges::award_by_hand(&state, user.id, &a, teacher, evidence, link).await.map(|id| format!("/verify/{id}"));
    answer(result, async |e| achievement_html(&state, page, id, Form::refused(e, f)).await).await
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
