//! Bangla and English text analysis shared by forms and search: one normal
//! form for stored text, Bangla↔ASCII digits, word segmentation that keeps
//! Bangla conjuncts whole (শিক্ষক stays one word), spelling variants folded,
//! a light stemmer (বাংলাদেশের → বাংলাদেশ) and a sound key that lets Bangla
//! typed in Latin letters find Bangla words (`gonit` → গণিত).

mod analyze;
mod digits;
mod normalize;
mod phonetic;
pub mod script;
mod stem;
mod stopwords;
mod variants;
mod words;

pub use analyze::{MIN_SOUND, Word, analyse, sounds, terms};
pub use digits::{has_digits, to_ascii_digits, to_bangla_digits};
pub use normalize::{normalize, normalize_lines, search_key};
pub use phonetic::{bangla_key, latin_key};
pub use stem::{stem_bangla, stem_english, stems_bangla};
pub use stopwords::is_stopword;
pub use variants::{fold, without_nukta};

/// The analyser's edition: it changes whenever the search forms of a word
/// change (2: the nukta folded), so an index written by another edition is
/// known to be stale and rebuilt.
pub const VERSION: u32 = 2;
pub use words::{word_spans, words};
