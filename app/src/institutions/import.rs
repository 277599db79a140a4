//! `batayon import institutions FILE.csv`: columns eiin,name,district,upazila,level.
//! District and upazila may be written in English or Bangla; level is one
//! of the curriculum's level codes. Rows with a known EIIN update it.

use std::path::Path;

use sea_orm::DatabaseConnection;

use super::store::{self, NewInstitution};
use crate::curriculum::store as curriculum;
use crate::importing::{Report, progress, records};
use crate::places::store as places;

pub async fn institutions(db: &DatabaseConnection, path: &Path) -> anyhow::Result<Report> {
    let (headers, rows) = records(path)?;
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(eiin_col), Some(name_col), Some(district_col), Some(upazila_col), Some(level_col)) =
        (column("eiin"), column("name"), column("district"), column("upazila"), column("level"))
    else {
        anyhow::bail!("the header must name the columns eiin,name,district,upazila,level");
    };
    let levels: Vec<String> = curriculum::levels(db).await?.into_iter().map(|l| l.code).collect();
    let places = places::PlaceIndex::load(db).await?;
    let mut report = Report::new();
    let bar = progress(rows.len() as u64);
    for (line, record) in rows {
        bar.inc(1);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.reject(line, format!("unreadable row: {e}"));
                continue;
            }
        };
        let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        let Ok(eiin) = bangla::to_ascii_digits(field(eiin_col)).parse::<i64>() else {
            report.reject(line, format!("EIIN '{}' is not a number", field(eiin_col)));
            continue;
        };
        if eiin <= 0 {
            report.reject(line, "EIIN must be a positive number");
            continue;
        }
        let name = field(name_col);
        if name.is_empty() {
            report.reject(line, "name is empty");
            continue;
        }
        let Some(district) = places.district(field(district_col)) else {
            report.reject(line, format!("unknown district '{}'", field(district_col)));
            continue;
        };
        let upazila = match field(upazila_col) {
            "" => None,
            name => match places.upazila(district, name) {
                Some(u) => Some(u.id),
                None => {
                    report.reject(line, format!("no upazila '{name}' in {}", district.name_en));
                    continue;
                }
            },
        };
        let level = field(level_col).to_lowercase().replace([' ', '-'], "_");
        if !levels.contains(&level) {
            report.reject(line, format!("unknown level '{}' (use one of {})", field(level_col), levels.join(", ")));
            continue;
        }
        let new = NewInstitution {
            eiin,
            name: name.to_owned(),
            district_id: district.id,
            upazila_id: upazila,
            level_code: level,
        };
        store::upsert(db, new).await?;
        report.accepted += 1;
    }
    bar.finish_and_clear();
    Ok(report)
}
