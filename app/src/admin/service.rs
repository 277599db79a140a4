//! Role changes and the account list administrators search.

use sea_orm::TransactionTrait;

use crate::accounts::model::{Role, UserId};
use crate::accounts::store as accounts;
use crate::audit;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// Gives `target` a new role; an administrator cannot demote themself, so
/// the portal never loses its last administrator by accident.
pub async fn set_role(state: &AppState, admin: &CurrentUser, target: UserId, role: Role) -> AppResult<()> {
    admin.require_admin()?;
    if target == admin.id && role != Role::Admin {
        return Err(AppError::BadRequest("administrators cannot demote themselves"));
    }
    let current = accounts::find(&state.db, target).await?.ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    accounts::set_role(&txn, target, role).await?;
    let detail = serde_json::json!({ "from": current.role, "to": role.as_str() });
    audit::record(&txn, Some(admin.id), "user.role", target, detail).await?;
    txn.commit().await?;
    crate::accounts::session::cache(state).forget_user(target);
    Ok(())
}

/// One line of the administrators' account list.
pub struct AccountRow {
    pub id: UserId,
    pub name: String,
    pub login: String,
    pub role: Role,
}

impl AccountRow {
    pub fn has_role(&self, role: &Role) -> bool {
        self.role == *role
    }
}

/// Accounts whose name, phone or e-mail matches `q` (administrators only).
pub async fn find_accounts(state: &AppState, admin: &CurrentUser, q: &str) -> AppResult<Vec<AccountRow>> {
    admin.require_admin()?;
    let found = accounts::search(&state.db, q, 50).await?;
    Ok(found
        .into_iter()
        .map(|u| AccountRow { id: u.id, login: u.phone.or(u.email).unwrap_or_default(), role: u.role, name: u.name })
        .collect())
}
