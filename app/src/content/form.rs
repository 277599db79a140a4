//! Reading a content form: multipart with the file streamed to disk (the
//! upload page and `POST /api/v1/contents`), or plain fields when the file
//! already arrived through tus or is a link.

use std::collections::HashMap;

use axum::extract::Multipart;
use futures_util::TryStreamExt;

use super::model::{ContentInput, split_tags};
use crate::media::upload::{self, Received, SizeLimits};
use crate::web::extract::multipart_error;
use crate::web::{AppError, csrf};

const MAX_FIELD: usize = 16 * 1024;
const MAX_FIELDS: usize = 30;
/// All text fields together can be no larger than this.
pub const MAX_TEXT_BYTES: usize = MAX_FIELD * MAX_FIELDS;

pub struct ContentForm {
    pub fields: HashMap<String, String>,
    pub file: Option<Received>,
    pub file_name: Option<String>,
}

/// A form that could not be read, with the fields that came before the
/// trouble (so the page can show them again).
pub struct Refused {
    pub error: AppError,
    pub fields: HashMap<String, String>,
}

/// Reads every field; the `file` field goes to a temporary file. With
/// `csrf` given, the `_csrf` field must come before the file and match.
pub async fn read(
    form: Multipart,
    work_dir: &std::path::Path,
    limits: SizeLimits,
    csrf_expected: Option<&str>,
) -> Result<ContentForm, Refused> {
    let mut fields = HashMap::new();
    match read_into(form, work_dir, limits, csrf_expected, &mut fields).await {
        Ok((file, file_name)) => Ok(ContentForm { fields, file, file_name }),
        Err(error) => Err(Refused { error, fields }),
    }
}

async fn read_into(
    mut form: Multipart,
    work_dir: &std::path::Path,
    limits: SizeLimits,
    csrf_expected: Option<&str>,
    fields: &mut HashMap<String, String>,
) -> Result<(Option<Received>, Option<String>), AppError> {
    let mut file = None;
    let mut file_name = None;
    loop {
        // Counted before the next field is read, so a flood of tiny fields
        // costs nothing.
        if fields.len() >= MAX_FIELDS {
            return Err(AppError::TooLarge);
        }
        let Some(mut field) = form.next_field().await.map_err(|e| multipart_error(&e))? else { break };
        let name: String = field.name().unwrap_or("").chars().take(64).collect();
        if name == "file" {
            if let Some(expected) = csrf_expected {
                let sent = fields.get(csrf::FIELD).map(String::as_str).unwrap_or("");
                if !csrf::same(sent, expected) {
                    return Err(AppError::CsrfFailed);
                }
            }
            let original = field.file_name().map(str::to_owned).filter(|n| !n.is_empty());
            if original.is_none() {
                // An empty file input (no file chosen) sends a nameless, empty part.
                read_capped(&mut field, 0).await?;
                continue;
            }
            file_name = original;
            file = Some(upload::receive(field.map_err(|e| multipart_error(&e)), work_dir, limits).await?);
        } else {
            let bytes = read_capped(&mut field, MAX_FIELD).await?;
            let text = String::from_utf8(bytes).map_err(|_| AppError::BadRequest("form field is not UTF-8"))?;
            fields.insert(name, text);
        }
    }
    if let Some(expected) = csrf_expected
        && !csrf::same(fields.get(csrf::FIELD).map(String::as_str).unwrap_or(""), expected)
    {
        return Err(AppError::CsrfFailed);
    }
    Ok((file, file_name))
}

/// A field's bytes, refused (413) as soon as they pass `cap`: never read
/// whole before being measured.
async fn read_capped(field: &mut axum::extract::multipart::Field<'_>, cap: usize) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
        if out.len() + chunk.len() > cap {
            return Err(AppError::TooLarge);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// The content details in a set of form fields.
pub fn input_from(fields: &HashMap<String, String>) -> ContentInput {
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let id = |k: &str| fields.get(k).and_then(|v| bangla::to_ascii_digits(v).trim().parse().ok());
    ContentInput {
        title: get("title"),
        description: get("description"),
        chapter_id: id("chapter_id"),
        licence: fields.get("licence").cloned(),
        language: fields.get("language").cloned(),
        tags: split_tags(&get("tags")),
        external_url: fields.get("external_url").cloned(),
        upload_id: fields.get("upload_id").cloned().filter(|u| !u.is_empty()),
    }
}
