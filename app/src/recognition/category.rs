//! The six awards, in the order pages list them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = AwardCategory)]
pub enum Category {
    /// Best content.
    Content,
    /// Best content creator.
    Creator,
    /// Most helpful answerer.
    Answerer,
    /// Best online performer.
    Performer,
    /// Innovative teacher (nominated by peers, confirmed by moderators).
    Innovator,
    /// Institution head for leadership.
    Leader,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Content,
        Category::Creator,
        Category::Answerer,
        Category::Performer,
        Category::Innovator,
        Category::Leader,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Content => "content",
            Category::Creator => "creator",
            Category::Answerer => "answerer",
            Category::Performer => "performer",
            Category::Innovator => "innovator",
            Category::Leader => "leader",
        }
    }

    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The catalogue key of its name ("Best content of the week" is
    /// `award-content` with the period).
    pub fn label_key(self) -> &'static str {
        match self {
            Category::Content => "award-content",
            Category::Creator => "award-creator",
            Category::Answerer => "award-answerer",
            Category::Performer => "award-performer",
            Category::Innovator => "award-innovator",
            Category::Leader => "award-leader",
        }
    }
}
