//! Bitstring Status List v1.0: one bit a credential, gzip-compressed and
//! written as multibase base64url (`u…`). Bit 0 is the first bit (the
//! most significant) of the first byte.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::VcError;

/// The smallest list the specification allows (16 KiB), so that one
/// entry cannot be told apart from the rest by the list's size.
pub const MIN_BITS: usize = 131_072;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    pub fn new(bits: usize) -> Self {
        StatusList { bytes: vec![0; bits.max(MIN_BITS).div_ceil(8)] }
    }

    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn set(&mut self, index: usize) {
        if let Some(b) = self.bytes.get_mut(index / 8) {
            *b |= 0x80 >> (index % 8);
        }
    }

    pub fn get(&self, index: usize) -> bool {
        self.bytes.get(index / 8).is_some_and(|b| b & (0x80 >> (index % 8)) != 0)
    }
}

pub fn encode_list(list: &StatusList) -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&list.bytes).expect("writing to memory");
    format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().expect("writing to memory")))
}

pub fn decode_list(encoded: &str) -> Result<StatusList, VcError> {
    let packed = encoded.strip_prefix('u').ok_or(VcError::Status("not base64url multibase"))?;
    let gz = URL_SAFE_NO_PAD.decode(packed).map_err(|_| VcError::Status("not base64url"))?;
    let mut bytes = Vec::new();
    // A status list is 16 KiB or a little more; refuse a gzip bomb.
    flate2::read::GzDecoder::new(&gz[..])
        .take(16 * 1024 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|_| VcError::Status("not gzip"))?;
    Ok(StatusList { bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_bit_survives_encoding_and_its_neighbours_stay_clear() {
        let mut list = StatusList::new(10);
        assert_eq!(list.len(), MIN_BITS);
        list.set(94_567);
        let back = decode_list(&encode_list(&list)).unwrap();
        assert!(back.get(94_567));
        assert!(!back.get(94_566) && !back.get(94_568) && !back.get(0));
    }
}
