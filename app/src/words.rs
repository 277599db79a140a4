//! How the portal's vocabulary is declared: every status, kind, role, rule
//! and category is an enum stored as its word (`DeriveActiveEnum`, a text
//! column, no schema change), read from forms and JSON as the same word,
//! and named as an enum in the OpenAPI document. A typo no longer compiles;
//! a rename is one line.

/// Declares an enum of stored words:
///
/// ```ignore
/// crate::stored_words! {
///     /// Where a question stands.
///     pub enum QuestionStatus {
///         Open = "open",
///         Closed = "closed",
///     }
/// }
/// ```
///
/// gives `QuestionStatus::ALL`, `as_str`, `Display`, `FromStr` (the exact
/// word, trimmed), serde as the word, a `ToSchema` enum and a SeaORM
/// column type.
#[macro_export]
macro_rules! stored_words {
    // `$word` is a `tt`, not a `literal`: utoipa reads a `literal` fragment's
    // `rename` as nothing and would declare the variant's Rust name.
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:tt,)+ }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            sea_orm::EnumIter, sea_orm::DeriveActiveEnum,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        $vis enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $word)] #[serde(rename = $word)] $variant,)+
        }

        impl $name {
            /// Every word, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored word.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The enum of a word, or None for any other text.
            pub fn parse(text: &str) -> Option<$name> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|w| w.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::words::UnknownWord;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text).ok_or($crate::words::UnknownWord)
            }
        }
    };
}

/// A word that is not one of its enum's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownWord;

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not one of the allowed words")
    }
}

impl std::error::Error for UnknownWord {}
