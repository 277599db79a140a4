//! Checking a credential: its proof against the issuer key it names (a
//! retired key still counts for what it signed), that the key belongs to
//! the issuer the credential names, its status bit, and its dates. What
//! a verifier is shown comes from the signed document, not the database.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::document::{self, Evidence};
use super::entity::credential;
use super::store;
use crate::ids::IssuerId;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// The largest credential document accepted for checking: ours, with an
/// endorsement and evidence, are under 10 KB.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024;

/// Proof checks running at once (each holds a blocking thread for a few
/// milliseconds; canonicalisation is bounded by `vc::CANON_CALL_LIMIT`).
const CHECKS_AT_ONCE: usize = 2;
/// How long a check waits for its turn before the verifier says "busy".
const WAIT_FOR_TURN: std::time::Duration = std::time::Duration::from_secs(3);

/// The turns for proof checks, kept off the async workers so a costly
/// document can never stall `/healthz` or other pages.
pub struct CheckTurns(tokio::sync::Semaphore);

impl Default for CheckTurns {
    fn default() -> Self {
        CheckTurns(tokio::sync::Semaphore::new(CHECKS_AT_ONCE))
    }
}

/// Proofs found to hold: a document and a key give the same answer every
/// time, so a badge's QR code scanned by a hundred people is checked once,
/// not a hundred times through the two turns. Keyed by the SHA-256 of the
/// document as received and the key; the revocation bit and the dates are
/// still read on every check, and a proof that fails is checked afresh.
#[derive(Default)]
struct CheckedProofs(crate::web::kept::KeptMap<[u8; 32], (), 4096>);

/// How long a checked proof's answer is kept.
const KEEP_CHECKED: std::time::Duration = std::time::Duration::from_secs(3600);

fn proof_key(doc: &Value, key: &vc::VerifyingKey) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(key.as_bytes());
    hasher.update(doc.to_string().as_bytes());
    hasher.finalize().into()
}

/// Checks the proof on a blocking thread, when a turn is free (or answers
/// from an earlier check of the very same document and key).
async fn proof_holds(state: &AppState, doc: &Value, key: vc::VerifyingKey) -> AppResult<Result<(), vc::VcError>> {
    let checked = state.part::<CheckedProofs>();
    let digest = proof_key(doc, &key);
    if checked.0.get(&digest, KEEP_CHECKED).is_some() {
        return Ok(Ok(()));
    }
    let outcome = check_proof(state, doc, key).await?;
    if outcome.is_ok() {
        checked.0.put(digest, (), KEEP_CHECKED);
    }
    outcome_of(outcome)
}

async fn check_proof(state: &AppState, doc: &Value, key: vc::VerifyingKey) -> AppResult<Result<(), vc::VcError>> {
    let turns = state.part::<CheckTurns>();
    let _turn = tokio::time::timeout(WAIT_FOR_TURN, turns.0.acquire())
        .await
        .map_err(|_| AppError::Busy { retry_after_secs: 2 })?
        .map_err(|e| AppError::Internal(e.into()))?;
    let doc = doc.clone();
    tokio::task::spawn_blocking(move || vc::verify(&doc, &key)).await.map_err(|e| AppError::Internal(e.into()))
}

fn outcome_of(outcome: Result<(), vc::VcError>) -> AppResult<Result<(), vc::VcError>> {
    match outcome {
        Err(vc::VcError::TooComplex(_)) => Err(AppError::invalid("credential", "credential-too-complex")),
        other => Ok(other),
    }
}

crate::stored_words! {
    /// Where a credential stands, as a verifier finds it.
    pub enum CredentialStatus {
        Valid = "valid",
        Revoked = "revoked",
        Expired = "expired",
        /// Not signed by the issuer it names, changed since, or not ours.
        Invalid = "invalid",
    }
}

impl CredentialStatus {
    /// Catalogue key of the verdict (with the issuer's name).
    pub fn key(self) -> &'static str {
        match self {
            CredentialStatus::Valid => "badge-valid",
            CredentialStatus::Revoked => "badge-revoked",
            CredentialStatus::Expired => "badge-expired",
            CredentialStatus::Invalid => "badge-invalid",
        }
    }

    /// Catalogue key of the one word shown beside a held badge.
    pub fn state_key(self) -> &'static str {
        match self {
            CredentialStatus::Valid => "badge-state-valid",
            CredentialStatus::Revoked => "badge-state-revoked",
            CredentialStatus::Expired => "badge-state-expired",
            // A badge held here was signed here: never invalid.
            CredentialStatus::Invalid => "badge-invalid",
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CredentialCheck {
    pub status: CredentialStatus,
    /// Why it is invalid, in plain words (English; pages translate the status).
    pub problem: Option<String>,
    pub credential_id: Option<String>,
    pub issuer_name: Option<String>,
    pub issuer_short_name: Option<String>,
    pub issuer_url: Option<String>,
    pub recipient_name: Option<String>,
    pub achievement_name: Option<String>,
    pub achievement_url: Option<String>,
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub revoked_reason: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub evidence: Vec<Evidence>,
    pub endorsed_by: Vec<String>,
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    path.iter().try_fold(v, |v, k| v.get(*k)).and_then(Value::as_str).map(str::to_owned)
}

/// `did:web:…:issuers:{id}#key-{n}` of this portal → (issuer, n).
fn our_key(public_url: &str, method: &str) -> Option<(IssuerId, i32)> {
    let (did, fragment) = method.split_once("#key-")?;
    let id: i64 = did.rsplit_once(":issuers:")?.1.parse().ok()?;
    (document::did_web(public_url, IssuerId(id)) == did).then_some((IssuerId(id), fragment.parse().ok()?))
}

/// What the signed document says, before anything is checked.
fn as_written(doc: &Value) -> CredentialCheck {
    CredentialCheck {
        status: CredentialStatus::Invalid,
        problem: None,
        credential_id: text(doc, &["id"]).and_then(|id| id.rsplit('/').next().map(str::to_owned)),
        issuer_name: text(doc, &["issuer", "name"]),
        issuer_short_name: None,
        issuer_url: text(doc, &["issuer", "url"]),
        recipient_name: doc["credentialSubject"]["identifier"][0]["identityHash"].as_str().map(str::to_owned),
        achievement_name: text(doc, &["credentialSubject", "achievement", "name"]),
        achievement_url: text(doc, &["credentialSubject", "achievement", "id"]),
        issued: text(doc, &["validFrom"]),
        expires: text(doc, &["validUntil"]),
        revoked_reason: None,
        evidence: doc["evidence"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|e| Evidence {
                        url: text(e, &["id"]),
                        name: text(e, &["name"]).unwrap_or_default(),
                        narrative: text(e, &["narrative"]).unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        endorsed_by: doc["credentialSubject"]["achievement"]["endorsement"]
            .as_array()
            .map(|all| all.iter().filter_map(|e| text(e, &["issuer", "name"])).collect())
            .unwrap_or_default(),
    }
}

/// Checks a credential document: its proof, then its status and dates.
pub async fn check(state: &AppState, doc: &Value) -> AppResult<CredentialCheck> {
    check_against(state, doc, None).await
}

/// A code as typed on a phone (Bangla or ASCII digits, with or without the
/// dash or spaces): the credential id and the check digits.
pub fn read_sms_code(typed: &str) -> Option<(crate::ids::CredentialId, i32)> {
    let digits: String = bangla::to_ascii_digits(typed).chars().filter(char::is_ascii_digit).collect();
    if !(7..=18).contains(&digits.len()) {
        return None;
    }
    let (id, check) = digits.split_at(digits.len() - 6);
    Some((crate::ids::CredentialId(id.parse().ok()?), check.parse().ok()?))
}

/// Checks the credential whose code was texted from a phone; none when
/// the code is not one (a wrong check digit reads as no credential at all,
/// so codes cannot be found by trying ids).
pub async fn check_by_sms_code(state: &AppState, typed: &str) -> AppResult<Option<CredentialCheck>> {
    let Some((id, check_number)) = read_sms_code(typed) else {
        return Ok(None);
    };
    let Some(row) = store::by_sms_code(&state.db, id, check_number).await? else {
        return Ok(None);
    };
    let doc: Value = serde_json::from_str(&row.document).map_err(|e| AppError::Internal(e.into()))?;
    Ok(Some(check_stored(state, &doc, &row).await?))
}

/// Checks a stored credential's document, with its row as this request
/// read it: whether it is revoked comes from that row, not read again.
pub async fn check_stored(state: &AppState, doc: &Value, row: &credential::Model) -> AppResult<CredentialCheck> {
    check_against(state, doc, Some(row)).await
}

async fn check_against(state: &AppState, doc: &Value, row: Option<&credential::Model>) -> AppResult<CredentialCheck> {
    let mut v = as_written(doc);
    let (issuer_id, short_name) = match signed_by(state, doc).await? {
        Ok(found) => found,
        Err(why) => {
            v.problem = Some(why);
            return Ok(v);
        }
    };
    v.issuer_short_name = Some(short_name);
    if let Err(why) = standing(state, doc, issuer_id, row, &mut v).await? {
        v.problem = Some(why);
    }
    Ok(v)
}

/// The issuer (and its short name) whose key's proof holds on the
/// document, or why none does.
async fn signed_by(state: &AppState, doc: &Value) -> AppResult<Result<(IssuerId, String), String>> {
    let url = &state.config.public_url;
    let options = match vc::proof_of(doc) {
        Ok(o) => o,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let Some((issuer_id, number)) = our_key(url, &options.verification_method) else {
        return Ok(Err("the proof's key is not one of this portal's issuers".into()));
    };
    if text(doc, &["issuer", "id"]).as_deref() != Some(&document::did_web(url, issuer_id)) {
        return Ok(Err("the key does not belong to the issuer the credential names".into()));
    }
    let Some((multibase, short_name)) = store::key_and_issuer(&state.db, issuer_id, number).await? else {
        return Ok(Err("the issuer has no such key".into()));
    };
    let public = match vc::public_key_from_multibase(&multibase) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e.to_string())),
    };
    Ok(proof_holds(state, doc, public).await?.map(|()| (issuer_id, short_name)).map_err(|e| e.to_string()))
}

/// With the proof holding: its status bit and its dates set `v.status`, or
/// why it is invalid after all.
async fn standing(
    state: &AppState,
    doc: &Value,
    issuer_id: IssuerId,
    row: Option<&credential::Model>,
    v: &mut CredentialCheck,
) -> AppResult<Result<(), String>> {
    let url = &state.config.public_url;
    let index: Option<i64> = text(doc, &["credentialStatus", "statusListIndex"]).and_then(|i| i.parse().ok());
    let list = text(doc, &["credentialStatus", "statusListCredential"]);
    if let (Some(index), Some(list)) = (index, list) {
        if list != document::status_list_url(url, issuer_id) {
            return Ok(Err("the status list is not the issuer's".into()));
        }
        // The reason, when the credential at that bit is revoked.
        let revoked = match row.filter(|c| c.issuer_id == issuer_id && c.status_index == index) {
            Some(c) => c.revoked_at.map(|_| c.revoked_reason.clone()),
            None => store::at_status_index(&state.db, issuer_id, index)
                .await?
                .and_then(|c| c.revoked_at.map(|_| c.revoked_reason)),
        };
        if let Some(reason) = revoked {
            v.status = CredentialStatus::Revoked;
            v.revoked_reason = reason;
            return Ok(Ok(()));
        }
    }
    let now = Utc::now();
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| DateTime::parse_from_rfc3339(s).ok());
    if parse(&v.issued).is_some_and(|from| from > now) {
        return Ok(Err("the credential is not valid yet".into()));
    }
    v.status = if parse(&v.expires).is_some_and(|until| until <= now) {
        CredentialStatus::Expired
    } else {
        CredentialStatus::Valid
    };
    Ok(Ok(()))
}
