//! The counts beside the results, taken in the same pass over the matches
//! as the page: by kind (all of them) and, among those of the kind asked
//! for, by class, subject, content type and language.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::{DocId, Score, SegmentReader};

use super::engine::RawFacets;

/// Counts matches by kind (all of them) and, among those of the kind
/// asked for, by class, subject, content type and language.
pub struct FacetCounter {
    pub kind: Option<u64>,
}

pub struct SegmentCounter {
    kind_filter: Option<u64>,
    /// kind, class, subject, content type, language: every document has a
    /// value (0 for none), so they are read as dense columns.
    columns: [Arc<dyn ColumnValues<u64>>; 5],
    /// Counts by value, one list per column (values are small numbers).
    counts: [Vec<u64>; 5],
}

impl Collector for FacetCounter {
    type Fruit = RawFacets;
    type Child = SegmentCounter;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let col = |name: &str| -> tantivy::Result<Arc<dyn ColumnValues<u64>>> {
            Ok(segment.fast_fields().u64(name)?.first_or_default_col(0))
        };
        Ok(SegmentCounter {
            kind_filter: self.kind,
            columns: [col("kind")?, col("class")?, col("subject")?, col("content_type")?, col("language")?],
            counts: Default::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<RawFacets>) -> tantivy::Result<RawFacets> {
        let mut all = RawFacets::default();
        for f in fruits {
            all.add(&f);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = RawFacets;

    fn collect(&mut self, doc: DocId, _: Score) {
        let kind = self.columns[0].get_val(doc);
        let count = |list: &mut Vec<u64>, v: u64| {
            let i = v as usize;
            if i >= list.len() {
                list.resize(i + 1, 0);
            }
            list[i] += 1;
        };
        count(&mut self.counts[0], kind);
        if self.kind_filter.is_some_and(|k| k != kind) {
            return;
        }
        for c in 1..5 {
            let v = self.columns[c].get_val(doc);
            count(&mut self.counts[c], v);
        }
    }

    fn harvest(self) -> RawFacets {
        let map = |list: &Vec<u64>, keep_zero: bool| -> HashMap<u64, u64> {
            list.iter()
                .enumerate()
                .filter(|(v, n)| **n > 0 && (keep_zero || *v > 0))
                .map(|(v, n)| (v as u64, *n))
                .collect()
        };
        RawFacets {
            kind: map(&self.counts[0], true),
            class: map(&self.counts[1], false),
            subject: map(&self.counts[2], false),
            content_type: map(&self.counts[3], false),
            language: map(&self.counts[4], false),
        }
    }
}
