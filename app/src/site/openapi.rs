//! Completes the OpenAPI document with what every route can answer besides
//! its own successes, so the document says exactly what the server does:
//! errors are `application/problem+json` (never plain JSON), and each
//! operation lists the error statuses its shape allows (a parameter that
//! does not parse, a missing sign-in, a body too large or of the wrong
//! type, a rate limit, an internal error).

use serde_json::{Value, json};

/// Statuses an operation can answer, from its shape.
fn possible_errors(path: &str, method: &str, op: &Value) -> Vec<(&'static str, &'static str)> {
    let secured = op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
    let has_body = op.get("requestBody").is_some();
    let params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let has_query = params.iter().any(|p| p["in"] == "query");
    let mut out = vec![("400", "A path, query or header parameter that cannot be read (named in `errors`)")];
    if secured {
        out.push(("401", "Not signed in: send `Authorization: Bearer TOKEN`"));
        out.push(("403", "Not allowed for this account, or a cookie-signed write without its CSRF token"));
    }
    if path.contains('{') {
        out.push(("404", "No such record, or not visible to this account"));
    }
    if has_body {
        out.push(("413", "The body is larger than allowed"));
        out.push(("415", "The body is not of the declared content type"));
    }
    if has_body || has_query {
        out.push(("422", "Invalid input: each wrong field is named in `errors`"));
    }
    let limited = path.starts_with("/api/v1/auth/") || (path == "/api/v1/uploads" && method == "post");
    if limited {
        out.push(("429", "Too many attempts, or a personal quota reached: see `Retry-After` and `detail`"));
    }
    if path == "/api/v1/auth/login" || path == "/api/v1/auth/register" || path.starts_with("/api/v1/auth/password") {
        out.push(("503", "Too many log-ins waiting for password checks: try again after `Retry-After`"));
    }
    out.push(("500", "An internal error (logged with the request id)"));
    out
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } }
    })
}

/// Adds the error responses and makes every error body problem+json.
pub fn complete(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "put" | "post" | "patch" | "delete" | "head" | "options") {
                continue;
            }
            let errors = possible_errors(path, method, op);
            let head = method == "head";
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for (status, description) in errors {
                responses
                    .entry(status)
                    .or_insert_with(|| if head { json!({ "description": description }) } else { problem(description) });
            }
            for (status, response) in responses.iter_mut() {
                let is_error = status.starts_with('4') || status.starts_with('5');
                let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else { continue };
                if is_error && let Some(json) = content.remove("application/json") {
                    content.insert("application/problem+json".into(), json);
                }
            }
        }
    }
}
