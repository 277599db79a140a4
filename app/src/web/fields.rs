//! A posted form read as its (name, value) pairs, for forms whose fields
//! repeat (checklists, one line per member) or vary.

use super::FieldErrors;

pub type Fields = Vec<(String, String)>;

/// The first value of `name` ("" when absent).
pub fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
}

/// Every value of `name`, in order.
pub fn all<'a>(fields: &'a Fields, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    fields.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The value of `name` as a number typed in either script's digits.
pub fn number<T: std::str::FromStr>(fields: &Fields, name: &str) -> Option<T> {
    bangla::to_ascii_digits(field(fields, name).trim()).parse().ok()
}

/// A link to a web page that is safe to show as a link and to put in a
/// signed document: `http(s)://` and a host with a dot, no user name, no
/// spaces or control characters, at most 300 characters.
pub fn is_web_address(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    url.len() <= 300
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && host.contains('.')
        && !host.contains('@')
        && !host.starts_with('.')
        && !host.ends_with('.')
}

/// A form as posted with what was wrong in it, so the page comes back
/// with the teacher's or officer's words kept and the message beside the field.
#[derive(Default)]
pub struct Form {
    pub errors: FieldErrors,
    pub typed: Fields,
}

impl Form {
    pub fn refused(errors: FieldErrors, typed: Fields) -> Self {
        Form { errors, typed }
    }
    pub fn value(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
    pub fn error(&self, name: &str) -> Option<&'static str> {
        self.errors.get(name)
    }
}
