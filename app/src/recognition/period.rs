//! Award periods in Asia/Dhaka time. A week runs Friday to Thursday and is
//! computed on the Friday after it; a fortnight is two such weeks, counted
//! from Friday 2 January 2026, so every second Friday closes one.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

crate::stored_words! {
    /// How long an award period runs (stored as its word).
    pub enum AwardPeriod {
        Week = "week",
        Fortnight = "fortnight",
    }
}

impl AwardPeriod {
    pub fn days(self) -> i64 {
        match self {
            AwardPeriod::Week => 7,
            AwardPeriod::Fortnight => 14,
        }
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            AwardPeriod::Week => "recognition-period-week",
            AwardPeriod::Fortnight => "recognition-period-fortnight",
        }
    }
}

/// One week or fortnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub kind: AwardPeriod,
    pub starts_on: NaiveDate,
}

/// The Friday fortnights are counted from.
fn fortnight_anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 2).expect("a real date")
}

pub use crate::web::dhaka_date;

/// Midnight in Dhaka, in UTC, is this long before midnight UTC.
fn dhaka_offset() -> Duration {
    Duration::seconds(crate::web::i18n::DHAKA_OFFSET_SECS as i64)
}

impl Period {
    /// The period of `kind` that `day` falls in.
    pub fn containing(kind: AwardPeriod, day: NaiveDate) -> Period {
        let starts_on = match kind {
            AwardPeriod::Week => {
                let back = (day.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
                day - Duration::days(back as i64)
            }
            AwardPeriod::Fortnight => {
                let since = (day - fortnight_anchor()).num_days();
                fortnight_anchor() + Duration::days(since.div_euclid(14) * 14)
            }
        };
        Period { kind, starts_on }
    }

    /// The last period of `kind` that has ended by `now`.
    pub fn last_ended(kind: AwardPeriod, now: DateTime<Utc>) -> Period {
        Period::containing(kind, dhaka_date(now)).previous()
    }

    pub fn previous(self) -> Period {
        Period { kind: self.kind, starts_on: self.starts_on - Duration::days(self.kind.days()) }
    }

    /// The last day, included.
    pub fn ends_on(self) -> NaiveDate {
        self.starts_on + Duration::days(self.kind.days() - 1)
    }

    /// Midnight (Dhaka) that opens the period, in UTC.
    pub fn from(self) -> DateTime<Utc> {
        self.starts_on.and_hms_opt(0, 0, 0).expect("midnight").and_utc() - dhaka_offset()
    }

    /// Midnight (Dhaka) after its last day, in UTC: the period is `from..until`.
    pub fn until(self) -> DateTime<Utc> {
        self.from() + Duration::days(self.kind.days())
    }

    pub fn has_ended(self, now: DateTime<Utc>) -> bool {
        now >= self.until()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_run_friday_to_thursday_in_dhaka() {
        // Tuesday 24 November 2026 is in the week of Friday 20 November.
        let p = Period::containing(AwardPeriod::Week, day("2026-11-24"));
        assert_eq!(p.starts_on, day("2026-11-20"));
        assert_eq!(p.ends_on(), day("2026-11-26"));
        assert_eq!(Period::containing(AwardPeriod::Week, day("2026-11-20")).starts_on, day("2026-11-20"));
        // 23:30 UTC on Thursday is already Friday 05:30 in Dhaka: that week has ended.
        let friday_dawn = day("2026-11-26").and_hms_opt(23, 30, 0).unwrap().and_utc();
        assert_eq!(Period::last_ended(AwardPeriod::Week, friday_dawn).starts_on, day("2026-11-20"));
        assert!(p.has_ended(friday_dawn));
        assert_eq!(p.from(), day("2026-11-19").and_hms_opt(18, 0, 0).unwrap().and_utc());
    }

    #[test]
    fn fortnights_close_every_second_friday() {
        let p = Period::containing(AwardPeriod::Fortnight, day("2026-11-24"));
        assert_eq!(p.starts_on, day("2026-11-20"));
        assert_eq!(p.ends_on(), day("2026-12-03"));
        assert_eq!(p.previous().starts_on, day("2026-11-06"));
        assert_eq!(Period::containing(AwardPeriod::Fortnight, day("2025-12-31")).starts_on, day("2025-12-19"));
        assert_eq!(p.starts_on.weekday(), Weekday::Fri);
    }
}
