//! The W3C Data Integrity EdDSA Cryptosuites v1.0 test vector for
//! eddsa-rdfc-2022 (TestVectors/eddsa-rdfc-2022 in w3c/vc-di-eddsa): a VC 2.0
//! credential, the key pair and the proof the specification publishes.
//! Ed25519 is deterministic, so our canonicalisation and signing must give
//! the same proof value byte for byte.

use serde_json::{Value, json};
use vc::{Keypair, ProofOptions, canonical_nquads, public_key_from_multibase, sign, verify};

const PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
const SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
const PROOF_VALUE: &str = "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9";

fn unsigned() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
    })
}

fn options() -> ProofOptions {
    ProofOptions {
        created: "2023-02-24T23:36:38Z".into(),
        verification_method: format!("https://vc.example/issuers/5678#{PUBLIC}"),
        proof_purpose: "assertionMethod".into(),
    }
}

#[test]
fn the_published_key_pair_reads_back() {
    let key = Keypair::from_secret_multibase(SECRET).unwrap();
    assert_eq!(key.public_multibase(), PUBLIC);
    assert_eq!(key.secret_multibase(), SECRET);
}

#[test]
fn signing_the_credential_gives_the_published_proof() {
    let key = Keypair::from_secret_multibase(SECRET).unwrap();
    let signed = sign(&unsigned(), &options(), &key).unwrap();
    assert_eq!(signed["proof"]["proofValue"], PROOF_VALUE);
    assert_eq!(signed["proof"]["type"], "DataIntegrityProof");
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    verify(&signed, &public_key_from_multibase(PUBLIC).unwrap()).unwrap();
}

#[test]
fn one_changed_character_breaks_the_proof() {
    let key = Keypair::from_secret_multibase(SECRET).unwrap();
    let mut signed = sign(&unsigned(), &options(), &key).unwrap();
    signed["credentialSubject"]["alumniOf"] = json!("The School of Exampled");
    assert!(verify(&signed, &public_key_from_multibase(PUBLIC).unwrap()).is_err());
    let other = Keypair::generate();
    let signed = sign(&unsigned(), &options(), &key).unwrap();
    assert!(verify(&signed, &public_key_from_multibase(&other.public_multibase()).unwrap()).is_err());
}

#[test]
fn an_unknown_context_is_refused_not_fetched() {
    let mut doc = unsigned();
    doc["@context"] = json!(["https://www.w3.org/ns/credentials/v2", "https://example.org/unknown-context"]);
    assert!(canonical_nquads(&doc).is_err());
}
