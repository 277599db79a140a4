//! Teachers write in Markdown; pages show it as HTML that can do no harm.
//! Rendering comes first and sanitising second, so nothing the renderer
//! lets through (raw HTML, odd link schemes) reaches a page unchecked.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    b
});

/// Safe HTML for a Markdown text: no scripts, no event attributes, no
/// `javascript:` or `data:` links; every link `rel="nofollow ugc noopener"`.
pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    CLEANER.clean(&raw).to_string()
}

/// What the blocked-word check reads of a Markdown text: the text as typed
/// and as a reader sees it on the page, so a word written with character
/// references (`&#105;diot`) or split by formatting (`id**i**ot`) is the
/// word it shows.
pub fn text_to_check(markdown: &str) -> String {
    format!("{markdown}\n{}", as_read(markdown))
}

/// The page's text of a Markdown text: rendered and cleaned as shown, tags
/// dropped (formatting inside a word joins it, other tags part words),
/// character references decoded and invisible characters left out.
pub fn as_read(markdown: &str) -> String {
    let html = to_html(markdown);
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let end = tag_end(rest);
            if !INLINE_TAGS.contains(&tag_name(&rest[..end]).as_str()) {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let reference = rest.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i);
            match reference.and_then(|i| decode_reference(&rest[1..i]).map(|c| (i, c))) {
                Some((i, c)) => {
                    out.push(c);
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.retain(|c| !INVISIBLE.contains(&c));
    out
}

/// Tags that format text within a line: a word split by them reads whole.
const INLINE_TAGS: [&str; 30] = [
    "a", "abbr", "acronym", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Soft hyphen, zero-width space, word joiner, byte-order mark: nothing on
/// the page, so nothing between the letters of a word.
const INVISIBLE: [char; 4] = ['\u{ad}', '\u{200b}', '\u{2060}', '\u{feff}'];

/// Where a tag starting at `<` ends (after its `>`), quoted values skipped.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<').trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect()
}

/// The character of `amp`, `#105` or `#x69` (what the cleaner writes).
fn decode_reference(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "nbsp" => return Some('\u{a0}'),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    char::from_u32(code)
}

/// The first words of a Markdown text as plain text, for lists and e-mails.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let plain: String = Parser::new(markdown)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => Some(t.to_string() + " "),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => Some(" ".into()),
            _ => None,
        })
        .collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() <= max_chars {
        return plain;
    }
    let cut: String = plain.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_events_and_javascript_links_do_not_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [ok](https://example.org)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"<a href="https://example.org" rel="nofollow ugc noopener">ok</a>"#), "{html}");
    }

    #[test]
    fn the_text_as_read_has_references_decoded_and_formatting_joined() {
        assert_eq!(as_read("&#105;d&#x69;ot").trim(), "idiot");
        assert_eq!(as_read("id**i**ot <b></b>x&shy;y<wbr>z").trim(), "idiot xyz");
        assert_eq!(as_read("<span title=\"a>b\">t</span>&amp;&lt;").trim(), "t&<");
        assert_eq!(
            as_read("| a | b |\n|---|---|\n| c | d |").split_whitespace().collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(as_read("একটি\n\nঅনুচ্ছেদ").split_whitespace().collect::<Vec<_>>(), ["একটি", "অনুচ্ছেদ"]);
    }

    #[test]
    fn bangla_markdown_keeps_its_shape() {
        let html = to_html("**প্রজেক্টর** চালু হয় না\n\n- তার দেখুন\n- ফিউজ দেখুন");
        assert!(html.contains("<strong>প্রজেক্টর</strong>"));
        assert!(html.contains("<li>তার দেখুন</li>"));
        assert_eq!(excerpt("**প্রজেক্টর** চালু হয় না", 100), "প্রজেক্টর চালু হয় না");
    }
}
