//! Drawn pages into a PDF: every outline (the shaped glyphs, the boxes, the
//! QR codes) written as a filled vector path, one compressed content stream
//! per page.

use std::fmt::Write as _;
use std::io::Write as _;

use resvg::tiny_skia::{PathSegment, Point};
use resvg::usvg::{FillRule, Group, Node, Paint};

use super::layout::{PAGE_H, PAGE_W};
use super::parse;

/// The PDF of `pages` (SVG drawings in points), titled `title`.
pub fn write(title: &str, pages: &[String]) -> anyhow::Result<Vec<u8>> {
    let mut streams = Vec::with_capacity(pages.len());
    for svg in pages {
        let tree = parse(svg)?;
        let mut ops = String::new();
        draw(tree.root(), &mut ops);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(ops.as_bytes())?;
        streams.push(z.finish()?);
    }
    Ok(document(title, streams))
}

fn draw(group: &Group, ops: &mut String) {
    for node in group.children() {
        match node {
            Node::Group(g) => draw(g, ops),
            Node::Text(t) => draw(t.flattened(), ops),
            Node::Path(p) => {
                let Some(fill) = p.fill() else { continue };
                let Paint::Color(c) = fill.paint() else { continue };
                let ts = p.abs_transform();
                let _ = writeln!(
                    ops,
                    "{:.3} {:.3} {:.3} rg",
                    c.red as f32 / 255.0,
                    c.green as f32 / 255.0,
                    c.blue as f32 / 255.0
                );
                // PDF's y grows upwards from the foot of the page.
                let at = |mut pt: Point| {
                    ts.map_point(&mut pt);
                    (pt.x, PAGE_H - pt.y)
                };
                let mut last = Point::zero();
                for segment in p.data().segments() {
                    match segment {
                        PathSegment::MoveTo(pt) => {
                            let (x, y) = at(pt);
                            let _ = write!(ops, "{x:.2} {y:.2} m ");
                            last = pt;
                        }
                        PathSegment::LineTo(pt) => {
                            let (x, y) = at(pt);
                            let _ = write!(ops, "{x:.2} {y:.2} l ");
                            last = pt;
                        }
                        PathSegment::QuadTo(p1, p2) => {
                            // A quadratic curve is the cubic with its control
                            // points two thirds of the way to the quadratic's.
                            let c1 = Point::from_xy(
                                last.x + (p1.x - last.x) * 2.0 / 3.0,
                                last.y + (p1.y - last.y) * 2.0 / 3.0,
                            );
                            let c2 = Point::from_xy(p2.x + (p1.x - p2.x) * 2.0 / 3.0, p2.y + (p1.y - p2.y) * 2.0 / 3.0);
                            let ((x1, y1), (x2, y2), (x, y)) = (at(c1), at(c2), at(p2));
                            let _ = write!(ops, "{x1:.2} {y1:.2} {x2:.2} {y2:.2} {x:.2} {y:.2} c ");
                            last = p2;
                        }
                        PathSegment::CubicTo(p1, p2, p3) => {
                            let ((x1, y1), (x2, y2), (x, y)) = (at(p1), at(p2), at(p3));
                            let _ = write!(ops, "{x1:.2} {y1:.2} {x2:.2} {y2:.2} {x:.2} {y:.2} c ");
                            last = p3;
                        }
                        PathSegment::Close => ops.push_str("h "),
                    }
                }
                ops.push_str(if fill.rule() == FillRule::EvenOdd { "f*\n" } else { "f\n" });
            }
            Node::Image(_) => {}
        }
    }
}

/// A PDF text string: UTF-16 with its byte-order mark, in hex (Bangla titles).
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

fn document(title: &str, streams: Vec<Vec<u8>>) -> Vec<u8> {
    let n = streams.len();
    // Objects: 1 catalog, 2 page tree, 3 properties, then a page and its
    // content stream for each page.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        format!("<< /Title {} /Producer (Batayon) >>", text_string(title)).into_bytes(),
    ];
    for (i, stream) in streams.into_iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(
            [
                format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len()).into_bytes(),
                stream,
                b"\nendstream".to_vec(),
            ]
            .concat(),
        );
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}
