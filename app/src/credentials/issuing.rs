//! Issuing: institutions and their keys (made, rotated), credentials
//! signed and stored once, endorsements, revocation, and the signed
//! status list that tells verifiers what was revoked.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{Set, TransactionTrait};
use serde_json::Value;

use super::document::{self, Award, Compact, Evidence};
use super::entity::{achievement, credential, issuer, key};
use super::{keystore, store};
use crate::ids::{IssuerId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{e}"))
}

/// An institution as an administrator records it (the form's fields).
#[derive(Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct IssuerInput {
    pub short_name: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub website: String,
    pub email: String,
}

/// Records the institution and makes its first signing key.
pub async fn create_issuer(state: &AppState, input: IssuerInput) -> AppResult<issuer::Model> {
    let mut errors = FieldErrors::default();
    if input.short_name.trim().is_empty() {
        errors.add("short_name", "error-required");
    }
    if input.name.trim().is_empty() {
        errors.add("name", "error-required");
    }
    let website = input.website.trim();
    if !website.is_empty() && !crate::web::fields::is_web_address(website) {
        errors.add("website", "field-url-invalid");
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    let i = store::insert_issuer(
        &txn,
        issuer::ActiveModel {
            short_name: Set(input.short_name.trim().to_owned()),
            name: Set(input.name.trim().to_owned()),
            name_en: Set(input.name_en.trim().to_owned()),
            description: Set(input.description.trim().to_owned()),
            website: Set(input.website.trim().to_owned()),
            email: Set(input.email.trim().to_owned()),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    )
    .await?;
    add_key(state, &txn, i.id, 1).await?;
    txn.commit().await?;
    crate::web::page_parts::changed(state);
    Ok(i)
}

async fn add_key(state: &AppState, db: &impl sea_orm::ConnectionTrait, issuer: IssuerId, number: i32) -> AppResult<()> {
    // The private key is on disk before its public half is published.
    let pair = keystore::create(&state.config.keys_dir, issuer, number).map_err(internal)?;
    let public_multibase = pair.public_multibase();
    let row = key::Model {
        id: 0,
        issuer_id: issuer,
        number,
        public_multibase: public_multibase.clone(),
        created_at: Utc::now(),
        retired_at: None,
    };
    if let Err(e) = store::add_key(db, row).await {
        // Another rotation took this number first: its key stays, ours goes.
        keystore::discard(&state.config.keys_dir, issuer, number, &public_multibase);
        return Err(crate::web::error::on_unique(e, "key", "issuer-key-rotated-meanwhile"));
    }
    Ok(())
}

/// A new key signs from now on; the old ones stay published, so every
/// credential signed before still verifies.
pub async fn rotate_key(state: &AppState, issuer: IssuerId) -> AppResult<i32> {
    let txn = state.db.begin().await?;
    // Writing first makes SQLite take its write lock now, and makes a second
    // rotation on PostgreSQL wait on the retired rows: the number read next
    // is then the latest, and the two rotations follow one another.
    store::retire_keys(&txn, issuer, Utc::now()).await?;
    let number = store::keys_of(&txn, issuer).await?.iter().map(|k| k.number).max().unwrap_or(0) + 1;
    add_key(state, &txn, issuer, number).await?;
    txn.commit().await?;
    Ok(number)
}

pub async fn signing_key(state: &AppState, issuer: IssuerId) -> AppResult<(i32, vc::Keypair)> {
    let keys = store::keys_of(&state.db, issuer).await?;
    let k = keys.iter().rev().find(|k| k.retired_at.is_none()).ok_or_else(|| internal("issuer has no active key"))?;
    let pair = keystore::load(&state.config.keys_dir, issuer, k.number, &k.public_multibase).map_err(internal)?;
    Ok((k.number, pair))
}

fn sign(
    state: &AppState,
    doc: &Value,
    issuer: IssuerId,
    number: i32,
    pair: &vc::Keypair,
    at: DateTime<Utc>,
) -> AppResult<Value> {
    let options = vc::ProofOptions {
        created: document::stamp(at),
        verification_method: document::key_id(&state.config.public_url, issuer, number),
        proof_purpose: "assertionMethod".into(),
    };
    vc::sign(doc, &options, pair).map_err(internal)
}

/// A second institution endorses a badge: its signed EndorsementCredential
/// travels inside the badge's achievement from then on.
pub async fn endorse(
    state: &AppState,
    a: &achievement::Model,
    endorser: &issuer::Model,
    comment: &str,
) -> AppResult<()> {
    let now = Utc::now();
    let doc = document::endorsement(&state.config.public_url, endorser, a, comment, now);
    let (number, pair) = signing_key(state, endorser.id).await?;
    let signed = sign(state, &doc, endorser.id, number, &pair, now)?;
    store::set_endorsement(&state.db, a.id, signed.to_string()).await?;
    crate::web::page_parts::changed(state);
    Ok(())
}

pub enum Issued {
    New(Box<credential::Model>),
    AlreadyHeld,
}

/// Signs and stores the badge for the teacher, once.
///
/// The row is written first, so that the database hands out its id (which
/// is also the credential's bit in the issuer's status list: unique without
/// a read-then-write race, and under SQLite the transaction takes the write
/// lock at its first statement, waiting its turn instead of failing); the
/// signed document, which names that bit, is filled in before commit.
pub async fn issue(
    state: &AppState,
    a: &achievement::Model,
    recipient: UserId,
    evidence: &[Evidence],
    awarded_by: Option<UserId>,
) -> AppResult<Issued> {
    let url = &state.config.public_url;
    let teacher = crate::accounts::store::find(&state.db, recipient).await?.ok_or(AppError::NotFound)?;
    let issuer = store::issuer(&state.db, a.issuer_id).await?.ok_or(AppError::NotFound)?;
    let (number, pair) = signing_key(state, issuer.id).await?;
    let now = Utc::now();
    let expires = a.valid_days.map(|d| now + Duration::days(d as i64));
    let public_id = uuid_v4();
    let txn = state.db.begin().await?;
    let row = credential::ActiveModel {
        public_id: Set(public_id.clone()),
        achievement_id: Set(a.id),
        recipient_id: Set(recipient),
        issuer_id: Set(issuer.id),
        key_number: Set(number),
        status_index: Set(0),
        document: Set(String::new()),
        compact: Set(String::new()),
        evidence_note: Set(evidence.iter().map(|e| e.narrative.as_str()).collect::<Vec<_>>().join("\n")),
        awarded_by: Set(awarded_by),
        public: Set(true),
        issued_at: Set(now),
        expires_at: Set(expires),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        check_number: Set(rand::random_range(0..1_000_000)),
        ..Default::default()
    };
    // The unique (badge, teacher) index answers "already held", race or not.
    let Some(id) = store::insert_unless_held(&txn, row, a.id, recipient).await? else {
        return Ok(Issued::AlreadyHeld);
    };
    let status_index = id.0;
    let award = Award {
        public_id: &public_id,
        recipient_name: &teacher.name,
        recipient_url: format!("{url}/teachers/{}", teacher.id.0),
        achievement: document::achievement(url, a, &issuer),
        achievement_name: &a.name,
        issuer: &issuer,
        evidence,
        issued: now,
        expires,
        status_index,
    };
    let signed = sign(state, &document::open_badge(url, &award), issuer.id, number, &pair, now)?;
    let compact = document::compact_sign(
        &Compact {
            id: public_id,
            to: teacher.name.clone(),
            what: a.name.clone(),
            issuer: issuer.id.0,
            key: number,
            on: now.format("%Y-%m-%d").to_string(),
            until: expires.map(|e| e.format("%Y-%m-%d").to_string()),
            status: status_index,
        },
        &pair,
    );
    let c = store::seal(&txn, id, status_index, signed.to_string(), compact).await?;
    txn.commit().await?;
    // A kept list may be shorter than the new bit.
    state.part::<SignedLists>().forget(issuer.id);
    Ok(Issued::New(Box::new(c)))
}

pub async fn revoke(state: &AppState, c: &credential::Model, reason: &str) -> AppResult<()> {
    if reason.trim().is_empty() {
        return Err(AppError::Validation(FieldErrors::one("reason".into(), "error-required")));
    }
    if !store::revoke(&state.db, c.id, Utc::now(), reason.trim()).await? {
        return Err(AppError::NotAllowed { code: "already_revoked", key: "badge-already-revoked" });
    }
    state.part::<SignedLists>().forget(c.issuer_id);
    Ok(())
}

/// Signed status lists, kept a little: verifiers fetch them for every
/// check, and signing one means reading the key file and canonicalising
/// JSON-LD. A revocation on this node drops its issuer's list at once.
#[derive(Default)]
pub struct SignedLists(std::sync::Mutex<std::collections::HashMap<IssuerId, (std::time::Instant, Value)>>);

const LIST_KEPT: std::time::Duration = std::time::Duration::from_secs(30);

impl SignedLists {
    fn fresh(&self, issuer: IssuerId) -> Option<Value> {
        let kept = self.0.lock().expect("status lists");
        kept.get(&issuer).filter(|(at, _)| at.elapsed() < LIST_KEPT).map(|(_, v)| v.clone())
    }
    fn keep(&self, issuer: IssuerId, list: Value) {
        self.0.lock().expect("status lists").insert(issuer, (std::time::Instant::now(), list));
    }
    fn forget(&self, issuer: IssuerId) {
        self.0.lock().expect("status lists").remove(&issuer);
    }
}

/// The issuer's BitstringStatusListCredential, signed (at most 30 s old).
pub async fn status_list(state: &AppState, issuer: &issuer::Model) -> AppResult<Value> {
    let lists = state.part::<SignedLists>();
    if let Some(list) = lists.fresh(issuer.id) {
        return Ok(list);
    }
    // The list grows with the issuer's credentials, never below the
    // specification's 16 KiB minimum.
    let mut list = vc::StatusList::new(store::next_status_index(&state.db, issuer.id).await? as usize);
    for i in store::revoked_indexes(&state.db, issuer.id).await? {
        list.set(i as usize);
    }
    let now = Utc::now();
    let doc = document::status_list(&state.config.public_url, issuer, vc::encode_list(&list), now);
    let (number, pair) = signing_key(state, issuer.id).await?;
    let signed = sign(state, &doc, issuer.id, number, &pair, now)?;
    lists.keep(issuer.id, signed.clone());
    Ok(signed)
}

/// A random (version 4) UUID: a credential's address says nothing about
/// how many were issued before it.
fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}
