//! Bangla digits (০–৯, U+09E6–U+09EF) and ASCII digits, both ways.

const BANGLA_ZERO: u32 = 0x09E6;

/// Replaces every Bangla digit with its ASCII twin; everything else is kept.
pub fn to_ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            n @ BANGLA_ZERO..=0x09EF => char::from(b'0' + (n - BANGLA_ZERO) as u8),
            _ => c,
        })
        .collect()
}

/// Replaces every ASCII digit with its Bangla twin, for numbers on Bangla pages.
pub fn to_bangla_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(BANGLA_ZERO + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// True when the text holds a digit in either script.
pub fn has_digits(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit() || (BANGLA_ZERO..=0x09EF).contains(&(c as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_round_trip_between_scripts() {
        assert_eq!(to_ascii_digits("০১৭১২৩৪৫৬৭৮"), "01712345678");
        assert_eq!(to_bangla_digits("ক্লাস 10, 2026"), "ক্লাস ১০, ২০২৬");
        assert_eq!(to_ascii_digits(&to_bangla_digits("0123456789")), "0123456789");
        assert!(has_digits("শ্রেণি ৫"));
        assert!(!has_digits("গণিত"));
    }
}
