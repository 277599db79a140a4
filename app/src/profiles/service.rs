//! Reading and saving profiles, shared by the pages and the API.

use crate::accounts::model::{Account, UserId};
use crate::accounts::store as accounts;
use crate::curriculum::store as curriculum;
use crate::ids::InstitutionId;
use crate::institutions::store as institutions;
use crate::places::store as places;
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

use super::model::{InstitutionRef, Named, Profile, ProfileInput, Verification};
use super::store::{self, ProfileUpdate};

pub fn photo_url(photo_id: Option<crate::ids::PhotoId>) -> Option<String> {
    photo_id.map(|id| format!("/photos/{id}.jpg"))
}

/// The school `u` belongs to as far as others may rely on it: her
/// profile's, once a moderator verified her there. A school she only names
/// (pending, rejected) gives her nothing of the school's.
pub fn verified_school(u: &Account) -> Option<InstitutionId> {
    u.verified_school()
}

/// A fingerprint of an account row: a change to any of its columns (her
/// profile, photo, role, verification) changes it.
pub fn stamp(u: &Account) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    format!("{u:?}").hash(&mut h);
    h.finish()
}

/// The profile of account `id`, with names of its places and subjects.
pub async fn load(state: &AppState, id: UserId) -> AppResult<Profile> {
    let u = accounts::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    from_user(state, u).await
}

pub async fn from_user(state: &AppState, u: Account) -> AppResult<Profile> {
    let db = &state.db;
    let id = u.id;
    let institution = match u.institution_id {
        Some(i) => institutions::by_id(db, i).await?.map(|i| InstitutionRef { id: i.id, eiin: i.eiin, name: i.name }),
        None => None,
    };
    // Places are reference data, kept in memory.
    let places = crate::places::memory::current(state).await?;
    let district = u.district_id.and_then(|d| places.district(d)).map(|d| Named {
        id: d.id.0,
        name_en: d.name_en.clone(),
        name_bn: d.name_bn.clone(),
    });
    let upazila = u.upazila_id.and_then(|x| places.upazila(x)).map(|x| Named {
        id: x.id.0,
        name_en: x.name_en.clone(),
        name_bn: x.name_bn.clone(),
    });
    let level = match &u.level_code {
        Some(code) => crate::curriculum::memory::current(state)
            .await?
            .levels
            .iter()
            .find(|l| &l.code == code)
            .map(|l| Named { id: l.id.0, name_en: l.name_en.clone(), name_bn: l.name_bn.clone() }),
        None => None,
    };
    let store::Teaching { classes, codes, .. } = store::teaching_of(db, id).await?;
    let subjects = curriculum::subject_codes(db)
        .await?
        .into_iter()
        .filter(|s| codes.contains(&s.code))
        .map(|s| Named { id: s.id.0, name_en: s.name_en, name_bn: s.name_bn })
        .collect();
    Ok(Profile {
        id,
        name: u.name,
        role: u.role,
        verification: u.verification,
        verification_note: u.verification_note,
        photo_url: photo_url(u.photo_id),
        reputation: crate::questions::reputation::total(db, id).await?,
        designation: u.designation,
        institution,
        district,
        upazila,
        level,
        classes,
        subjects,
        bio: u.bio,
        member_since: u.created_at,
        version: u.updated_at.timestamp_millis(),
    })
}

/// Checks a profile against the reference data and saves it. A teacher
/// whose profile names an institution and a designation joins the
/// moderators' queue; changing the institution of a verified profile puts
/// it back in the queue, since the verification was for that school.
pub async fn save(state: &AppState, id: UserId, input: &ProfileInput) -> AppResult<()> {
    let db = &state.db;
    let current = accounts::find(db, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    input.check_shape(&mut errors);
    check_places(state, input, &mut errors).await?;
    let level_code = input.level.clone().filter(|l| !l.is_empty());
    check_curriculum(state, input, level_code.as_deref(), &mut errors).await?;
    let institution_id = institution_named(state, input, &mut errors).await?;
    errors.into_result()?;

    let designation = Some(bangla::normalize(&input.designation)).filter(|d| !d.is_empty());
    let verification = verification_after(&current, institution_id, designation.as_deref());
    let mut classes = input.classes.clone();
    classes.sort_unstable();
    classes.dedup();
    let mut subjects = input.subjects.clone();
    subjects.sort();
    subjects.dedup();
    let update = ProfileUpdate {
        designation,
        institution_id,
        district_id: input.district_id,
        upazila_id: input.upazila_id,
        level_code,
        classes,
        subjects,
        bio: Some(input.bio.trim().to_owned()).filter(|b| !b.is_empty()),
        verification,
    };
    store::save(db, id, update).await?;
    crate::jobs::search_later(db, id).await?;
    Ok(())
}

/// The district exists and the upazila lies in it.
async fn check_places(state: &AppState, input: &ProfileInput, errors: &mut FieldErrors) -> AppResult<()> {
    let db = &state.db;
    if let Some(d) = input.district_id
        && places::district(db, d).await?.is_none()
    {
        errors.add("district_id", "field-district-invalid");
    }
    if let Some(u) = input.upazila_id {
        match places::upazila(db, u).await? {
            Some(x) if Some(x.district_id) == input.district_id => {}
            _ => errors.add("upazila_id", "field-upazila-invalid"),
        }
    }
    Ok(())
}

/// The level and the subjects are the curriculum's.
async fn check_curriculum(
    state: &AppState,
    input: &ProfileInput,
    level_code: Option<&str>,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    let db = &state.db;
    if let Some(code) = level_code
        && !curriculum::levels(db).await?.iter().any(|l| l.code == code)
    {
        errors.add("level", "field-level-invalid");
    }
    let known: Vec<String> = curriculum::subject_codes(db).await?.into_iter().map(|s| s.code).collect();
    if input.subjects.iter().any(|s| !known.contains(s)) {
        errors.add("subjects", "field-subject-invalid");
    }
    Ok(())
}

/// The institution typed: an EIIN, or a name that is one institution's
/// (exactly, or the only one found) in the chosen place.
async fn institution_named(
    state: &AppState,
    input: &ProfileInput,
    errors: &mut FieldErrors,
) -> AppResult<Option<InstitutionId>> {
    let db = &state.db;
    let typed = bangla::normalize(&input.institution);
    if typed.is_empty() {
        return Ok(None);
    }
    if let Ok(eiin) = bangla::to_ascii_digits(&typed).parse::<i64>() {
        let found = institutions::by_eiin(db, eiin).await?;
        if found.is_none() {
            errors.add("institution", "field-eiin-unknown");
        }
        return Ok(found.map(|i| i.id));
    }
    let found = institutions::search(db, &typed, input.district_id, input.upazila_id, 5).await?;
    let key = bangla::search_key(&typed);
    let exact: Vec<_> = found.iter().filter(|i| i.name_key == key).collect();
    match (exact.as_slice(), found.as_slice()) {
        ([one], _) => Ok(Some(one.id)),
        ([], [one]) => Ok(Some(one.id)),
        ([], []) => {
            errors.add("institution", "field-institution-unknown");
            Ok(None)
        }
        _ => {
            errors.add("institution", "field-institution-ambiguous");
            Ok(None)
        }
    }
}

/// Where the profile stands after an edit. A verification vouches for this
/// school and this post (and a refusal refused them): a change of either
/// sends the profile back to the moderators.
fn verification_after(
    current: &Account,
    institution_id: Option<InstitutionId>,
    designation: Option<&str>,
) -> Verification {
    let unchanged = institution_id == current.institution_id && designation == current.designation.as_deref();
    match current.verification {
        Verification::Verified | Verification::Rejected if unchanged => current.verification,
        _ if institution_id.is_some() && designation.is_some() => Verification::Pending,
        _ => Verification::Unverified,
    }
}

/// Records a moderator's verification decision on `teacher`'s profile, if
/// it is still waiting and unchanged since `version` (when given). The
/// caller's transaction also holds the audit entry. False when the profile
/// is no longer the one the moderator saw.
pub async fn set_verification(
    txn: &impl sea_orm::ConnectionTrait,
    teacher: UserId,
    version: Option<i64>,
    outcome: Verification,
    note: Option<String>,
) -> AppResult<bool> {
    let verified_at = (outcome == Verification::Verified).then(chrono::Utc::now);
    let decided = accounts::decide_verification(txn, teacher, version, outcome, note, verified_at).await?;
    crate::jobs::search_later(txn, teacher).await?;
    Ok(decided)
}
