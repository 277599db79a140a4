//! What a search asks and what it finds.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// `content`, `teacher` or `chapter`; all when left out.
    pub kind: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Hit {
    /// content | teacher | chapter
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// Where it belongs: a teacher's designation, a chapter's class and subject.
    pub context: String,
    pub url: String,
}

impl Hit {
    pub fn kind_key(&self) -> String {
        format!("search-kind-{}", self.kind)
    }
}
