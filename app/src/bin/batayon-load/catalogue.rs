//! What there is to visit, asked once before the run through the public
//! API: the chapters (`/api/v1/curriculum`), contents in a spread of them
//! (`/api/v1/contents?chapter_id=`, and the newest), and the courses
//! (`/api/v1/courses`). Teachers then find more from the pages themselves.

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::http::{Expect, Http, Session};
use crate::stats::{Stats, Step};

/// The ids the journeys pick from.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// Chapters with at least one content.
    pub chapters: Vec<i64>,
    pub contents: Vec<i64>,
    pub courses: Vec<i64>,
}

#[derive(Deserialize)]
struct Level {
    classes: Vec<Class>,
}
#[derive(Deserialize)]
struct Class {
    subjects: Vec<Subject>,
}
#[derive(Deserialize)]
struct Subject {
    chapters: Vec<Id>,
}
#[derive(Deserialize)]
struct Id {
    id: i64,
}
#[derive(Deserialize)]
struct ContentLine {
    id: i64,
    chapter_id: Option<i64>,
}
#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

async fn json<T: serde::de::DeserializeOwned>(http: &Http, path: &str) -> anyhow::Result<T> {
    let (mut s, mut stats) = (Session::new("discovery"), Stats::default());
    let reply = http.get(&mut s, &mut stats, Step::Check, path, Expect::Json).await;
    let reply = reply.with_context(|| match stats.failures.first() {
        Some(f) => format!("GET {path}: {} {}", f.kind, f.detail),
        None => format!("GET {path} failed"),
    })?;
    serde_json::from_str(&reply.body).with_context(|| format!("GET {path}: unexpected JSON"))
}

impl Catalogue {
    /// Asks the API; `sample` chapters, spread over the curriculum, are listed.
    pub async fn discover(http: &Http, sample: usize) -> anyhow::Result<Catalogue> {
        let levels: Vec<Level> = json(http, "/api/v1/curriculum").await?;
        let all: Vec<i64> = levels
            .iter()
            .flat_map(|l| &l.classes)
            .flat_map(|c| &c.subjects)
            .flat_map(|s| &s.chapters)
            .map(|c| c.id)
            .collect();
        let mut cat = Catalogue::default();
        let stride = (all.len() / sample.max(1)).max(1);
        for chapter in all.iter().step_by(stride).take(sample) {
            let page: Items<ContentLine> =
                json(http, &format!("/api/v1/contents?chapter_id={chapter}&per_page=50")).await?;
            cat.add(page.items);
        }
        let newest: Items<ContentLine> = json(http, "/api/v1/contents?sort=new&per_page=100").await?;
        cat.add(newest.items);
        let courses: Items<Id> = json(http, "/api/v1/courses?per_page=50").await?;
        cat.courses = courses.items.into_iter().map(|c| c.id).collect();
        if cat.contents.is_empty() {
            bail!("the portal lists no contents: nothing to browse (load data first, e.g. serve --demo)");
        }
        Ok(cat)
    }

    fn add(&mut self, lines: Vec<ContentLine>) {
        for line in lines {
            if !self.contents.contains(&line.id) {
                self.contents.push(line.id);
            }
            if let Some(ch) = line.chapter_id.filter(|ch| !self.chapters.contains(ch)) {
                self.chapters.push(ch);
            }
        }
    }
}
