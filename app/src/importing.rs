//! Shared pieces of the CSV import commands: a progress bar that hides
//! itself when output is not a terminal, and the line-numbered report of
//! rejected rows.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Report {
    pub accepted: usize,
    /// (line number in the file, reason)
    pub rejected: Vec<(usize, String)>,
}

impl Report {
    pub fn new() -> Self {
        Report { accepted: 0, rejected: Vec::new() }
    }

    pub fn reject(&mut self, line: usize, reason: impl Into<String>) {
        self.rejected.push((line, reason.into()));
    }

    pub fn print(&self, what: &str) {
        println!("{} {what} imported, {} rejected", self.accepted, self.rejected.len());
        for (line, reason) in &self.rejected {
            println!("  line {line}: {reason}");
        }
    }
}

impl Default for Report {
    fn default() -> Self {
        Self::new()
    }
}

pub fn progress(total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// A CSV row with its line number in the file (the header is line 1).
pub type NumberedRow = (usize, Result<csv::StringRecord, csv::Error>);

/// The header and the rows of a CSV file.
pub fn records(path: &std::path::Path) -> anyhow::Result<(csv::StringRecord, Vec<NumberedRow>)> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let headers = reader.headers()?.clone();
    let rows = reader
        .records()
        .map(|r| {
            let line = match &r {
                Ok(rec) => rec.position().map_or(0, |p| p.line() as usize),
                Err(e) => e.position().map_or(0, |p| p.line() as usize),
            };
            (line, r)
        })
        .collect();
    Ok((headers, rows))
}
