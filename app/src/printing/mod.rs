//! Printed packs: a few A4 pages of text, tick boxes and QR codes, for a
//! head teacher to print at the union parishad for colleagues without
//! phones. Domain-free plumbing: features say what goes on the paper as
//! [`Block`]s; this lays them out in pages (`layout`), draws each page as
//! SVG with the system's fonts, and writes the drawn outlines as a vector
//! PDF (`pdf`), so Bangla prints exactly as shaped on screen and stays
//! sharp at any printer's resolution, with no font to embed.

mod layout;
mod pdf;

/// One piece of a pack, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The pack's name, large, at the top of the first page.
    Title(String),
    /// A line under the title: who wrote it, what it is part of.
    Subtitle(String),
    /// A section: an activity, a content, the quiz.
    Heading(String),
    /// Running text; blank lines separate paragraphs.
    Text(String),
    /// A numbered question of a quiz printed without its answers.
    Question(String),
    /// A choice under a question, with an empty box to tick.
    Choice(String),
    /// A QR code a phone can scan later, the words beside it, the address under them.
    Link { url: String, caption: String },
}

/// What a pack prints.
pub struct Pack {
    /// Its name, also in the PDF's properties and every page's foot.
    pub title: String,
    pub blocks: Vec<Block>,
    /// The foot of every page before the page number ("বাতায়ন · …").
    pub foot: String,
    /// How page numbers are written ("পৃষ্ঠা ২/৫"): given the number and the count.
    pub page_number: Box<dyn Fn(usize, usize) -> String + Send>,
}

/// The pack as one A4 PDF. Takes a moment of CPU (shaping and drawing
/// every line): call it off the async threads.
pub fn pdf(pack: &Pack) -> anyhow::Result<Vec<u8>> {
    let pages = layout::pages(pack)?;
    pdf::write(&pack.title, &pages)
}

/// The system's fonts, read once (Bangla needs Noto Sans Bengali or
/// another Bengali font; Debian's fonts-noto-core has it).
pub fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            std::sync::Arc::new(db)
        })
        .clone()
}

/// Parses one drawn page (or a word being measured) with the system's fonts.
fn parse(svg: &str) -> anyhow::Result<resvg::usvg::Tree> {
    let options = resvg::usvg::Options { fontdb: fonts(), ..Default::default() };
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| anyhow::anyhow!("drawing a page: {e}"))
}

/// Made packs, kept ten minutes: a head teacher's colleagues print the same
/// module, and a pack costs a second of CPU to make. Packs are made two at
/// a time with turns of their own (a public chapter's pack must not hold up
/// teachers' photo and voice-note uploads), and one pack asked for by many
/// at once is made once.
pub struct KeptPacks {
    kept: std::sync::Mutex<Kept>,
    turns: tokio::sync::Semaphore,
}

#[derive(Default)]
struct Kept {
    map: std::collections::HashMap<String, (std::time::Instant, bytes::Bytes)>,
    bytes: usize,
}

impl Default for KeptPacks {
    fn default() -> Self {
        KeptPacks { kept: Default::default(), turns: tokio::sync::Semaphore::new(2) }
    }
}

impl KeptPacks {
    fn get(&self, key: &str) -> Option<bytes::Bytes> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.map.get(key).filter(|(at, _)| at.elapsed() < KEEP_PACKS).map(|(_, pdf)| pdf.clone())
    }

    /// Keeps `pdf`, the oldest going first past the memory budget.
    fn put(&self, key: String, pdf: bytes::Bytes) {
        let mut guard = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let kept = &mut *guard;
        if let Some((_, old)) = kept.map.remove(&key) {
            kept.bytes -= old.len();
        }
        while kept.bytes + pdf.len() > PACKS_BUDGET {
            let Some(oldest) = kept.map.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone()) else { break };
            let (_, old) = kept.map.remove(&oldest).expect("just found");
            kept.bytes -= old.len();
        }
        if pdf.len() <= PACKS_BUDGET {
            kept.bytes += pdf.len();
            kept.map.insert(key, (std::time::Instant::now(), pdf));
        }
    }
}

const KEEP_PACKS: std::time::Duration = std::time::Duration::from_secs(600);
/// Memory for kept packs.
const PACKS_BUDGET: usize = 24 * 1024 * 1024;
/// How long a request waits for a turn before being told to come back.
const WAIT_FOR_TURN: std::time::Duration = std::time::Duration::from_secs(20);

/// The PDF kept under `key`, or made now from `pack()` off the async
/// threads and kept. The key must name everything the pack shows (callers
/// put in the ids and versions of what they print), so a changed or hidden
/// item is never printed from an old copy.
pub async fn kept_or_made(
    state: &crate::state::AppState,
    key: String,
    pack: impl FnOnce() -> Pack + Send + 'static,
) -> crate::web::AppResult<bytes::Bytes> {
    use crate::web::AppError;
    let packs = state.part::<KeptPacks>();
    if let Some(pdf) = packs.get(&key) {
        return Ok(pdf);
    }
    let turn = tokio::time::timeout(WAIT_FOR_TURN, packs.turns.acquire())
        .await
        .map_err(|_| AppError::Busy { retry_after_secs: 30 })?
        .map_err(|e| AppError::Internal(e.into()))?;
    // Made by another request while this one waited for its turn.
    if let Some(pdf) = packs.get(&key) {
        return Ok(pdf);
    }
    let made = tokio::task::spawn_blocking(move || pdf(&pack())).await.map_err(|e| AppError::Internal(e.into()))?;
    drop(turn);
    let pdf = bytes::Bytes::from(made.map_err(AppError::Internal)?);
    packs.put(key, pdf.clone());
    Ok(pdf)
}

/// A short fingerprint of what a pack prints, for its key.
pub fn fingerprint(parts: &[String]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(parts.join("\u{1f}").as_bytes()))
}

/// The answer carrying a pack: a PDF to save, named `name`.
pub fn attachment(pdf: bytes::Bytes, name: &str) -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.pdf\"")),
            (CACHE_CONTROL, "private, max-age=600".to_owned()),
        ],
        pdf,
    )
        .into_response()
}
