//! Reading what a page offers, as a browser would see it: a form by its
//! action, its inputs (hidden CSRF token, prefilled dates, quiz choices)
//! and the numbered links (`/contents/17`). Our pages are made by one set
//! of templates, so plain scanning is enough; no HTML library needed.

/// One `<input>`: its name, type and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub input_type: String,
    pub value: String,
}

/// The value of attribute `attr` in one tag's text (`<input … >`).
fn attribute(tag: &str, attr: &str) -> Option<String> {
    let needle = format!(" {attr}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#x27;", "'"))
}

/// The form whose action is exactly `action`, from `<form` to `</form>`.
pub fn form<'a>(page: &'a str, action: &str) -> Option<&'a str> {
    let needle = format!("action=\"{action}\"");
    let at = page.find(&needle)?;
    let start = page[..at].rfind("<form")?;
    let end = page[at..].find("</form>").map_or(page.len(), |e| at + e);
    Some(&page[start..end])
}

/// Every `<input>` in `html`, in order.
pub fn inputs(html: &str) -> Vec<Input> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<input") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        if let Some(name) = attribute(tag, "name") {
            let input_type = attribute(tag, "type").unwrap_or_else(|| "text".into());
            out.push(Input { name, input_type, value: attribute(tag, "value").unwrap_or_default() });
        }
        rest = &rest[tag_end..];
    }
    out
}

/// The value of the first input named `name`.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    inputs(html).into_iter().find(|i| i.name == name).map(|i| i.value)
}

/// The CSRF token the page's forms carry.
pub fn csrf(page: &str) -> Option<String> {
    input_value(page, "_csrf").filter(|t| !t.is_empty())
}

/// The numbers after each `prefix` (say `href="/contents/`), once each, in order.
pub fn numbers_after(page: &str, prefix: &str) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for (at, _) in page.match_indices(prefix) {
        let digits: String = page[at + prefix.len()..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<i64>()
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The number at the end of a path (`/practice/logs/42` → 42), before any `#` or `?`.
pub fn last_number(location: &str) -> Option<i64> {
    let path = location.split(['#', '?']).next()?;
    path.rsplit('/').next()?.parse().ok()
}

/// The number after `#comment-` in a location.
pub fn fragment_number(location: &str, fragment: &str) -> Option<i64> {
    location.split_once(&format!("#{fragment}-"))?.1.parse().ok()
}

/// A signed-in page shows the log-out form in its header.
pub fn signed_in(page: &str) -> bool {
    page.contains("action=\"/logout\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = r#"<form method="post" action="/logout"><input type="hidden" name="_csrf" value="T0k"></form>
<form method="post" action="/learn/quizzes/3" id="quiz">
  <input type="hidden" name="_csrf" value="T0k">
  <input type="hidden" name="idempotency_key" value="abc123def">
  <label><input type="radio" name="q7" value="20"> a</label>
  <label><input type="radio" name="q7" value="21"> b</label>
  <input type="text" inputmode="decimal" name="q8_n" value="">
</form>"#;

    #[test]
    fn a_forms_inputs_are_read_with_their_values() {
        let quiz = form(QUIZ, "/learn/quizzes/3").unwrap();
        let inputs = inputs(quiz);
        assert_eq!(inputs.len(), 5);
        assert_eq!(inputs[2], Input { name: "q7".into(), input_type: "radio".into(), value: "20".into() });
        assert_eq!(inputs[4].input_type, "text");
        assert_eq!(input_value(quiz, "idempotency_key").as_deref(), Some("abc123def"));
        assert_eq!(csrf(QUIZ).as_deref(), Some("T0k"));
        assert!(signed_in(QUIZ));
        assert!(form(QUIZ, "/learn/quizzes/4").is_none());
    }

    #[test]
    fn numbered_links_and_locations_give_their_ids() {
        let page =
            r#"<a href="/contents/12">x</a> <a href="/contents/9">y</a> <a href="/contents/12">z</a> /contents/new"#;
        assert_eq!(numbers_after(page, "href=\"/contents/"), vec![12, 9]);
        assert_eq!(last_number("/practice/logs/42"), Some(42));
        assert_eq!(last_number("http://h/practice/logs/42?x=1"), Some(42));
        assert_eq!(fragment_number("/contents/5#comment-77", "comment"), Some(77));
        assert_eq!(fragment_number("/contents/5", "comment"), None);
    }
}
