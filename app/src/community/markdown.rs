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
    fn bangla_markdown_keeps_its_shape() {
        let html = to_html("**প্রজেক্টর** চালু হয় না\n\n- তার দেখুন\n- ফিউজ দেখুন");
        assert!(html.contains("<strong>প্রজেক্টর</strong>"));
        assert!(html.contains("<li>তার দেখুন</li>"));
        assert_eq!(excerpt("**প্রজেক্টর** চালু হয় না", 100), "প্রজেক্টর চালু হয় না");
    }
}
