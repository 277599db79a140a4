//! A badge's picture, drawn from its data: a rosette in the colour of its
//! competency with the badge's name and the issuer's short name. SVG, a
//! couple of kilobytes, sharp on any screen and in print.

use super::entity::{achievement, issuer};

/// One colour a competency area, so a backpack reads at a glance.
fn colour(code: &str) -> (&'static str, &'static str) {
    match code {
        "TC1" => ("#1b5e20", "#c8e6c9"),
        "TC2" => ("#0d47a1", "#bbdefb"),
        "TC3" => ("#b71c1c", "#ffcdd2"),
        "TC4" => ("#4a148c", "#e1bee7"),
        "TC5" => ("#e65100", "#ffe0b2"),
        "TC6" => ("#006064", "#b2ebf2"),
        "TC7" => ("#33691e", "#dcedc8"),
        _ => ("#3e2723", "#d7ccc8"),
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escaped text with its Latin runs in a Latin font: the SVG renderer
/// does not fall back font by font inside one run of mixed scripts.
pub fn mixed(text: &str) -> String {
    let mut out = String::new();
    let mut latin = String::new();
    let flush = |latin: &mut String, out: &mut String| {
        if !latin.is_empty() {
            out.push_str(&format!(
                r#"<tspan font-family="Noto Sans, DejaVu Sans, sans-serif">{}</tspan>"#,
                escape(latin)
            ));
            latin.clear();
        }
    };
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || (ch.is_ascii_punctuation() && !latin.is_empty()) {
            latin.push(ch);
        } else {
            flush(&mut latin, &mut out);
            out.push_str(&escape(&ch.to_string()));
        }
    }
    flush(&mut latin, &mut out);
    out
}

/// Words to lines of about `width` characters, at most `max` lines.
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

pub fn badge_svg(a: &achievement::Model, i: &issuer::Model) -> String {
    let (dark, light) = colour(&a.competency);
    let lines = wrap(&a.name, 14, 3);
    let first_y = 118 - (lines.len() as i32 - 1) * 11;
    let text: String = lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            format!(r#"<text x="120" y="{}" font-size="17" text-anchor="middle" fill="{dark}" font-weight="bold">{}</text>"#, first_y + n as i32 * 22, mixed(l))
        })
        .collect();
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240" role="img" aria-label="{name}"><title>{name}</title><g font-family="Noto Sans Bengali, Noto Sans, sans-serif"><polygon points="120,6 214,60 214,168 120,222 26,168 26,60" fill="{dark}"/><polygon points="120,20 202,67 202,161 120,208 38,161 38,67" fill="{light}"/>{text}<text x="120" y="58" font-size="14" text-anchor="middle" fill="{dark}">{issuer}</text><text x="120" y="186" font-size="13" text-anchor="middle" fill="{dark}">{code}</text></g></svg>"#,
        name = escape(&a.name),
        issuer = mixed(&i.short_name),
        code = mixed(&a.competency),
    )
}
