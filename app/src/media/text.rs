//! The words inside a stored PDF, Word/Writer document or slide deck, for
//! search and for spotting the same worksheet shared twice in different
//! files. PDFs go through poppler's `pdftotext` (time- and memory-limited
//! like every outside program); .docx/.pptx/.odt/.odp are zip files of XML
//! whose text is read here, with a cap on how much is unpacked.

use std::io::Read;
use std::path::Path;

use chrono::Utc;
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;

use super::MediaKind;
use crate::ids::BlobId;

/// Text kept per file: enough for search and comparison, small in the database.
pub const MAX_TEXT: usize = 200_000;
/// XML read out of one office file at most (a zip bomb stops here).
const MAX_XML: u64 = 20 * 1024 * 1024;
/// Pages of a PDF read at most.
const MAX_PAGES: &str = "60";

crate::db::entity!(blob_text, "blob_texts", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub blob_id: crate::ids::BlobId,
    pub text: String,
    pub extracted_at: DateTimeUtc,
});

/// Cuts at a character boundary and collapses white space.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT));
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > MAX_TEXT {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    bangla::normalize(&out)
}

/// The text of an office file's XML parts: tags dropped, paragraph ends
/// kept as spaces, the five XML entities decoded.
fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 3);
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Which parts of an office file hold its text.
fn is_text_part(name: &str) -> bool {
    name == "word/document.xml"
        || (name.starts_with("ppt/slides/slide") && name.ends_with(".xml"))
        || name == "content.xml"
}

fn office_text(path: &Path) -> anyhow::Result<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut names: Vec<String> =
        zip.file_names().filter_map(|n| n.ok()).filter(|n| is_text_part(n)).map(|n| n.into_owned()).collect();
    // Slides in their order (slide2 before slide10).
    names.sort_by_key(|n| (n.len(), n.clone()));
    let (mut text, mut budget) = (String::new(), MAX_XML);
    for name in names {
        let part = zip.by_name(&name)?;
        let mut xml = String::new();
        let read = part.take(budget).read_to_string(&mut xml)?;
        budget = budget.saturating_sub(read as u64);
        text.push_str(&xml_text(&xml));
        text.push(' ');
        if budget == 0 {
            break;
        }
    }
    Ok(text)
}

/// The text of the file at `path`, if its kind has any.
pub async fn extract(kind: MediaKind, path: &Path) -> anyhow::Result<Option<String>> {
    let text = match kind {
        MediaKind::Pdf => {
            let input = path.to_str().ok_or_else(|| anyhow::anyhow!("path is not UTF-8"))?;
            let out = super::process::run_tool(
                std::time::Duration::from_secs(60),
                "pdftotext",
                &["-q", "-enc", "UTF-8", "-l", MAX_PAGES, input, "-"],
            )
            .await?;
            String::from_utf8_lossy(&out).into_owned()
        }
        MediaKind::Document | MediaKind::Slides => {
            let path = path.to_owned();
            tokio::task::spawn_blocking(move || office_text(&path)).await??
        }
        _ => return Ok(None),
    };
    let text = tidy(&text);
    Ok((!text.is_empty()).then_some(text))
}

pub async fn save(db: &impl ConnectionTrait, blob: BlobId, text: &str) -> Result<(), DbErr> {
    let row = blob_text::ActiveModel { blob_id: Set(blob), text: Set(text.to_owned()), extracted_at: Set(Utc::now()) };
    blob_text::Entity::insert(row)
        .on_conflict(
            OnConflict::column(blob_text::Column::BlobId)
                .update_columns([blob_text::Column::Text, blob_text::Column::ExtractedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The texts of `blobs` that have one.
pub async fn of(
    db: &impl ConnectionTrait,
    blobs: &[BlobId],
) -> Result<std::collections::HashMap<BlobId, String>, DbErr> {
    if blobs.is_empty() {
        return Ok(Default::default());
    }
    let rows = blob_text::Entity::find().filter(blob_text::Column::BlobId.is_in(blobs.to_vec())).all(db).await?;
    Ok(rows.into_iter().map(|r| (r.blob_id, r.text)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_xml_becomes_plain_words() {
        let xml = "<w:p><w:r><w:t>ভগ্নাংশের</w:t></w:r><w:r><w:t>যোগ</w:t></w:r></w:p><w:p><w:t>A &amp; B</w:t></w:p>";
        assert_eq!(tidy(&xml_text(xml)), "ভগ্নাংশের যোগ A & B");
    }

    #[test]
    fn a_docx_made_here_gives_its_words_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lesson.docx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(
            &mut zip,
            "<w:document><w:body><w:p><w:t>চতুর্থ শ্রেণির গণিত</w:t></w:p></w:body></w:document>".as_bytes(),
        )
        .unwrap();
        zip.finish().unwrap();
        assert_eq!(tidy(&office_text(&path).unwrap()), "চতুর্থ শ্রেণির গণিত");
    }
}
