//! The rules every text sent to the API keeps, stated once so the server and
//! its OpenAPI document agree (`site/openapi.rs` writes them as patterns):
//!
//! - no control characters, except tab, line feed and carriage return;
//! - a text's minimum counts the characters that are not white space (a
//!   title of ten spaces is empty), its maximum every character as sent.
//!
//! The first rule holds for every string field of a JSON body or a query:
//! `ApiJson` and `ApiQuery` read through [`Checked`], which refuses a string
//! with a control character wherever the input type asks for one (unknown
//! fields, which serde skips, are not looked at).
//!
//! [`Checked`] also reads numbers as JSON Schema does: where an integer is
//! wanted, `3.0` is the integer 3, while `1.5` or `1e-169` stay refused.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The message a refused string is reported with (the field named by its path).
pub const CONTROL_MESSAGE: &str = "a control character in text";

/// A control character other than tab, line feed and carriage return, or a
/// noncharacter.
pub fn is_refused(c: char) -> bool {
    // Unicode's noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last
    // two of every plane) are never text; XML, and so a printed pack,
    // cannot hold them.
    let noncharacter = matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32) & 0xFFFE == 0xFFFE;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || noncharacter
}

pub fn has_control(text: &str) -> bool {
    text.chars().any(is_refused)
}

/// The characters that count towards a minimum: those that are not white space.
pub fn visible_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether `text` (as sent) has at least `min` visible characters and at
/// most `max` characters in all.
pub fn fits(text: &str, min: usize, max: usize) -> bool {
    visible_len(text) >= min && text.chars().count() <= max
}

/// White space other than the refused control characters, as a regular
/// expression class body (the same set as `char::is_whitespace`).
const SPACE: &str = r"\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters, white space included, as a class body.
const CONTROL_AND_SPACE: &str = r"\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// The pattern of a text with at least `min` visible characters and no
/// refused control characters (ECMA-262 and Python alike).
pub fn pattern(min: u64) -> String {
    if min == 0 {
        r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$".to_owned()
    } else {
        format!("^[{SPACE}]*(?:[^{CONTROL_AND_SPACE}][{SPACE}]*){{{min},}}$")
    }
}

/// A deserializer that refuses strings holding a refused control character.
pub struct Checked<D>(pub D);

/// A visitor that refuses control characters; `integer` when the caller
/// asked for an integer, so that an integral float is read as one.
struct CheckedVisitor<V> {
    inner: V,
    integer: bool,
}

impl<V> CheckedVisitor<V> {
    fn new(inner: V) -> Self {
        CheckedVisitor { inner, integer: false }
    }
}
struct CheckedSeed<S>(S);
struct CheckedAccess<A>(A);

fn check<E: de::Error>(text: &str) -> Result<(), E> {
    if has_control(text) { Err(E::custom(CONTROL_MESSAGE)) } else { Ok(()) }
}

macro_rules! forward_deserialize {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(CheckedVisitor::new(visitor))
        }
    )*};
}

macro_rules! forward_integer {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(CheckedVisitor { inner: visitor, integer: true })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<D> {
    type Error = D::Error;

    forward_integer!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128
    );

    forward_deserialize!(
        deserialize_bool,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, CheckedVisitor::new(visitor))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, CheckedVisitor::new(visitor))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, CheckedVisitor::new(visitor))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, CheckedVisitor::new(visitor))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, CheckedVisitor::new(visitor))
    }
    // A self-describing read (`serde_json::Value`, an untagged or flattened
    // struct) takes any JSON as it is: no field of ours is named there.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }
    // Names and enum variants are matched against fixed lists; skipped values are never read.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_identifier(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(visitor)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CheckedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // 2^63 and 2^64: the bounds of i64 and u64, exact as floats.
        const I64_END: f64 = 9_223_372_036_854_775_808.0;
        const U64_END: f64 = 18_446_744_073_709_551_616.0;
        match v {
            v if !self.integer || v.fract() != 0.0 => self.inner.visit_f64(v),
            v if (-I64_END..I64_END).contains(&v) => self.inner.visit_i64(v as i64),
            v if (0.0..U64_END).contains(&v) => self.inner.visit_u64(v as u64),
            v => self.inner.visit_f64(v),
        }
    }

    forward_visit!(
        visit_bool: bool,
        visit_i8: i8,
        visit_i16: i16,
        visit_i32: i32,
        visit_i64: i64,
        visit_i128: i128,
        visit_u8: u8,
        visit_u16: u16,
        visit_u32: u32,
        visit_u64: u64,
        visit_u128: u128,
        visit_f32: f32,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>
    );

    fn visit_char<E: de::Error>(self, v: char) -> Result<Self::Value, E> {
        if is_refused(v) {
            return Err(E::custom(CONTROL_MESSAGE));
        }
        self.inner.visit_char(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        check(v)?;
        self.inner.visit_str(v)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        check(v)?;
        self.inner.visit_borrowed_str(v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        check(&v)?;
        self.inner.visit_string(v)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(Checked(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(Checked(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(CheckedAccess(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(CheckedAccess(map))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CheckedSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Checked(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for CheckedAccess<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(CheckedSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CheckedAccess<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(CheckedSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Input {
        title: String,
        tags: Vec<String>,
        note: Option<String>,
    }

    fn read(json: &str) -> Result<Input, serde_json::Error> {
        serde::Deserialize::deserialize(Checked(&mut serde_json::Deserializer::from_str(json)))
    }

    #[test]
    fn control_characters_are_refused_in_known_fields_only() {
        assert!(read(r#"{"title":"a\tb\nc","tags":[],"note":null,"x\u0001":"\u0000"}"#).is_ok());
        assert!(read(r#"{"title":"a\u0000","tags":[]}"#).is_err());
        assert!(read(r#"{"title":"a","tags":["\u007f"]}"#).is_err());
        assert!(read(r#"{"title":"a","tags":[],"note":"\u0085"}"#).is_err());
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Numbers {
        id: i64,
        class: Option<i32>,
        score: f64,
    }

    #[test]
    fn integral_floats_are_integers_and_fractions_are_not() {
        let read = |json: &str| -> Result<Numbers, serde_json::Error> {
            serde::Deserialize::deserialize(Checked(&mut serde_json::Deserializer::from_str(json)))
        };
        assert_eq!(
            read(r#"{"id":3.0,"class":1.0,"score":2.5}"#).unwrap(),
            Numbers { id: 3, class: Some(1), score: 2.5 }
        );
        assert!(read(r#"{"id":1.0e-169,"class":null,"score":0}"#).is_err());
        assert!(read(r#"{"id":1,"class":1.5,"score":0}"#).is_err());
        assert!(read(r#"{"id":1,"class":3000000000.0,"score":0}"#).is_err());
    }

    #[test]
    fn minimums_count_visible_characters() {
        assert_eq!(visible_len("  a b\u{3000}c "), 3);
        assert!(fits("ab", 2, 2) && !fits(" a ", 2, 5) && !fits("abc", 1, 2));
    }
}
