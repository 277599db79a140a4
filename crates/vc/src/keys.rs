//! Ed25519 keys written as multibase (base58btc, `z…`) with their multicodec
//! prefixes, as Multikey verification methods and did:key carry them.

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::VcError;

/// Multicodec prefixes (unsigned varints) of an Ed25519 public and secret key.
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
const ED25519_PRIV: [u8; 2] = [0x80, 0x26];
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// A signing key with its public half.
#[derive(Clone)]
pub struct Keypair {
    signing: SigningKey,
}

impl Keypair {
    /// A fresh key from the operating system's randomness.
    pub fn generate() -> Self {
        // rand's thread generator is a CSPRNG seeded from the operating system.
        Keypair { signing: SigningKey::from_bytes(&rand::random::<[u8; 32]>()) }
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        Keypair { signing: SigningKey::from_bytes(&seed) }
    }

    /// Reads `z…` secret key multibase (multicodec ed25519-priv, 32-byte seed).
    pub fn from_secret_multibase(s: &str) -> Result<Self, VcError> {
        let bytes = s.strip_prefix('z').ok_or(VcError::Key("not base58btc multibase")).and_then(base58_decode)?;
        let seed = bytes.strip_prefix(&ED25519_PRIV[..]).ok_or(VcError::Key("not an ed25519 secret key"))?;
        let seed: [u8; 32] = seed.try_into().map_err(|_| VcError::Key("an ed25519 seed has 32 bytes"))?;
        Ok(Self::from_seed(seed))
    }

    pub fn secret_multibase(&self) -> String {
        let mut bytes = ED25519_PRIV.to_vec();
        bytes.extend_from_slice(self.signing.as_bytes());
        format!("z{}", base58_encode(&bytes))
    }

    pub fn public_multibase(&self) -> String {
        public_multibase(&self.signing.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.signing.sign(message).to_bytes()
    }
}

pub(crate) fn public_multibase(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", base58_encode(&bytes))
}

/// Reads a `z6Mk…` public key multibase.
pub fn public_key_from_multibase(s: &str) -> Result<VerifyingKey, VcError> {
    let bytes = s.strip_prefix('z').ok_or(VcError::Key("not base58btc multibase")).and_then(base58_decode)?;
    let key = bytes.strip_prefix(&ED25519_PUB[..]).ok_or(VcError::Key("not an ed25519 public key"))?;
    let key: [u8; 32] = key.try_into().map_err(|_| VcError::Key("an ed25519 public key has 32 bytes"))?;
    VerifyingKey::from_bytes(&key).map_err(|_| VcError::Key("not a point on the curve"))
}

pub fn base58_encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    // Digits in base 58, least significant first.
    let mut digits: Vec<u8> = Vec::with_capacity(bytes.len() * 138 / 100 + 1);
    for &byte in &bytes[zeros..] {
        let mut carry = byte as u32;
        for d in digits.iter_mut() {
            carry += (*d as u32) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(digits.iter().rev().map(|d| ALPHABET[*d as usize] as char));
    out
}

pub fn base58_decode(s: &str) -> Result<Vec<u8>, VcError> {
    let ones = s.bytes().take_while(|b| *b == b'1').count();
    // Bytes in base 256, least significant first.
    let mut bytes: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes().skip(ones) {
        let mut carry = ALPHABET.iter().position(|a| *a == c).ok_or(VcError::Key("not base58"))? as u32;
        for b in bytes.iter_mut() {
            carry += (*b as u32) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut out = vec![0u8; ones];
    out.extend(bytes.iter().rev());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_round_trips_with_leading_zeros() {
        for bytes in [vec![], vec![0, 0, 1, 2, 255], vec![255; 40], b"hello world".to_vec()] {
            assert_eq!(base58_decode(&base58_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base58_encode(b"hello world"), "StV1DL6CwTryKyV");
    }
}
