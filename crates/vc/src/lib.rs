//! Verifiable credentials signed the way Open Badges 3.0 and VC 2.0 expect:
//! an embedded `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite.
//!
//! The document is read as JSON-LD with contexts compiled into the binary
//! (a signing or checking server never fetches a context from the network),
//! turned into RDF, canonicalised with RDFC-1.0, hashed and signed with
//! Ed25519. Nothing here knows about badges or teachers.

mod canon;
mod keys;
mod proof;
pub mod status;

pub use canon::{
    CANON_CALL_LIMIT, CONTEXT_CREDENTIALS_V2, CONTEXT_OPEN_BADGES_V3, MAX_GRAPHS, MAX_QUADS, canonical_nquads,
};
pub use ed25519_dalek::VerifyingKey;
pub use keys::{Keypair, base58_decode, base58_encode, public_key_from_multibase};
pub use proof::{ProofOptions, proof_of, sign, verify};
pub use status::{StatusList, decode_list, encode_list};

/// Why a document could not be signed or did not verify.
#[derive(Debug, thiserror::Error)]
pub enum VcError {
    #[error("the document is not JSON-LD we can read: {0}")]
    JsonLd(String),
    #[error("RDF canonicalisation failed: {0}")]
    Canon(String),
    /// A "poison graph": refused before it costs more than a moment of CPU.
    #[error("the document is too complex to check: {0}")]
    TooComplex(&'static str),
    #[error("the document has no proof")]
    NoProof,
    #[error("the proof is not a DataIntegrityProof with eddsa-rdfc-2022")]
    UnknownProof,
    #[error("the key is not an Ed25519 multibase key: {0}")]
    Key(&'static str),
    #[error("the signature does not match the document")]
    BadSignature,
    #[error("the status list is malformed: {0}")]
    Status(&'static str),
}
