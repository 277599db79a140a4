//! Blocks into A4 pages: lines broken between words as the fonts really
//! measure them, a heading never left alone at the foot of a page, a QR
//! code never cut in two. Each page comes out as an SVG drawing in points.

use std::collections::HashMap;

use super::{Block, Pack, parse};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 48.0;
/// Room kept at the foot of each page for its number.
const FOOT: f32 = 40.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const QR_SIZE: f32 = 78.0;
/// Each run of text names its own face: a font's fallback for characters
/// it lacks proved unreliable (boxes instead of letters), so Bangla runs
/// are drawn in the Bengali face and everything else in the Latin one.
const BANGLA: &str = "Noto Sans Bengali, sans-serif";
const LATIN: &str = "Noto Sans, DejaVu Sans, sans-serif";

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    grey: bool,
    /// Line height as a multiple of the size.
    leading: f32,
    /// Space above the block.
    before: f32,
    indent: f32,
}

fn style(block: &Block) -> Style {
    let s = |size, bold, grey, before, indent| Style { size, bold, grey, leading: 1.55, before, indent };
    match block {
        Block::Title(_) => s(18.0, true, false, 0.0, 0.0),
        Block::Subtitle(_) => s(10.0, false, true, 2.0, 0.0),
        Block::Heading(_) => s(13.0, true, false, 14.0, 0.0),
        Block::Text(_) => s(10.5, false, false, 4.0, 0.0),
        Block::Question(_) => s(10.5, true, false, 8.0, 0.0),
        Block::Choice(_) => s(10.5, false, false, 1.0, 22.0),
        Block::Link { .. } => s(9.5, false, false, 8.0, QR_SIZE + 12.0),
    }
}

/// Widths of words as drawn, measured once per pack.
#[derive(Default)]
struct Ruler(HashMap<(String, u32, bool), f32>);

impl Ruler {
    fn width(&mut self, word: &str, st: Style) -> f32 {
        let key = (word.to_owned(), (st.size * 10.0) as u32, st.bold);
        if let Some(w) = self.0.get(&key) {
            return *w;
        }
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="100"><text x="0" y="50" font-size="{}" font-weight="{}">{}</text></svg>"#,
            st.size,
            if st.bold { 700 } else { 400 },
            runs(word)
        );
        // The ink's width, a little generous (side bearings); never less
        // than a rough estimate, in case a font is missing.
        let drawn = parse(&svg).map(|t| t.root().bounding_box().width()).unwrap_or(0.0);
        let guess = word.chars().filter(|c| !is_mark(*c)).count() as f32 * st.size * 0.5;
        let w = (drawn * 1.04 + st.size * 0.08).max(guess * 0.6);
        self.0.insert(key, w);
        w
    }

    /// `text` broken into lines at most `room` wide.
    fn lines(&mut self, text: &str, st: Style, room: f32) -> Vec<String> {
        let space = st.size * 0.3;
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut used = 0.0;
            for word in para.split_whitespace() {
                for piece in self.pieces(word, st, room) {
                    let w = self.width(&piece, st);
                    if !line.is_empty() && used + space + w > room {
                        lines.push(std::mem::take(&mut line));
                        used = 0.0;
                    }
                    if !line.is_empty() {
                        line.push(' ');
                        used += space;
                    }
                    line.push_str(&piece);
                    used += w;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A word wider than a whole line (a long address) in pieces that fit.
    fn pieces(&mut self, word: &str, st: Style, room: f32) -> Vec<String> {
        if self.width(word, st) <= room {
            return vec![word.to_owned()];
        }
        // Letter by letter, each measured once (a long address costs one
        // measure per distinct letter, not one per prefix).
        let mut pieces = vec![String::new()];
        let mut used = 0.0;
        for c in word.chars() {
            let w = if is_mark(c) { 0.0 } else { self.width(&c.to_string(), st) };
            let last = pieces.last_mut().expect("one piece at least");
            if !last.is_empty() && !is_mark(c) && used + w > room {
                pieces.push(c.to_string());
                used = w;
            } else {
                last.push(c);
                used += w;
            }
        }
        pieces
    }
}

/// Bangla vowel signs and marks: drawn on the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0981}'..='\u{0983}' | '\u{09BC}' | '\u{09BE}'..='\u{09CD}' | '\u{09D7}' | '\u{200C}' | '\u{200D}')
}

/// Bangla letters, signs and digits, the danda, and the joiners.
fn is_bangla(c: char) -> bool {
    matches!(c, '\u{0980}'..='\u{09FF}' | '\u{0964}' | '\u{0965}' | '\u{200C}' | '\u{200D}')
}

/// `text` as `<tspan>`s, each run in the face that has its letters; a
/// space belongs to the run it is in.
fn runs(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut bangla = None;
    for c in text.chars() {
        let this = if c.is_whitespace() { bangla.unwrap_or(false) } else { is_bangla(c) };
        if bangla.is_some_and(|b| b != this) {
            out.push_str(&tspan(&run, bangla == Some(true)));
            run.clear();
        }
        bangla = Some(this);
        run.push(c);
    }
    if !run.is_empty() {
        out.push_str(&tspan(&run, bangla == Some(true)));
    }
    out
}

fn tspan(run: &str, bangla: bool) -> String {
    format!(r#"<tspan font-family="{}">{}</tspan>"#, if bangla { BANGLA } else { LATIN }, escape(run))
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Fluent's isolation marks around arguments: no glyph on paper.
            '\u{2066}'..='\u{2069}' => {}
            // What XML may not hold (control characters, U+FFFE, U+FFFF,
            // lone surrogates cannot occur in a Rust string) would break
            // the drawing: a space instead.
            c if !matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Pages being filled.
struct Pages {
    done: Vec<String>,
    page: String,
    y: f32,
}

impl Pages {
    fn room(&self) -> f32 {
        PAGE_H - FOOT - self.y
    }

    fn turn(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = MARGIN;
    }

    /// Turns the page unless `height` fits below.
    fn keep(&mut self, height: f32) {
        if height > self.room() && !self.page.is_empty() {
            self.turn();
        }
    }

    fn text(&mut self, x: f32, line: &str, st: Style) {
        let baseline = self.y + st.size;
        self.page.push_str(&format!(
            r#"<text x="{x:.1}" y="{baseline:.1}" font-size="{}" font-weight="{}" fill="{}">{}</text>"#,
            st.size,
            if st.bold { 700 } else { 400 },
            if st.grey { "#444" } else { "#000" },
            runs(line)
        ));
        self.y += st.size * st.leading;
    }

    fn tick_box(&mut self, x: f32, st: Style) {
        let (s, top) = (st.size * 0.9, self.y + st.size * 0.15);
        let t = 0.8;
        self.page.push_str(&format!(
            r##"<path fill-rule="evenodd" fill="#000" d="M{x:.1} {top:.1}h{s:.1}v{s:.1}h-{s:.1}z M{:.1} {:.1}h{:.1}v{:.1}h-{:.1}z"/>"##,
            x + t,
            top + t,
            s - 2.0 * t,
            s - 2.0 * t,
            s - 2.0 * t
        ));
    }

    fn qr(&mut self, x: f32, url: &str) -> anyhow::Result<()> {
        let code = qrcode::QrCode::new(url.as_bytes())?;
        let n = code.width();
        let module = QR_SIZE / (n + 2) as f32;
        let mut d = String::new();
        for (i, c) in code.to_colors().into_iter().enumerate() {
            if c == qrcode::Color::Dark {
                let (cx, cy) = (x + ((i % n) + 1) as f32 * module, self.y + ((i / n) + 1) as f32 * module);
                d.push_str(&format!("M{cx:.2} {cy:.2}h{module:.2}v{module:.2}h-{module:.2}z"));
            }
        }
        self.page.push_str(&format!(r##"<path fill="#000" d="{d}"/>"##));
        Ok(())
    }
}

/// The pack's pages as SVG drawings, each with its foot.
pub fn pages(pack: &Pack) -> anyhow::Result<Vec<String>> {
    let mut ruler = Ruler::default();
    let mut pages = Pages { done: Vec::new(), page: String::new(), y: MARGIN };
    let mut blocks = pack.blocks.iter().peekable();
    while let Some(block) = blocks.next() {
        let st = style(block);
        let first_page_top = pages.done.is_empty() && pages.page.is_empty();
        if !first_page_top {
            pages.y += st.before;
        }
        match block {
            Block::Title(t) | Block::Subtitle(t) | Block::Text(t) | Block::Question(t) => {
                for line in ruler.lines(t, st, WIDTH - st.indent) {
                    pages.keep(st.size * st.leading);
                    pages.text(MARGIN + st.indent, &line, st);
                }
            }
            Block::Heading(t) => {
                let lines = ruler.lines(t, st, WIDTH);
                // With its first lines of text, or on the next page.
                let next = blocks.peek().map_or(0.0, |b| style(b).size * style(b).leading * 2.0);
                pages.keep(lines.len() as f32 * st.size * st.leading + next);
                for line in lines {
                    pages.text(MARGIN, &line, st);
                }
            }
            Block::Choice(t) => {
                let lines = ruler.lines(t, st, WIDTH - st.indent);
                pages.keep(st.size * st.leading);
                pages.tick_box(MARGIN + 6.0, st);
                for line in lines {
                    pages.keep(st.size * st.leading);
                    pages.text(MARGIN + st.indent, &line, st);
                }
            }
            Block::Link { url, caption } => {
                pages.keep(QR_SIZE + 24.0);
                let top = pages.y;
                pages.qr(MARGIN, url)?;
                pages.y += 10.0;
                let bold = Style { bold: true, ..st };
                for line in ruler.lines(caption, bold, WIDTH - st.indent).into_iter().take(3) {
                    pages.text(MARGIN + st.indent, &line, bold);
                }
                let small = Style { size: 8.0, grey: true, ..st };
                for line in ruler.lines(url, small, WIDTH - st.indent).into_iter().take(3) {
                    pages.text(MARGIN + st.indent, &line, small);
                }
                pages.y = pages.y.max(top + QR_SIZE);
            }
        }
    }
    pages.turn();
    let count = pages.done.len();
    let foot = Style { size: 8.0, bold: false, grey: true, leading: 1.0, before: 0.0, indent: 0.0 };
    let mut out = Vec::with_capacity(count);
    for (i, body) in pages.done.into_iter().enumerate() {
        let words = format!("{} · {} · {}", pack.foot, pack.title, (pack.page_number)(i + 1, count));
        let line = ruler.lines(&words, foot, WIDTH).into_iter().next().unwrap_or_default();
        let mut last = Pages { done: Vec::new(), page: body, y: PAGE_H - FOOT + 14.0 };
        last.text(MARGIN, &line, foot);
        out.push(format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}" height="{PAGE_H}" viewBox="0 0 {PAGE_W} {PAGE_H}">{}</svg>"#,
            last.page
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_breaks_into_lines_that_fit_and_loses_no_word() {
        let mut ruler = Ruler::default();
        let st = style(&Block::Text(String::new()));
        let text = "শিশুরা জোড়ায় কাগজ ভাঁজ করে অর্ধেক বানাবে, তারপর বলবে দুই ভাগ সমান কি না। ".repeat(8);
        let lines = ruler.lines(&text, st, WIDTH);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            let w: f32 = line.split(' ').map(|w| ruler.width(w, st)).sum();
            assert!(w <= WIDTH + 1.0, "{line} is {w} wide");
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let again: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, again);
    }

    #[test]
    fn a_long_pack_turns_pages_and_numbers_each() {
        let mut blocks = vec![Block::Title("দীর্ঘ প্যাক".into())];
        for n in 0..40 {
            blocks.push(Block::Heading(format!("অংশ {n}")));
            blocks.push(Block::Text("পাঠের কথা অনেক লম্বা। ".repeat(30)));
        }
        let pack = Pack {
            title: "দীর্ঘ প্যাক".into(),
            blocks,
            foot: "বাতায়ন".into(),
            page_number: Box::new(|n, count| format!("page {n} of {count}")),
        };
        let pages = pages(&pack).unwrap();
        assert!(pages.len() > 5, "{}", pages.len());
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(&format!("page {} of {}", i + 1, pages.len())), "page {i} has its number");
        }
        let pdf = super::super::pdf(&pack).unwrap();
        let count = pdf.windows(12).filter(|w| w == b"/Type /Page ").count();
        assert_eq!(count, pages.len(), "one PDF page each");
    }

    #[test]
    fn a_word_wider_than_the_page_is_cut_into_pieces_that_fit() {
        let mut ruler = Ruler::default();
        let st = style(&Block::Text(String::new()));
        let url = format!("https://batayon.example/{}", "a".repeat(300));
        let lines = ruler.lines(&url, st, WIDTH);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), url);
    }
}
