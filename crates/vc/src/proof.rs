//! `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite (W3C Data
//! Integrity EdDSA Cryptosuites v1.0): the proof options and the document
//! are canonicalised and hashed separately, and the signature covers the
//! two hashes, options first.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::keys::{Keypair, base58_decode, base58_encode};
use crate::{VcError, canonical_nquads};

const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// What the proof says besides its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub created: String,
    /// The URL of the key, e.g. `did:web:…#key-1`.
    pub verification_method: String,
    pub proof_purpose: String,
}

fn proof_config(options: &ProofOptions, context: &Value) -> Value {
    json!({
        "@context": context,
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": options.created,
        "verificationMethod": options.verification_method,
        "proofPurpose": options.proof_purpose,
    })
}

fn hash_data(unsecured: &Value, config: &Value) -> Result<Vec<u8>, VcError> {
    let mut data = Sha256::digest(canonical_nquads(config)?.as_bytes()).to_vec();
    data.extend_from_slice(&Sha256::digest(canonical_nquads(unsecured)?.as_bytes()));
    Ok(data)
}

/// The document with an embedded proof. `document` must have no `proof`.
pub fn sign(document: &Value, options: &ProofOptions, key: &Keypair) -> Result<Value, VcError> {
    let mut unsecured = document.clone();
    let map = unsecured.as_object_mut().ok_or_else(|| VcError::JsonLd("a credential is a JSON object".into()))?;
    map.remove("proof");
    let context = map.get("@context").cloned().unwrap_or(Value::Null);
    let mut config = proof_config(options, &context);
    let signature = key.sign(&hash_data(&unsecured, &config)?);
    let proof = config.as_object_mut().expect("built as an object");
    proof.remove("@context");
    proof.insert("proofValue".into(), Value::String(format!("z{}", base58_encode(&signature))));
    let mut signed = unsecured;
    signed.as_object_mut().expect("checked above").insert("proof".into(), Value::Object(proof.clone()));
    Ok(signed)
}

/// The proof's options, if the document carries one proof of our suite.
pub fn proof_of(document: &Value) -> Result<ProofOptions, VcError> {
    let proof = document.get("proof").ok_or(VcError::NoProof)?;
    let text = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_owned);
    if text("type").as_deref() != Some("DataIntegrityProof") || text("cryptosuite").as_deref() != Some(CRYPTOSUITE) {
        return Err(VcError::UnknownProof);
    }
    Ok(ProofOptions {
        created: text("created").ok_or(VcError::UnknownProof)?,
        verification_method: text("verificationMethod").ok_or(VcError::UnknownProof)?,
        proof_purpose: text("proofPurpose").ok_or(VcError::UnknownProof)?,
    })
}

/// Checks the embedded proof against the key the caller resolved from
/// the proof's `verificationMethod`.
pub fn verify(document: &Value, key: &VerifyingKey) -> Result<(), VcError> {
    let options = proof_of(document)?;
    let value = document["proof"]["proofValue"].as_str().ok_or(VcError::UnknownProof)?;
    let signature = value.strip_prefix('z').ok_or(VcError::UnknownProof).and_then(base58_decode)?;
    let signature: [u8; 64] = signature.try_into().map_err(|_| VcError::BadSignature)?;
    let mut unsecured: Map<String, Value> = document.as_object().cloned().unwrap_or_default();
    unsecured.remove("proof");
    let context = unsecured.get("@context").cloned().unwrap_or(Value::Null);
    let data = hash_data(&Value::Object(unsecured), &proof_config(&options, &context))?;
    key.verify(&data, &Signature::from_bytes(&signature)).map_err(|_| VcError::BadSignature)
}
