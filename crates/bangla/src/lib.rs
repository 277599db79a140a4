//! Bangla and English text analysis shared by forms and search: one normal
//! form for stored text, Bangla↔ASCII digits, and word segmentation that keeps
//! Bangla conjuncts whole (শিক্ষক stays one word).

mod digits;
mod normalize;
mod words;

pub use digits::{has_digits, to_ascii_digits, to_bangla_digits};
pub use normalize::{normalize, normalize_lines, search_key};
pub use words::words;
