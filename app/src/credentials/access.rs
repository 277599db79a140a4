//! Who may act for an issuer: administrators, and the people an
//! administrator named as the issuer's staff.

use super::store;
use crate::ids::IssuerId;
use crate::state::AppState;
use crate::web::role::Role;
use crate::web::{AppError, AppResult, CurrentUser};

pub async fn acts_for(state: &AppState, user: &CurrentUser, issuer: IssuerId) -> AppResult<bool> {
    Ok(user.role == Role::Admin || store::is_member(&state.db, issuer, user.id).await?)
}

pub async fn require(state: &AppState, user: &CurrentUser, issuer: IssuerId) -> AppResult<()> {
    if acts_for(state, user, issuer).await? { Ok(()) } else { Err(AppError::Forbidden) }
}
