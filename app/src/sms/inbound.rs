//! `POST /api/v1/sms/inbound`: the gateway posts each text a phone sent. Signed
//! with the shared secret (`signature`), each message id taken once, at
//! most `conversation::PER_HOUR` texts an hour from one number; then the portal answers
//! it through the same gateway. Gateways name their fields differently:
//! JSON or a form, with the names of the common Bangladeshi gateways
//! (docs/sms.md).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};

use super::{conversation, signature};
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// The largest text a gateway may post, with its envelope.
pub const BODY_LIMIT: usize = 16 * 1024;

const ID_NAMES: [&str; 6] = ["id", "message_id", "messageId", "sms_id", "smsid", "msgid"];
const FROM_NAMES: [&str; 5] = ["from", "msisdn", "sender", "mobile", "phone"];
const TEXT_NAMES: [&str; 6] = ["text", "message", "sms", "body", "content", "msg"];

/// What the gateway posted, whatever it called the fields.
struct Incoming {
    id: String,
    from: String,
    text: String,
}

/// The first field of these names, without control characters: a phone
/// may send anything, and PostgreSQL refuses a NUL in text.
fn pick(fields: &[(String, String)], names: &[&str]) -> Option<String> {
    let value = names.iter().find_map(|n| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v))?;
    Some(value.chars().filter(|c| !c.is_control() || *c == '\n').collect())
}

/// The fields of a JSON object or a form, as text.
fn fields_of(headers: &HeaderMap, body: &[u8]) -> AppResult<Vec<(String, String)>> {
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
    if !json {
        return Ok(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect());
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| AppError::BadRequest("not JSON"))?;
    let object = value.as_object().ok_or(AppError::BadRequest("not a JSON object"))?;
    Ok(object
        .iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k.clone(), s.clone())),
            serde_json::Value::Number(n) => Some((k.clone(), n.to_string())),
            _ => None,
        })
        .collect())
}

fn incoming(headers: &HeaderMap, body: &[u8]) -> AppResult<Incoming> {
    let fields = fields_of(headers, body)?;
    let id = pick(&fields, &ID_NAMES).filter(|i| !i.trim().is_empty() && i.len() <= 100);
    let from = pick(&fields, &FROM_NAMES);
    let text = pick(&fields, &TEXT_NAMES);
    let mut errors = crate::web::FieldErrors::default();
    if id.is_none() {
        errors.add("id", "error-required");
    }
    if from.is_none() {
        errors.add("from", "error-required");
    }
    if text.is_none() {
        errors.add("text", "error-required");
    }
    errors.into_result()?;
    Ok(Incoming { id: id.unwrap_or_default(), from: from.unwrap_or_default(), text: text.unwrap_or_default() })
}

pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<(StatusCode, Json<conversation::Taken>)> {
    let secret = state.config.senders.sms_secret.clone().ok_or(AppError::NotFound)?;
    let given = headers.get(signature::HEADER).and_then(|v| v.to_str().ok());
    if let Err(why) = signature::check(&secret, given, &body, chrono::Utc::now().timestamp()) {
        tracing::warn!(?why, "SMS reply refused: its signature does not hold");
        return Err(AppError::Protocol {
            status: StatusCode::UNAUTHORIZED,
            code: "bad_signature",
            key: "sms-bad-signature",
        });
    }
    let text = incoming(&headers, &body)?;
    let phone = crate::accounts::model::normalize_phone(&text.from)
        .ok_or_else(|| AppError::invalid("from", "field-phone-invalid"))?;
    let message: String = text.text.chars().take(1000).collect();
    Ok((StatusCode::OK, Json(conversation::take(&state, &text.id, &phone, &message).await?)))
}
