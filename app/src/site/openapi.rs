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

/// Adds the error responses, makes every error body problem+json, and
/// writes the rules every input keeps into the schemas of what is sent.
pub fn complete(doc: &mut Value) {
    state_input_rules(doc);
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

/// Writes into every schema a request uses the rules the server applies to
/// all input (`web::text`, serde's integer types), so the document is as
/// strict as the server: a plain text gets the pattern that refuses control
/// characters and counts its `minLength` in visible characters; an integer
/// without bounds gets those of its format.
fn state_input_rules(doc: &mut Value) {
    let mut used = std::collections::BTreeSet::new();
    let mut inline = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item {
                for (i, p) in op.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    refs(&p["schema"], &mut used);
                    inline.push((path.clone(), method.clone(), i));
                }
                if let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) {
                    content.values().for_each(|c| refs(&c["schema"], &mut used));
                }
            }
        }
    }
    // Follow references until every schema a request reaches is known.
    let schemas = doc.pointer("/components/schemas").cloned().unwrap_or_default();
    let mut todo: Vec<String> = used.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        let mut found = std::collections::BTreeSet::new();
        refs(&schemas[&name], &mut found);
        for n in found {
            if used.insert(n.clone()) {
                todo.push(n);
            }
        }
    }
    for name in &used {
        if let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
            tighten(schema);
        }
    }
    for (path, method, i) in inline {
        let pointer = format!("/parameters/{i}/schema");
        let op = doc.get_mut("paths").and_then(|p| p.get_mut(&path)).and_then(|p| p.get_mut(&method));
        if let Some(schema) = op.and_then(|op| op.pointer_mut(&pointer)) {
            tighten(schema);
        }
    }
}

/// The names of the component schemas `schema` refers to.
fn refs(schema: &Value, out: &mut std::collections::BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) =
                map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.insert(name.to_owned());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn has_type(schema: &Value, name: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == name,
        Value::Array(ts) => ts.iter().any(|t| t == name),
        _ => false,
    }
}

fn tighten(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else { return };
    let plain = !map.contains_key("enum") && !map.contains_key("pattern") && !map.contains_key("format");
    if has_type(&Value::Object(map.clone()), "string") && plain {
        let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        map.insert("pattern".into(), Value::String(crate::web::text::pattern(min)));
    }
    if has_type(&Value::Object(map.clone()), "integer") {
        let (low, high): (i64, i64) = match map.get("format").and_then(Value::as_str) {
            Some("int32") => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN, i64::MAX),
        };
        if !map.contains_key("minimum") {
            map.insert("minimum".into(), json!(low));
        }
        if !map.contains_key("maximum") {
            map.insert("maximum".into(), json!(high));
        }
    }
    for key in ["properties", "items", "allOf", "oneOf", "anyOf"] {
        match map.get_mut(key) {
            Some(Value::Object(children)) if key == "properties" => children.values_mut().for_each(tighten),
            Some(Value::Array(children)) => children.iter_mut().for_each(tighten),
            Some(child @ Value::Object(_)) => tighten(child),
            _ => {}
        }
    }
}
