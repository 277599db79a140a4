//! `batayon import chapters FILE.csv`: adds chapters, or renames existing
//! ones, from a CSV with the columns level,class,subject,number,name_en,name_bn.

use std::path::Path;

use sea_orm::DatabaseConnection;

use super::model::ChapterRow;
use super::store;
use crate::importing::{Report, progress, records};

pub async fn chapters(db: &DatabaseConnection, path: &Path) -> anyhow::Result<Report> {
    let (headers, rows) = records(path)?;
    let mut report = Report::new();
    let bar = progress(rows.len() as u64);
    for (line, record) in rows {
        bar.inc(1);
        let row: ChapterRow = match record.and_then(|r| r.deserialize(Some(&headers))) {
            Ok(row) => row,
            Err(e) => {
                report.reject(line, format!("unreadable row: {e}"));
                continue;
            }
        };
        if row.number < 1 || row.name_bn.trim().is_empty() || row.name_en.trim().is_empty() {
            report.reject(line, "chapter number must be 1 or more and both names must be given");
            continue;
        }
        match store::find_subject(db, row.level.trim(), row.class, row.subject.trim()).await? {
            Some(subject) => {
                store::upsert_chapter(db, subject.id, &row).await?;
                report.accepted += 1;
            }
            None => report
                .reject(line, format!("no subject '{}' in class {} of level '{}'", row.subject, row.class, row.level)),
        }
    }
    bar.finish_and_clear();
    Ok(report)
}
