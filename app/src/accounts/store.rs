//! SQL of accounts: users' identity, sessions and password resets.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveValue::NotSet, Condition, DatabaseConnection, QueryOrder, QuerySelect, Set};
use sha2::{Digest, Sha256};

use super::entity::{password_reset, session, user};
use super::model::{
    Account, Login, ResetChannel, Role, SessionKind, UserId, ValidRegistration, Verification, normalize_phone,
};
use crate::ids::{DistrictId, InstitutionId, PhotoId, ResetId, UpazilaId};
use crate::web::error::on_unique;
use crate::web::{AppError, AppResult, FieldErrors};

pub const SESSION_DAYS: i64 = 30;

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub async fn create_user(
    db: &DatabaseConnection,
    reg: &ValidRegistration,
    password_hash: String,
    role: Role,
    lang_code: &str,
) -> AppResult<Account> {
    let now = Utc::now();
    let row = user::ActiveModel {
        id: NotSet,
        name: Set(reg.name.clone()),
        name_key: Set(bangla::search_key(&reg.name)),
        phone: Set(reg.phone.clone()),
        email: Set(reg.email.clone()),
        password_hash: Set(password_hash),
        role: Set(role),
        lang: Set(lang_code.to_owned()),
        data_saver: Set(None),
        designation: Set(None),
        institution_id: Set(None),
        district_id: Set(None),
        upazila_id: Set(None),
        level_code: Set(None),
        bio: Set(None),
        photo_id: Set(None),
        verification: Set(Verification::Unverified),
        verification_note: Set(None),
        verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    // Which of the two unique values clashed is told apart before inserting;
    // the constraint still guards against a race between two sign-ups.
    if let Some(phone) = &reg.phone
        && user::Entity::find().filter(user::Column::Phone.eq(phone)).one(db).await?.is_some()
    {
        return Err(AppError::Conflict(FieldErrors::one("phone".into(), "field-phone-taken")));
    }
    if let Some(email) = &reg.email
        && user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.is_some()
    {
        return Err(AppError::Conflict(FieldErrors::one("email".into(), "field-email-taken")));
    }
    row.insert(db).await.map_err(|e| on_unique(e, "phone", "field-phone-taken"))
}

pub async fn find_by_login(db: &DatabaseConnection, login: &Login) -> Result<Option<Account>, DbErr> {
    let filter = match login {
        Login::Phone(p) => user::Column::Phone.eq(p.as_str()),
        Login::Email(e) => user::Column::Email.eq(e.as_str()),
    };
    user::Entity::find().filter(filter).one(db).await
}

/// Names of several accounts in one query.
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: &[UserId],
) -> Result<std::collections::HashMap<UserId, String>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Everyone whose profile names this school, by name.
pub async fn of_institution(db: &impl ConnectionTrait, institution: InstitutionId) -> Result<Vec<Account>, DbErr> {
    user::Entity::find()
        .filter(user::Column::InstitutionId.eq(institution.0))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await
}

/// The head teachers of these schools, in one query.
pub async fn heads_of(db: &impl ConnectionTrait, schools: &[InstitutionId]) -> Result<Vec<Account>, DbErr> {
    // A head teacher a moderator verified at the school, not one who names it.
    user::Entity::find()
        .filter(user::Column::Role.eq(Role::HeadTeacher))
        .filter(user::Column::Verification.eq(Verification::Verified))
        .filter(user::Column::InstitutionId.is_in(schools.iter().map(|s| s.0)))
        .all(db)
        .await
}

/// The accounts among `ids`, in one query.
pub async fn find_many(db: &impl ConnectionTrait, ids: &[UserId]) -> Result<Vec<Account>, DbErr> {
    user::Entity::find().filter(user::Column::Id.is_in(ids.iter().map(|i| i.0))).all(db).await
}

pub async fn find(db: &DatabaseConnection, id: UserId) -> Result<Option<Account>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// Starts a session and returns its token (only its hash is stored).
pub async fn create_session(db: &DatabaseConnection, user: UserId, kind: SessionKind) -> Result<String, DbErr> {
    let token = random_token();
    let now = Utc::now();
    session::ActiveModel {
        id: NotSet,
        token_hash: Set(token_hash(&token)),
        user_id: Set(user),
        kind: Set(kind),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn end_session(db: &DatabaseConnection, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::TokenHash.eq(token_hash(token))).exec(db).await?;
    Ok(())
}

pub async fn end_all_sessions(db: &impl ConnectionTrait, user: UserId) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::UserId.eq(user.0)).exec(db).await?;
    Ok(())
}

/// The account behind a live session token, in one query: id, name, role,
/// language code and data-saver choice.
pub async fn signed_in(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<(UserId, String, Role, String, Option<bool>)>, DbErr> {
    let live_session = Query::select()
        .column(session::Column::UserId)
        .from(session::Entity)
        .and_where(session::Column::TokenHash.eq(token_hash(token)))
        .and_where(session::Column::ExpiresAt.gt(Utc::now()))
        .to_owned();
    user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Name,
            user::Column::Role,
            user::Column::Lang,
            user::Column::DataSaver,
        ])
        .filter(user::Column::Id.in_subquery(live_session))
        .into_tuple()
        .one(db)
        .await
}

pub async fn set_password(db: &impl ConnectionTrait, user: UserId, password_hash: String) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_role(db: &impl ConnectionTrait, user: UserId, role: Role) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// When the account was made. Only the demo sets it: its invented people
/// have used the portal for months, and a week-old account gets a new
/// account's limits.
pub async fn set_joined(db: &impl ConnectionTrait, user: UserId, at: chrono::DateTime<Utc>) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::CreatedAt, Expr::value(at))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Everyone with `role`, by name (at most `limit`).
pub async fn with_role(db: &DatabaseConnection, role: Role, limit: u64) -> Result<Vec<Account>, DbErr> {
    user::Entity::find().filter(user::Column::Role.eq(role)).order_by_asc(user::Column::Name).limit(limit).all(db).await
}

/// Accounts whose name, phone or e-mail contains `text`, newest first.
pub async fn search(db: &DatabaseConnection, text: &str, limit: u64) -> Result<Vec<Account>, DbErr> {
    let mut q = user::Entity::find();
    let key = bangla::search_key(text);
    if !key.is_empty() {
        let phone = normalize_phone(text).unwrap_or_else(|| key.clone());
        q = q.filter(
            Condition::any()
                .add(user::Column::NameKey.contains(&key))
                .add(user::Column::Email.contains(&key))
                .add(user::Column::Phone.contains(&phone)),
        );
    }
    q.order_by_desc(user::Column::Id).limit(limit).all(db).await
}

/// Removes expired sessions and resets.
pub async fn prune_expired(db: &DatabaseConnection) -> Result<(), DbErr> {
    let now = Utc::now();
    session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(now)).exec(db).await?;
    password_reset::Entity::delete_many()
        .filter(password_reset::Column::ExpiresAt.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn create_reset(
    db: &DatabaseConnection,
    user: UserId,
    code: &str,
    channel: ResetChannel,
    valid_for: Duration,
) -> Result<(), DbErr> {
    let now = Utc::now();
    // A new code replaces any earlier one still open.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::UserId.eq(user.0))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    password_reset::ActiveModel {
        id: NotSet,
        user_id: Set(user),
        code_hash: Set(token_hash(code)),
        channel: Set(channel),
        failed_attempts: Set(0),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest open reset of a user, if it has not expired.
pub async fn open_reset(db: &DatabaseConnection, user: UserId) -> Result<Option<password_reset::Model>, DbErr> {
    password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(user.0))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(password_reset::Column::Id)
        .one(db)
        .await
}

/// Counts one attempt at a reset code, in one statement, before the code
/// is compared: false when the tries are used up. Parallel guesses each
/// take a try, so no more than `max` can ever be compared.
pub async fn take_reset_attempt(db: &DatabaseConnection, reset_id: ResetId, max: i32) -> Result<bool, DbErr> {
    let reset_id = reset_id.0;
    let done = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::FailedAttempts, Expr::col(password_reset::Column::FailedAttempts).add(1))
        .filter(password_reset::Column::Id.eq(reset_id))
        .filter(password_reset::Column::FailedAttempts.lt(max))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Marks a reset used; false if someone else used it first (no replay).
pub async fn use_reset(db: &impl ConnectionTrait, reset_id: ResetId) -> Result<bool, DbErr> {
    let reset_id = reset_id.0;
    let done = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Utc::now()))
        .filter(password_reset::Column::Id.eq(reset_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The profile columns of `users`, as the profiles feature checked them.
pub struct ProfileColumns {
    pub designation: Option<String>,
    pub institution_id: Option<InstitutionId>,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
    pub level_code: Option<String>,
    pub bio: Option<String>,
    pub verification: Verification,
}

/// Writes a profile's columns (called by `profiles`, inside its transaction).
pub async fn save_profile_columns(db: &impl ConnectionTrait, user: UserId, p: ProfileColumns) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Designation, Expr::value(p.designation))
        .col_expr(user::Column::InstitutionId, Expr::value(p.institution_id))
        .col_expr(user::Column::DistrictId, Expr::value(p.district_id))
        .col_expr(user::Column::UpazilaId, Expr::value(p.upazila_id))
        .col_expr(user::Column::LevelCode, Expr::value(p.level_code))
        .col_expr(user::Column::Bio, Expr::value(p.bio))
        .col_expr(user::Column::Verification, Expr::value(p.verification))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_photo(db: &impl ConnectionTrait, user: UserId, photo_id: PhotoId) -> Result<(), DbErr> {
    let photo_id = photo_id.0;
    user::Entity::update_many()
        .col_expr(user::Column::PhotoId, Expr::value(photo_id))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a verification decision on a profile that is still `pending` and,
/// when `version` is given, unchanged since that version (its `updated_at`
/// in milliseconds). False when either no longer holds.
pub async fn decide_verification(
    db: &impl ConnectionTrait,
    user: UserId,
    version: Option<i64>,
    status: Verification,
    note: Option<String>,
    verified_at: Option<chrono::DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let current = user::Entity::find_by_id(user).one(db).await?;
    let Some(current) = current else { return Ok(false) };
    if version.is_some_and(|v| v != current.updated_at.timestamp_millis()) {
        return Ok(false);
    }
    let done = user::Entity::update_many()
        .col_expr(user::Column::Verification, Expr::value(status))
        .col_expr(user::Column::VerificationNote, Expr::value(note))
        .col_expr(user::Column::VerifiedAt, Expr::value(verified_at))
        .filter(user::Column::Id.eq(user.0))
        .filter(user::Column::Verification.eq(Verification::Pending))
        .filter(user::Column::UpdatedAt.eq(current.updated_at))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Everyone a moderator verified at this school, by name: the school's
/// members for what it keeps to itself (journals, board, circle).
pub async fn verified_at(db: &impl ConnectionTrait, school: InstitutionId) -> Result<Vec<Account>, DbErr> {
    user::Entity::find()
        .filter(user::Column::InstitutionId.eq(school.0))
        .filter(user::Column::Verification.eq(Verification::Verified))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await
}

/// The newest verified teachers, for the home page.
pub async fn newest_verified(db: &DatabaseConnection, limit: u64) -> Result<Vec<Account>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Verification.eq(Verification::Verified))
        .order_by_desc(user::Column::VerifiedAt)
        .limit(limit)
        .all(db)
        .await
}

/// The roles of classroom teachers (not staff).
fn teaching_roles() -> impl Iterator<Item = Role> {
    Role::ALL.iter().copied().filter(|r| r.teaches())
}

/// How many teachers there are, and how many of them are verified: one
/// pass over the accounts (it reads every row; callers keep the answer).
pub async fn count_teachers(db: &DatabaseConnection) -> Result<(u64, u64), DbErr> {
    let teaching = || user::Column::Role.is_in(teaching_roles());
    let verified = Condition::all().add(teaching()).add(user::Column::Verification.eq(Verification::Verified));
    let counted: Option<(i64, i64)> = user::Entity::find()
        .select_only()
        .expr_as(Expr::expr(Expr::case(teaching(), 1)).count(), "teachers")
        .expr_as(Expr::expr(Expr::case(verified, 1)).count(), "verified")
        .into_tuple()
        .one(db)
        .await?;
    let (all, verified) = counted.unwrap_or_default();
    Ok((all as u64, verified as u64))
}

/// How many districts have at least one account. Walks the district index
/// from one district to the next (about 65 index lookups), never the
/// accounts themselves: the same on SQLite and PostgreSQL.
pub async fn count_districts_reached(db: &DatabaseConnection) -> Result<u64, DbErr> {
    const SQL: &str = "WITH RECURSIVE reached(id) AS (\
        SELECT MIN(district_id) FROM users \
        UNION ALL \
        SELECT (SELECT MIN(u.district_id) FROM users u WHERE u.district_id > reached.id) \
        FROM reached WHERE reached.id IS NOT NULL) \
        SELECT COUNT(id) AS reached FROM reached";
    let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), SQL)).await?;
    let reached: i64 = match row {
        Some(r) => r.try_get("", "reached")?,
        None => 0,
    };
    Ok(reached as u64)
}

/// Verified teachers (not staff), oldest account first.
pub async fn verified_teacher_ids(db: &DatabaseConnection) -> Result<Vec<UserId>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Verification.eq(Verification::Verified))
        .filter(user::Column::Role.is_in(teaching_roles()))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// Teachers waiting for verification, oldest change first.
pub async fn pending(db: &DatabaseConnection, limit: u64) -> Result<Vec<Account>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Verification.eq(Verification::Pending))
        .order_by_asc(user::Column::UpdatedAt)
        .limit(limit)
        .all(db)
        .await
}

/// Where each teacher (not staff) of a place is: her district, upazila and
/// school as her profile names them. Only those of `district`, `upazila`
/// and `school` where given (all given must hold); everyone's without.
pub async fn teacher_places(
    db: &DatabaseConnection,
    district: Option<DistrictId>,
    upazila: Option<UpazilaId>,
    school: Option<InstitutionId>,
) -> Result<Vec<(UserId, Option<DistrictId>, Option<UpazilaId>, Option<InstitutionId>)>, DbErr> {
    let mut q = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DistrictId)
        .column(user::Column::UpazilaId)
        .column(user::Column::InstitutionId)
        .filter(user::Column::Role.is_in(teaching_roles()));
    if let Some(d) = district {
        q = q.filter(user::Column::DistrictId.eq(d.0));
    }
    if let Some(u) = upazila {
        q = q.filter(user::Column::UpazilaId.eq(u.0));
    }
    if let Some(s) = school {
        q = q.filter(user::Column::InstitutionId.eq(s.0));
    }
    q.into_tuple().all(db).await
}
