//! What administrators and issuers' staff do: record an institution,
//! rotate its key, name its staff, define badges, award one by hand with
//! evidence, endorse another institution's badge, revoke with a reason.
//! Every form is CSRF-checked (`VerifiedForm`) and every action checks
//! that the person acts for the issuer concerned.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use axum::routing::post;

use serde::{Deserialize, Serialize};

use super::badges::{self, BadgeForm, BadgeInput};
use super::issuing::{self, IssuerInput};
use super::model::number;
use super::pages::{
    achievement_html, credential_by_public_id, issuer_html, issuer_of, issuers_html, kept, verify_html,
};
use super::{access, store};
use crate::ids::{AchievementId, IssuerId};
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::redirect_or_again;
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

/// A teacher named by phone or e-mail (a new staff member).
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
struct MemberForm {
    teacher: String,
}

/// A badge awarded by hand: to whom, and the evidence.
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
struct AwardForm {
    teacher: String,
    evidence: String,
    evidence_url: String,
}

/// Endorsing a badge as one's own institution, saying why.
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
struct EndorseForm {
    endorser: String,
    comment: String,
}

/// Revoking a credential, with the reason.
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
struct RevokeForm {
    reason: String,
}

async fn create_issuer(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<IssuerInput>,
) -> AppResult<Response> {
    admin(&user)?;
    let result = issuing::create_issuer(&state, form.clone()).await.map(|i| format!("/issuers/{}", i.id.0));
    redirect_or_again(result, async |e| issuers_html(&state, page, kept(e, &form)).await).await
}

async fn rotate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Redirect> {
    admin(&user)?;
    issuer_of(&state, id).await?;
    issuing::rotate_key(&state, id).await?;
    crate::audit::store::record(&state.db, Some(user.id), "issuer.rotate_key", id, serde_json::json!({})).await?;
    Ok(Redirect::to(&format!("/issuers/{}", id.0)))
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(form): VerifiedForm<MemberForm>,
) -> AppResult<Response> {
    admin(&user)?;
    issuer_of(&state, id).await?;
    let result = async {
        let who = badges::teacher_named(&state, &form.teacher).await?;
        store::add_member(&state.db, id, who.id).await?;
        Ok(format!("/issuers/{}", id.0))
    }
    .await;
    redirect_or_again(result, async |e| issuer_html(&state, page, id, kept(e, &form)).await).await
}

async fn create_achievement(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IssuerId>,
    VerifiedForm(form): VerifiedForm<BadgeForm>,
) -> AppResult<Response> {
    issuer_of(&state, id).await?;
    access::require(&state, &user, id).await?;
    let result =
        badges::define(&state, id, &BadgeInput::from_form(&form)).await.map(|a| format!("/achievements/{}", a.id.0));
    redirect_or_again(result, async |e| issuer_html(&state, page, id, kept(e, &form)).await).await
}

async fn award(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AchievementId>,
    VerifiedForm(form): VerifiedForm<AwardForm>,
) -> AppResult<Response> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    access::require(&state, &user, a.issuer_id).await?;
    let (evidence, link) = (form.evidence.trim(), form.evidence_url.trim());
    let result = badges::award_by_hand(&state, user.id, &a, &form.teacher, evidence, link)
        .await
        .map(|id| format!("/verify/{id}"));
    redirect_or_again(result, async |e| achievement_html(&state, page, id, kept(e, &form)).await).await
}

async fn endorse(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AchievementId>,
    VerifiedForm(form): VerifiedForm<EndorseForm>,
) -> AppResult<Response> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let endorser: IssuerId = number(&form.endorser).map(IssuerId).ok_or(AppError::BadRequest("endorser"))?;
    if endorser == a.issuer_id {
        return Err(AppError::NotAllowed { code: "own_badge", key: "badge-endorse-own" });
    }
    access::require(&state, &user, endorser).await?;
    let e = issuer_of(&state, endorser).await?;
    let comment = form.comment.trim();
    let result = async {
        if comment.is_empty() {
            return Err(AppError::invalid("comment", "error-required"));
        }
        issuing::endorse(&state, &a, &e, comment).await?;
        store::set_endorser(&state.db, a.id, endorser).await?;
        crate::web::page_parts::changed(&state);
        Ok(format!("/achievements/{}", a.id.0))
    }
    .await;
    redirect_or_again(result, async |e| achievement_html(&state, page, id, kept(e, &form)).await).await
}

async fn revoke(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<String>,
    VerifiedForm(form): VerifiedForm<RevokeForm>,
) -> AppResult<Response> {
    let c = credential_by_public_id(&state, &id).await?;
    access::require(&state, &user, c.issuer_id).await?;
    let result = async {
        issuing::revoke(&state, &c, &form.reason).await?;
        let detail = serde_json::json!({"reason": form.reason});
        crate::audit::store::record(&state.db, Some(user.id), "credential.revoke", c.id, detail).await?;
        Ok(format!("/verify/{}", c.public_id))
    }
    .await;
    redirect_or_again(result, async |e| verify_html(&state, page, &id, kept(e, &form)).await).await
}
