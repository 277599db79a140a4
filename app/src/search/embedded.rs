//! The embedded engine: a tantivy index in `DATA/index`, its words cut and
//! folded by our Bangla analyser (tantivy's own tokenizer splits শিক্ষক
//! into শিক + ষক). One writer, in the serving process; readers see a
//! change as soon as it is committed. Each commit carries a [`Mark`]: the
//! analyser's edition that wrote it and, in PostgreSQL mode, the last
//! change-log number applied.

use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument, Term};

use super::engine::{Found, Matches};
use super::entry::{self, CONTENT_TYPES, Entry, LANGUAGES, code_of};
use super::facets::FacetCounter;
use super::model::{Filters, Sort, Wanted};
use crate::items::{ItemKind, ItemRef};

/// Memory for the writer's buffer before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// A tokenizer that hands tantivy the analyser's output for a text.
#[derive(Clone)]
struct Analysed(fn(&str) -> Vec<(usize, String)>);

struct Tokens {
    tokens: Vec<Token>,
    at: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.at += 1;
        self.at <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

impl Tokenizer for Analysed {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = (self.0)(text)
            .into_iter()
            .map(|(position, text)| Token { offset_from: 0, offset_to: 0, position, text, position_length: 1 })
            .collect();
        Tokens { tokens, at: 0 }
    }
}

/// Every form of every word, a word's forms at its position.
fn word_forms(text: &str) -> Vec<(usize, String)> {
    bangla::analyse(text).into_iter().enumerate().flat_map(|(i, w)| w.forms.into_iter().map(move |f| (i, f))).collect()
}

fn word_sounds(text: &str) -> Vec<(usize, String)> {
    bangla::analyse(text).into_iter().enumerate().flat_map(|(i, w)| w.sounds.into_iter().map(move |s| (i, s))).collect()
}

/// Every beginning of every form and sound of a title's words (for the
/// search box's suggestions while a word is half typed).
fn beginnings(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, w) in bangla::analyse(text).into_iter().enumerate() {
        for f in w.forms.iter().chain(w.sounds.iter()) {
            let mut begun = String::new();
            for c in f.chars() {
                begun.push(c);
                out.push((i, begun.clone()));
            }
        }
    }
    out
}

struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    title: Field,
    body: Field,
    title_sound: Field,
    body_sound: Field,
    title_start: Field,
    byline: Field,
    level: Field,
    class: Field,
    subject: Field,
    chapter: Field,
    content_type: Field,
    language: Field,
    licence: Field,
    district: Field,
    created: Field,
    rating: Field,
    quality: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record))
    };
    let number = INDEXED | FAST;
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_u64_field("kind", INDEXED | FAST | STORED),
        id: b.add_i64_field("id", FAST | STORED),
        title: b.add_text_field("title", text("bangla", IndexRecordOption::WithFreqsAndPositions) | STORED),
        body: b.add_text_field("body", text("bangla", IndexRecordOption::WithFreqs) | STORED),
        title_sound: b.add_text_field("title_sound", text("bangla_sound", IndexRecordOption::WithFreqs)),
        body_sound: b.add_text_field("body_sound", text("bangla_sound", IndexRecordOption::WithFreqs)),
        title_start: b.add_text_field("title_start", text("beginnings", IndexRecordOption::Basic)),
        byline: b.add_text_field("byline", STORED),
        level: b.add_u64_field("level", number.clone()),
        class: b.add_u64_field("class", number.clone() | STORED),
        subject: b.add_u64_field("subject", number.clone() | STORED),
        chapter: b.add_u64_field("chapter", number.clone() | STORED),
        content_type: b.add_u64_field("content_type", number.clone()),
        language: b.add_u64_field("language", number.clone()),
        licence: b.add_u64_field("licence", number.clone()),
        district: b.add_u64_field("district", number),
        created: b.add_i64_field("created", FAST | STORED),
        rating: b.add_f64_field("rating", FAST | STORED),
        quality: b.add_f64_field("quality", FAST),
    };
    (b.build(), fields)
}

pub struct Embedded {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
    mark: Mutex<Mark>,
}

/// What an index says of itself in its last commit (tantivy's payload).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// `bangla::VERSION` of the analyser that wrote it: another edition's
    /// words may not meet today's queries, so such an index is rebuilt.
    pub analyser: u32,
    /// PostgreSQL mode: every change up to this number of the change log
    /// is in the index (None: not known, e.g. halfway through a rebuild).
    pub seq: Option<i64>,
}

impl Mark {
    fn read(index: &Index) -> Mark {
        let payload = index.load_metas().ok().and_then(|m| m.payload);
        payload.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default()
    }
}

fn key(item: ItemRef) -> String {
    format!("{}:{}", item.kind.as_str(), item.id)
}

fn positive(v: Option<i64>) -> u64 {
    v.filter(|n| *n > 0).map(|n| n as u64).unwrap_or(0)
}

impl Embedded {
    /// Opens the index in `dir`, making it if there is none. An index that
    /// cannot be opened (damaged, or from an older schema) is set aside and
    /// a new one made: the caller rebuilds it from the database.
    pub fn open(dir: &Path) -> anyhow::Result<(Embedded, bool)> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema();
        let fresh_dir = std::fs::read_dir(dir)?.next().is_none();
        let (index, fresh) = match Index::open_in_dir(dir).and_then(|i| {
            if i.schema() == schema { Ok(i) } else { Err(tantivy::TantivyError::SchemaError("schema changed".into())) }
        }) {
            Ok(index) => (index, false),
            Err(e) => {
                if !fresh_dir {
                    let aside = dir.with_extension(format!("broken-{}", chrono::Utc::now().timestamp()));
                    tracing::warn!(error = %e, aside = %aside.display(), "search index unusable; setting it aside and rebuilding");
                    std::fs::rename(dir, &aside)?;
                    std::fs::create_dir_all(dir)?;
                }
                (Index::create_in_dir(dir, schema)?, true)
            }
        };
        let mark = Mark::read(&index);
        // Written by another edition of the analyser: rebuilt, from scratch.
        let fresh = fresh || mark.analyser != bangla::VERSION;
        let mark = if fresh { Mark { analyser: bangla::VERSION, seq: None } } else { mark };
        index.tokenizers().register("bangla", Analysed(word_forms));
        index.tokenizers().register("bangla_sound", Analysed(word_sounds));
        index.tokenizers().register("beginnings", Analysed(beginnings));
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok((Embedded { reader, writer: Mutex::new(writer), f, mark: Mutex::new(mark) }, fresh))
    }

    /// What the last commit said of the index.
    pub fn mark(&self) -> Mark {
        *self.mark.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the entries for `entries` and removes `gone`, then commits.
    /// `new` entries (a rebuild into an emptied index) skip the deletes,
    /// which cost more as the index grows.
    pub fn apply(&self, entries: &[Entry], gone: &[ItemRef], new: bool) -> anyhow::Result<()> {
        let seq = self.mark().seq;
        self.write(entries, gone, new, seq)
    }

    /// As [`Embedded::apply`], and marks every change up to `seq` applied.
    pub fn apply_at(&self, entries: &[Entry], gone: &[ItemRef], seq: i64) -> anyhow::Result<()> {
        self.write(entries, gone, false, Some(seq))
    }

    fn write(&self, entries: &[Entry], gone: &[ItemRef], new: bool, seq: Option<i64>) -> anyhow::Result<()> {
        let f = &self.f;
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for item in gone {
            writer.delete_term(Term::from_field_text(f.key, &key(*item)));
        }
        for e in entries {
            if !new {
                writer.delete_term(Term::from_field_text(f.key, &key(e.item)));
            }
            writer.add_document(self.document(e))?;
        }
        self.commit(&mut writer, seq)
    }

    /// Commits what the writer holds with its mark, and lets readers see it.
    fn commit(&self, writer: &mut IndexWriter, seq: Option<i64>) -> anyhow::Result<()> {
        let mark = Mark { analyser: bangla::VERSION, seq };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&mark)?);
        prepared.commit()?;
        *self.mark.lock().unwrap_or_else(|p| p.into_inner()) = mark;
        self.reader.reload()?;
        Ok(())
    }

    fn document(&self, e: &Entry) -> TantivyDocument {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, key(e.item));
        doc.add_u64(f.kind, entry::code(e.item.kind));
        doc.add_i64(f.id, e.item.id);
        doc.add_text(f.title, &e.title);
        doc.add_text(f.body, &e.body);
        doc.add_text(f.title_sound, &e.title);
        doc.add_text(f.body_sound, &e.body);
        doc.add_text(f.title_start, &e.title);
        doc.add_text(f.byline, &e.byline);
        doc.add_u64(f.level, positive(e.level_id));
        doc.add_u64(f.class, positive(e.class));
        doc.add_u64(f.subject, positive(e.subject_id));
        doc.add_u64(f.chapter, positive(e.chapter_id));
        let code = |list: &[&str], v: &Option<String>| v.as_deref().and_then(|t| code_of(list, t)).unwrap_or(0);
        doc.add_u64(f.content_type, code(&CONTENT_TYPES, &e.content_type));
        doc.add_u64(f.language, code(&LANGUAGES, &e.language));
        doc.add_u64(f.licence, code(&super::entry::LICENCES, &e.licence));
        doc.add_u64(f.district, positive(e.district_id));
        doc.add_i64(f.created, e.created_at.timestamp_millis());
        doc.add_f64(f.rating, e.rating);
        doc.add_f64(f.quality, e.quality);
        doc
    }

    /// Empties the index (before a rebuild); its change-log place is lost with it.
    pub fn clear(&self) -> anyhow::Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        writer.delete_all_documents()?;
        self.commit(&mut writer, None)
    }

    /// Merges every segment into one and waits for it (after a rebuild,
    /// which commits a batch at a time: a query visits each segment, and a
    /// fresh index of many of them answered 1 M entries' single words at
    /// p95 87 ms while the background merges caught up).
    /// tantivy's own merge policy may be merging some of the same segments:
    /// when it finishes first, ours fails at its end, and the segments as
    /// they are now are merged again.
    pub fn compact(&self) -> anyhow::Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for _ in 0..5 {
            let segments = writer.index().searchable_segment_ids()?;
            if segments.len() <= 1 {
                break;
            }
            match writer.merge(&segments).wait() {
                Ok(_) => break,
                Err(tantivy::TantivyError::InvalidArgument(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        self.reader.reload()?;
        Ok(())
    }

    /// How many segments a search visits.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// How many entries the index holds.
    pub fn entries(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The words of the query: each must meet the title or the body, in one
    /// of its forms or (typed in Latin letters) by its sound.
    fn text_query(&self, wanted: &Wanted) -> Box<dyn Query> {
        let f = &self.f;
        let term = |field: Field, text: &str, boost: Score| -> (Occur, Box<dyn Query>) {
            let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
        };
        let last = wanted.words.len().saturating_sub(1);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in wanted.words.iter().enumerate() {
            let mut any = Vec::new();
            for form in &w.query {
                any.push(term(f.title, form, 3.0));
                any.push(term(f.body, form, 1.0));
                if wanted.prefix && i == last {
                    any.push(term(f.title_start, form, 2.0));
                }
            }
            if super::engine::is_latin(w) {
                for s in &w.sounds {
                    any.push(term(f.title_sound, s, 1.2));
                    any.push(term(f.body_sound, s, 0.4));
                    if wanted.prefix && i == last {
                        any.push(term(f.title_start, s, 0.8));
                    }
                }
            }
            let occur = if wanted.any { Occur::Should } else { Occur::Must };
            must.push((occur, Box::new(BooleanQuery::new(any))));
        }
        if must.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(must))
    }

    fn filtered(&self, text: Box<dyn Query>, filters: &Filters, with_kind: bool) -> Box<dyn Query> {
        let f = &self.f;
        let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        let mut add = |field: Field, value: Option<u64>| {
            if let Some(v) = value {
                let q = TermQuery::new(Term::from_field_u64(field, v), IndexRecordOption::Basic);
                all.push((Occur::Must, Box::new(q)));
            }
        };
        if with_kind {
            add(f.kind, filters.kind.map(entry::code));
        }
        add(f.level, filters.level_id.map(|v| v as u64));
        add(f.class, filters.class.map(|v| v as u64));
        add(f.subject, filters.subject_id.map(|v| v as u64));
        add(f.chapter, filters.chapter_id.map(|v| v as u64));
        add(f.content_type, filters.content_type);
        add(f.language, filters.language);
        add(f.licence, filters.licence);
        add(f.district, filters.district_id.map(|v| v as u64));
        Box::new(BooleanQuery::new(all))
    }

    /// One pass over the matches (every kind): the page, the counts and
    /// the total together. A match of another kind than the one asked for
    /// is counted for the kind tabs and kept off the page.
    pub fn search(&self, wanted: &Wanted) -> anyhow::Result<Matches> {
        let searcher = self.reader.searcher();
        let query = self.filtered(self.text_query(wanted), &wanted.filters, false);
        let offset = ((wanted.page.max(1) - 1) * wanted.per_page) as usize;
        let kind = wanted.filters.kind.map(entry::code);
        let sort = wanted.sort;
        let ranked = TopDocs::with_limit(wanted.per_page.max(1) as usize).and_offset(offset).tweak_score(
            move |segment: &SegmentReader| {
                let fast = segment.fast_fields();
                let quality = fast.f64("quality").ok().map(|c| c.first_or_default_col(0.0));
                let created = fast.i64("created").ok().map(|c| c.first_or_default_col(0));
                let rating = fast.f64("rating").ok().map(|c| c.first_or_default_col(0.0));
                let kinds = fast.u64("kind").ok().map(|c| c.first_or_default_col(0));
                move |doc: DocId, score: Score| {
                    if kind.is_some_and(|k| kinds.as_ref().is_some_and(|c| c.get_val(doc) != k)) {
                        return f64::NEG_INFINITY;
                    }
                    match sort {
                        Sort::Relevance => {
                            let q = quality.as_ref().map(|c| c.get_val(doc)).unwrap_or(0.0);
                            score as f64 * (1.0 + super::engine::QUALITY_WEIGHT * q)
                        }
                        Sort::Newest => created.as_ref().map(|c| c.get_val(doc)).unwrap_or(0) as f64,
                        Sort::TopRated => rating.as_ref().map(|c| c.get_val(doc)).unwrap_or(0.0),
                    }
                }
            },
        );
        let (top, facets) = searcher.search(&query, &(ranked, FacetCounter { kind }))?;
        let total = match kind {
            Some(k) => facets.kind.get(&k).copied().unwrap_or(0),
            None => facets.kind.values().sum(),
        };
        let mut found = Vec::with_capacity(top.len());
        for (key, a) in top.into_iter().filter(|(key, _)| key.is_finite()) {
            let mut f = self.found(&searcher.doc::<TantivyDocument>(a)?);
            f.score = if sort == Sort::Relevance { key } else { 0.0 };
            found.push(f);
        }
        Ok(Matches { total, approximate: false, found, facets })
    }

    /// Titles that begin with what is typed, best first.
    pub fn suggest(&self, wanted: &Wanted, limit: usize) -> anyhow::Result<Vec<Found>> {
        let searcher = self.reader.searcher();
        let f = &self.f;
        let last = wanted.words.len().saturating_sub(1);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in wanted.words.iter().enumerate() {
            let field = if i == last { f.title_start } else { f.title };
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for form in w.query.iter().chain(w.forms.first()) {
                any.push((
                    Occur::Should,
                    Box::new(TermQuery::new(Term::from_field_text(field, form), IndexRecordOption::Basic)),
                ));
            }
            if super::engine::is_latin(w) {
                let sound_field = if i == last { f.title_start } else { f.title_sound };
                for s in &w.sounds {
                    any.push((
                        Occur::Should,
                        Box::new(TermQuery::new(Term::from_field_text(sound_field, s), IndexRecordOption::Basic)),
                    ));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let query = self.filtered(Box::new(BooleanQuery::new(must)), &wanted.filters, true);
        let ranked = TopDocs::with_limit(limit).tweak_score(move |segment: &SegmentReader| {
            let quality = segment.fast_fields().f64("quality").ok().map(|c| c.first_or_default_col(0.0));
            move |doc: DocId, score: Score| {
                score as f64 * (1.0 + quality.as_ref().map(|c| c.get_val(doc)).unwrap_or(0.0))
            }
        });
        let mut out = Vec::new();
        for (_, a) in searcher.search(&query, &ranked)? {
            out.push(self.found(&searcher.doc::<TantivyDocument>(a)?));
        }
        Ok(out)
    }

    fn found(&self, doc: &TantivyDocument) -> Found {
        let f = &self.f;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let u64_of = |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        Found {
            item: ItemRef::new(
                entry::kind_of(u64_of(f.kind)).unwrap_or(ItemKind::Content),
                doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0),
            ),
            title: text(f.title),
            body: text(f.body),
            byline: text(f.byline),
            class: Some(u64_of(f.class) as i64).filter(|c| *c > 0),
            subject_id: Some(u64_of(f.subject) as i64).filter(|c| *c > 0),
            chapter_id: Some(u64_of(f.chapter) as i64).filter(|c| *c > 0),
            score: 0.0,
            created_at: chrono::DateTime::from_timestamp_millis(
                doc.get_first(f.created).and_then(|v| v.as_i64()).unwrap_or(0),
            )
            .unwrap_or_default(),
            rating: doc.get_first(f.rating).and_then(|v| v.as_f64()).unwrap_or(0.0),
        }
    }
}
