//! Assigning officers their places (an administrator, or an operator from
//! the command line) and reading an officer's reach.

use chrono::Utc;
use sea_orm::{DatabaseConnection, TransactionTrait};

use super::entity::assignment;
use super::model::{OfficerPlace, PlaceInput, Reach, Scope};
use super::store;
use crate::accounts::model::Account;
use crate::accounts::store as accounts;
use crate::ids::{DistrictId, UpazilaId, UserId};
use crate::items::ItemKind;
use crate::places::model::District;
use crate::places::store as places;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, Lang, Role};

/// How many officers the administrators' page lists.
const LISTED: u64 = 500;

/// `officer`'s reach, if an administrator has assigned her a place.
pub async fn reach_if_any(state: &AppState, officer: UserId) -> AppResult<Option<Reach>> {
    Ok(store::find(&state.db, officer).await?.as_ref().and_then(Reach::of))
}

/// `officer`'s reach; refused, saying why, while she has no assigned place
/// (never the nation by default).
pub async fn reach(state: &AppState, officer: UserId) -> AppResult<Reach> {
    reach_if_any(state, officer)
        .await?
        .ok_or(AppError::NotAllowed { code: "no_assignment", key: "officer-no-assignment" })
}

/// The district and upazila to store for `input`, checked against the
/// reference data (an upazila brings its district).
async fn checked(db: &DatabaseConnection, input: &PlaceInput) -> AppResult<(Option<DistrictId>, Option<UpazilaId>)> {
    match input.scope {
        Scope::Nation => Ok((None, None)),
        Scope::District => {
            let d = input.district_id.ok_or_else(|| AppError::invalid("district_id", "officer-district-needed"))?;
            places::district(db, d).await?.ok_or_else(|| AppError::invalid("district_id", "field-district-invalid"))?;
            Ok((Some(d), None))
        }
        Scope::Upazila => {
            let u = input.upazila_id.ok_or_else(|| AppError::invalid("upazila_id", "officer-upazila-needed"))?;
            let found = places::upazila(db, u).await?;
            match found {
                Some(x) if input.district_id.is_none_or(|d| d == x.district_id) => Ok((Some(x.district_id), Some(u))),
                _ => Err(AppError::invalid("upazila_id", "field-upazila-invalid")),
            }
        }
    }
}

/// Writes the place and its audit entry in one transaction.
async fn save(
    db: &DatabaseConnection,
    actor: Option<UserId>,
    officer: &Account,
    input: &PlaceInput,
) -> AppResult<OfficerPlace> {
    if officer.role != Role::Officer {
        return Err(AppError::invalid("scope", "officer-not-an-officer"));
    }
    let (district_id, upazila_id) = checked(db, input).await?;
    let row = assignment::Model {
        officer_id: officer.id,
        scope: input.scope,
        district_id,
        upazila_id,
        assigned_by: actor,
        assigned_at: Utc::now(),
    };
    let detail = serde_json::json!({
        "scope": input.scope,
        "district": district_id.map(|d| d.0),
        "upazila": upazila_id.map(|u| u.0),
    });
    let txn = db.begin().await?;
    store::put(&txn, row.clone()).await?;
    crate::audit::record(&txn, actor, "officer.assign", officer.id, detail).await?;
    txn.commit().await?;
    Ok(OfficerPlace::of(row))
}

/// An administrator assigns `officer` her place (replacing the one she had).
pub async fn assign(
    state: &AppState,
    admin: &CurrentUser,
    officer: UserId,
    input: &PlaceInput,
) -> AppResult<OfficerPlace> {
    admin.require_admin()?;
    let target = accounts::find(&state.db, officer).await?.ok_or(AppError::NotFound)?;
    save(&state.db, Some(admin.id), &target, input).await
}

/// An operator assigns a place from the command line (`batayon user add`).
pub async fn assign_by_operator(
    db: &DatabaseConnection,
    officer: UserId,
    input: &PlaceInput,
) -> AppResult<OfficerPlace> {
    let target = accounts::find(db, officer).await?.ok_or(AppError::NotFound)?;
    save(db, None, &target, input).await
}

/// An administrator takes an officer's place away: she has no reach after.
pub async fn withdraw(state: &AppState, admin: &CurrentUser, officer: UserId) -> AppResult<()> {
    admin.require_admin()?;
    let txn = state.db.begin().await?;
    if store::remove(&txn, officer).await? {
        let subject = ItemKind::Teacher;
        crate::audit::record(
            &txn,
            Some(admin.id),
            "officer.withdraw",
            crate::items::ItemRef::new(subject, officer.0),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// `officer`'s place, for administrators.
pub async fn place_of(state: &AppState, admin: &CurrentUser, officer: UserId) -> AppResult<Option<OfficerPlace>> {
    admin.require_admin()?;
    Ok(store::find(&state.db, officer).await?.map(OfficerPlace::of))
}

/// One officer on the administrators' page, her place named.
pub struct OfficerLine {
    pub id: UserId,
    pub name: String,
    pub login: String,
    pub place: Option<String>,
}

/// The officers, by name, with their places (administrators only).
pub async fn officers(state: &AppState, admin: &CurrentUser, lang: Lang) -> AppResult<Vec<OfficerLine>> {
    admin.require_admin()?;
    let people = accounts::with_role(&state.db, Role::Officer, LISTED).await?;
    let ids: Vec<UserId> = people.iter().map(|u| u.id).collect();
    let assigned = store::of_officers(&state.db, &ids).await?;
    let districts = crate::places::memory::districts(state).await?;
    Ok(people
        .into_iter()
        .map(|u| {
            let reach = assigned.iter().find(|a| a.officer_id == u.id).and_then(Reach::of);
            OfficerLine {
                id: u.id,
                place: reach.map(|r| place_name(r, &districts, lang)),
                login: u.phone.or(u.email).unwrap_or_default(),
                name: u.name,
            }
        })
        .collect())
}

/// "Chilmari, Kurigram", "Kurigram" or "Bangladesh", in `lang`.
pub fn place_name(reach: Reach, districts: &[District], lang: Lang) -> String {
    let district = |d: DistrictId| districts.iter().find(|x| x.id == d);
    match reach {
        Reach::Nation => lang.t("officer-scope-nation"),
        Reach::District(d) => district(d).map(|x| x.name(&lang).to_owned()).unwrap_or_default(),
        Reach::Upazila(d, u) => {
            let Some(x) = district(d) else { return String::new() };
            let upazila = x.upazilas.iter().find(|y| y.id == u).map(|y| y.name(&lang)).unwrap_or_default();
            format!("{upazila}, {}", x.name(&lang))
        }
    }
}
