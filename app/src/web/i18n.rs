//! The two languages of the interface. Bangla is the default; every visible
//! text comes from `locales/{bn,en}/*.ftl` (main, and a file for each
//! large feature), and numbers and dates are
//! written in Bangla digits on Bangla pages.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "bn",
        // Isolation marks (U+2068/2069) would show up inside attributes and titles.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static BN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "bn".parse().expect("valid language tag"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("valid language tag"));

/// Every message of `ftl` with no values to fill in, as fluent writes it.
fn fixed_texts(lang: Lang, ftl: &str) -> HashMap<&'static str, &'static str> {
    let mut table = HashMap::new();
    let mut lines = ftl.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((id, value)) = line.split_once(" =") else { continue };
        if line.starts_with([' ', '#', '-']) || id.is_empty() {
            continue;
        }
        let mut has_values = value.contains('{');
        while let Some(more) = lines.peek().filter(|l| l.starts_with(' ')) {
            has_values |= more.contains('{');
            lines.next();
        }
        if !has_values {
            // Kept for the life of the process, like the fluent bundles themselves.
            let id: &'static str = Box::leak(id.trim().to_owned().into_boxed_str());
            let text: &'static str = Box::leak(LOCALES.lookup(lang.id(), id).into_boxed_str());
            table.insert(id, text);
        }
    }
    table
}

/// Every catalogue file of a language (fluent's loader reads the whole
/// folder; the table of fixed texts and the tests read this list).
const BN_FILES: [&str; 5] = [
    include_str!("../../locales/bn/main.ftl"),
    include_str!("../../locales/bn/practice.ftl"),
    include_str!("../../locales/bn/credentials.ftl"),
    include_str!("../../locales/bn/recognition.ftl"),
    include_str!("../../locales/bn/sms.ftl"),
];
const EN_FILES: [&str; 5] = [
    include_str!("../../locales/en/main.ftl"),
    include_str!("../../locales/en/practice.ftl"),
    include_str!("../../locales/en/credentials.ftl"),
    include_str!("../../locales/en/recognition.ftl"),
    include_str!("../../locales/en/sms.ftl"),
];

static FIXED_BN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| BN_FILES.iter().flat_map(|f| fixed_texts(Lang::Bn, f)).collect());
static FIXED_EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| EN_FILES.iter().flat_map(|f| fixed_texts(Lang::En, f)).collect());

/// Dhaka keeps UTC+6 all year (no daylight saving).
pub const DHAKA_OFFSET_SECS: i32 = 6 * 3600;

/// The Asia/Dhaka calendar day of an instant.
pub fn dhaka_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    dhaka_time(at).date()
}

/// The Asia/Dhaka wall-clock time of an instant.
pub fn dhaka_time(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    (at + chrono::Duration::seconds(DHAKA_OFFSET_SECS as i64)).naive_utc()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Bn,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Bn => "bn",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "bn" => Some(Lang::Bn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Bn => Lang::En,
            Lang::En => Lang::Bn,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Bn => &BN,
            Lang::En => &EN,
        }
    }

    /// The text for `key` in this language.
    pub fn t(self, key: &str) -> String {
        self.text(key).into_owned()
    }

    /// The text for `key`, borrowed from the table of fixed texts when it
    /// has no values to fill in (nearly all of them): pages ask for
    /// hundreds per request, and a table lookup costs far less than fluent.
    pub fn text(self, key: &str) -> Cow<'static, str> {
        let table = match self {
            Lang::Bn => &*FIXED_BN,
            Lang::En => &*FIXED_EN,
        };
        match table.get(key) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(LOCALES.lookup(self.id(), key)),
        }
    }

    /// The text for `key` with named values filled in as given (format
    /// numbers with [`Lang::num`] first; codes and links stay as they are).
    pub fn t_with(self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone()))).collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    /// Digits in this language's script.
    pub fn digits(self, text: &str) -> String {
        match self {
            Lang::Bn => bangla::to_bangla_digits(text),
            Lang::En => text.to_owned(),
        }
    }

    /// A count, grouped as its readers group it: Bangla in the Indian way
    /// (১৫,১২,৪১৯: thousands, then lakhs and crores), English in threes.
    pub fn num(self, n: i64) -> String {
        let plain = n.unsigned_abs().to_string();
        let rest = match self {
            Lang::Bn => 2,
            Lang::En => 3,
        };
        let mut groups = Vec::new();
        let mut end = plain.len();
        let mut size = 3;
        while end > size {
            groups.push(&plain[end - size..end]);
            end -= size;
            size = rest;
        }
        groups.push(&plain[..end]);
        groups.reverse();
        let sign = if n < 0 { "-" } else { "" };
        self.digits(&format!("{sign}{}", groups.join(",")))
    }

    /// A date as people in Bangladesh read it, e.g. ২৩ নভেম্বর ২০২৬.
    pub fn date(self, at: &DateTime<Utc>) -> String {
        let dhaka = FixedOffset::east_opt(DHAKA_OFFSET_SECS).expect("valid offset");
        let local = at.with_timezone(&dhaka);
        let month = self.t(&format!("month-{}", local.month()));
        self.digits(&format!("{} {} {}", local.day(), month, local.year()))
    }

    /// A calendar day (no time of day), e.g. ৪ ডিসেম্বর ২০২৬.
    pub fn day(self, d: NaiveDate) -> String {
        let month = self.text(&format!("month-{}", d.month()));
        self.digits(&format!("{} {} {}", d.day(), month, d.year()))
    }

    /// A day stored as text ("2026-12-04", or a longer timestamp that
    /// starts with one), shown as [`Lang::day`]; other text is left as it is.
    pub fn day_text(self, text: &str) -> String {
        match text.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) => self.day(d),
            None => self.digits(text),
        }
    }

    /// A time of day in Asia/Dhaka as people say it: the part of the day
    /// and the 12-hour clock in Bangla ("বিকেল ৪:২০"), "4:20 pm" in English.
    pub fn clock(self, at: &DateTime<Utc>) -> String {
        use chrono::Timelike;
        let local = dhaka_time(*at);
        let hour = local.hour();
        let key = match hour {
            0..=3 => "clock-small-hours",
            4..=5 => "clock-dawn",
            6..=11 => "clock-morning",
            12..=14 => "clock-midday",
            15..=17 => "clock-afternoon",
            18..=19 => "clock-evening",
            _ => "clock-night",
        };
        let time = self.digits(&format!("{}:{:02}", (hour + 11) % 12 + 1, local.minute()));
        self.t_with(key, &[("time", time)])
    }

    /// The language asked for in an Accept-Language header, if it is one of ours.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(|tag| Lang::parse(tag.trim().get(..2).unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or("").to_owned())
                .collect()
        };
        let bn: Vec<String> = BN_FILES.iter().flat_map(|f| keys(f)).collect();
        let en: Vec<String> = EN_FILES.iter().flat_map(|f| keys(f)).collect();
        let missing_en: Vec<_> = bn.iter().filter(|k| !en.contains(k)).collect();
        let missing_bn: Vec<_> = en.iter().filter(|k| !bn.contains(k)).collect();
        assert!(missing_en.is_empty() && missing_bn.is_empty(), "en lacks {missing_en:?}; bn lacks {missing_bn:?}");
        // A key written twice stops every page at start (fluent refuses to override).
        for (lang, list) in [("bn", &bn), ("en", &en)] {
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<_> = list.iter().filter(|k| !seen.insert(k.as_str())).collect();
            assert!(twice.is_empty(), "{lang} has {twice:?} twice");
        }
    }

    #[test]
    fn fixed_texts_read_as_fluent_writes_them() {
        for lang in [Lang::Bn, Lang::En] {
            for key in ["vote-up", "report-link", "month-11", "answer-accept"] {
                assert_eq!(lang.text(key), LOCALES.lookup(lang.id(), key), "{key}");
                assert!(matches!(lang.text(key), Cow::Borrowed(_)), "{key} is in the table");
            }
        }
        let args = [("max", "৫".to_owned())];
        assert!(Lang::Bn.t_with("quota-posts-hour", &args).contains('৫'), "texts with values go through fluent");
    }

    #[test]
    fn dates_are_in_dhaka_time_and_bangla_digits() {
        let late_evening_utc = DateTime::parse_from_rfc3339("2026-11-23T20:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(Lang::Bn.date(&late_evening_utc), "২৪ নভেম্বর ২০২৬");
        assert_eq!(Lang::En.date(&late_evening_utc), "24 November 2026");
    }

    #[test]
    fn days_read_as_words_not_iso() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(Lang::Bn.day(d), "৪ ডিসেম্বর ২০২৬");
        assert_eq!(Lang::En.day(d), "4 December 2026");
        assert_eq!(Lang::Bn.day_text("2026-12-04T10:00:00Z"), "৪ ডিসেম্বর ২০২৬");
        assert_eq!(Lang::En.day_text("soon"), "soon");
    }

    #[test]
    fn counts_are_grouped_as_each_language_reads_them() {
        assert_eq!(Lang::Bn.num(1_512_419), "১৫,১২,৪১৯");
        assert_eq!(Lang::En.num(1_512_419), "1,512,419");
        assert_eq!(Lang::Bn.num(123_456_789), "১২,৩৪,৫৬,৭৮৯");
        assert_eq!(Lang::Bn.num(999), "৯৯৯");
        assert_eq!(Lang::Bn.num(1000), "১,০০০");
        assert_eq!(Lang::En.num(-12_345), "-12,345");
        assert_eq!(Lang::En.num(0), "0");
    }

    #[test]
    fn accept_language_picks_our_languages_only() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("bn-BD, en;q=0.5"), Some(Lang::Bn));
        assert_eq!(Lang::from_accept_language("fr-FR"), None);
    }
}
