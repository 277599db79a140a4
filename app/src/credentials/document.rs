//! The JSON-LD documents we sign and publish: issuer profiles and DID
//! documents, achievements, OpenBadgeCredentials, endorsement credentials
//! and bitstring status list credentials; and the short signed form a QR
//! code carries. Pure functions of their inputs: no database here.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::competencies;
use super::entity::{achievement, issuer, key};
use crate::ids::IssuerId;

pub const CONTEXTS: [&str; 2] = [vc::CONTEXT_CREDENTIALS_V2, vc::CONTEXT_OPEN_BADGES_V3];

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `did:web` of an issuer: the portal's host (a port written `%3A`) and
/// path, then `issuers:{id}`; it resolves to `/issuers/{id}/did.json`.
pub fn did_web(public_url: &str, issuer: IssuerId) -> String {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r).trim_end_matches('/');
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut did = format!("did:web:{}", host.replace(':', "%3A"));
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        did.push(':');
        did.push_str(segment);
    }
    format!("{did}:issuers:{}", issuer.0)
}

pub fn key_id(public_url: &str, issuer: IssuerId, number: i32) -> String {
    format!("{}#key-{number}", did_web(public_url, issuer))
}

/// Every key the issuer ever had stays listed: a retired key signs no new
/// credential but its earlier credentials still verify.
pub fn did_document(public_url: &str, i: &issuer::Model, keys: &[key::Model]) -> Value {
    let did = did_web(public_url, i.id);
    let methods: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({
                "id": key_id(public_url, i.id, k.number),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": k.public_multibase,
            })
        })
        .collect();
    let ids: Vec<String> = keys.iter().map(|k| key_id(public_url, i.id, k.number)).collect();
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "alsoKnownAs": [format!("{public_url}/issuers/{}", i.id.0)],
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}

pub fn profile(public_url: &str, i: &issuer::Model) -> Value {
    let mut p = json!({
        "id": did_web(public_url, i.id),
        "type": ["Profile"],
        "name": i.name,
        "url": format!("{public_url}/issuers/{}", i.id.0),
        "description": i.description,
    });
    if !i.email.is_empty() {
        p["email"] = json!(i.email);
    }
    p
}

pub fn achievement_url(public_url: &str, a: &achievement::Model) -> String {
    format!("{public_url}/achievements/{}", a.id.0)
}

pub fn achievement(public_url: &str, a: &achievement::Model, creator: &issuer::Model) -> Value {
    let url = achievement_url(public_url, a);
    let mut v = json!({
        "id": url,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": a.name,
        "description": a.description,
        "criteria": {"id": format!("{url}#criteria"), "narrative": a.criteria},
        "image": {"id": format!("{url}/image.svg"), "type": "Image", "caption": a.name},
        "creator": profile(public_url, creator),
        "inLanguage": "bn",
    });
    if let Some(c) = competencies::by_code(&a.competency) {
        v["alignment"] = json!([{
            "type": ["Alignment"],
            "targetName": c.name,
            "targetDescription": c.description,
            "targetCode": c.code,
            "targetFramework": competencies::FRAMEWORK_NAME,
            "targetType": "CFItem",
            "targetUrl": format!("{public_url}/competencies#{}", c.code),
        }]);
    }
    let tags: Vec<&str> = a.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    if !tags.is_empty() {
        v["tag"] = json!(tags);
    }
    if let Some(e) = a.endorsement.as_deref().and_then(|e| serde_json::from_str::<Value>(e).ok()) {
        v["endorsement"] = json!([e]);
    }
    v
}

/// One piece of evidence: a certificate, a journal entry, an issuer's note.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    pub url: Option<String>,
    pub name: String,
    pub narrative: String,
}

/// What a credential says, before it is signed.
pub struct Award<'a> {
    pub public_id: &'a str,
    pub recipient_name: &'a str,
    pub recipient_url: String,
    pub achievement: Value,
    pub achievement_name: &'a str,
    pub issuer: &'a issuer::Model,
    pub evidence: &'a [Evidence],
    pub issued: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
    pub status_index: i64,
}

pub fn credential_url(public_url: &str, public_id: &str) -> String {
    format!("{public_url}/credentials/{public_id}")
}

pub fn status_list_url(public_url: &str, issuer: IssuerId) -> String {
    format!("{public_url}/credentials/status/{}", issuer.0)
}

pub fn open_badge(public_url: &str, a: &Award) -> Value {
    let evidence: Vec<Value> = a
        .evidence
        .iter()
        .map(|e| {
            let mut v = json!({"type": ["Evidence"], "name": e.name, "narrative": e.narrative});
            if let Some(u) = &e.url {
                v["id"] = json!(u);
            }
            v
        })
        .collect();
    let list = status_list_url(public_url, a.issuer.id);
    let mut v = json!({
        "@context": CONTEXTS,
        "id": credential_url(public_url, a.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": a.achievement_name,
        "issuer": profile(public_url, a.issuer),
        "validFrom": stamp(a.issued),
        "credentialSubject": {
            "id": a.recipient_url,
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": a.recipient_name,
            }],
            "achievement": a.achievement,
        },
        "evidence": evidence,
        "credentialStatus": {
            "id": format!("{list}#{}", a.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": a.status_index.to_string(),
            "statusListCredential": list,
        },
    });
    if let Some(until) = a.expires {
        v["validUntil"] = json!(stamp(until));
    }
    v
}

/// A second institution's endorsement of a badge (OB 3.0 EndorsementCredential).
pub fn endorsement(
    public_url: &str,
    endorser: &issuer::Model,
    a: &achievement::Model,
    comment: &str,
    now: DateTime<Utc>,
) -> Value {
    json!({
        "@context": CONTEXTS,
        "id": format!("{}/endorsements/{}", achievement_url(public_url, a), endorser.id.0),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": format!("{} — {}", endorser.short_name, a.name),
        "issuer": profile(public_url, endorser),
        "validFrom": stamp(now),
        "credentialSubject": {
            "id": achievement_url(public_url, a),
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
    })
}

pub fn status_list(public_url: &str, issuer: &issuer::Model, encoded: String, now: DateTime<Utc>) -> Value {
    let url = status_list_url(public_url, issuer.id);
    json!({
        "@context": [vc::CONTEXT_CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did_web(public_url, issuer.id),
        "validFrom": stamp(now),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    })
}

/// The short form a QR code carries: what a verifier shows, signed with
/// the same issuer key as the full credential, so a phone checks it with
/// no network from the issuer keys it cached.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Compact {
    /// The credential's public id.
    pub id: String,
    /// The teacher's name.
    pub to: String,
    /// The badge's name.
    pub what: String,
    pub issuer: i64,
    pub key: i32,
    /// YYYY-MM-DD
    pub on: String,
    pub until: Option<String>,
    pub status: i64,
}

pub fn compact_sign(c: &Compact, key: &vc::Keypair) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).expect("plain data"));
    let signature = URL_SAFE_NO_PAD.encode(key.sign(payload.as_bytes()));
    format!("{payload}.{signature}")
}

/// Reads a compact form without checking it: the payload, the bytes the
/// signature covers and the signature.
pub fn compact_read(text: &str) -> Option<(Compact, Vec<u8>, [u8; 64])> {
    let (payload, signature) = text.trim().split_once('.')?;
    let c = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD.decode(signature).ok()?.try_into().ok()?;
    Some((c, payload.as_bytes().to_vec(), signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_encodes_the_port_and_keeps_the_path() {
        assert_eq!(did_web("http://127.0.0.1:8080", IssuerId(3)), "did:web:127.0.0.1%3A8080:issuers:3");
        assert_eq!(did_web("https://batayon.gov.bd/portal/", IssuerId(1)), "did:web:batayon.gov.bd:portal:issuers:1");
    }
}
