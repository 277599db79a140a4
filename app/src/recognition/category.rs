//! The six awards, in the order pages list them, and where an award is given.

use std::fmt;
use std::str::FromStr;

use crate::ids::DistrictId;

crate::stored_words! {
    /// What an award is for (stored as its word; pages list them in this order).
    pub enum AwardCategory {
        /// Best content.
        Content = "content",
        /// Best content creator.
        Creator = "creator",
        /// Most helpful answerer.
        Answerer = "answerer",
        /// Best online performer.
        Performer = "performer",
        /// Innovative teacher (nominated by peers, confirmed by moderators).
        Innovator = "innovator",
        /// Institution head for leadership.
        Leader = "leader",
    }
}

impl AwardCategory {
    /// The catalogue key of its name ("Best content of the week" is
    /// `award-content` with the period).
    pub fn label_key(self) -> &'static str {
        match self {
            AwardCategory::Content => "award-content",
            AwardCategory::Creator => "award-creator",
            AwardCategory::Answerer => "award-answerer",
            AwardCategory::Performer => "award-performer",
            AwardCategory::Innovator => "award-innovator",
            AwardCategory::Leader => "award-leader",
        }
    }
}

/// Where an award is given: the whole country, or one district. Stored as
/// `bd` or `d{district}`, so one round has one award per category and place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum AwardPlace {
    National,
    District(DistrictId),
}

impl AwardPlace {
    /// The place of a candidate ranked in `district` (None: nationally).
    pub fn of(district: Option<DistrictId>) -> AwardPlace {
        district.map_or(AwardPlace::National, AwardPlace::District)
    }
}

impl fmt::Display for AwardPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AwardPlace::National => f.write_str("bd"),
            AwardPlace::District(d) => write!(f, "d{d}"),
        }
    }
}

impl FromStr for AwardPlace {
    type Err = crate::words::UnknownWord;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "bd" => Ok(AwardPlace::National),
            _ => text
                .strip_prefix('d')
                .and_then(|d| d.parse().ok())
                .map(AwardPlace::District)
                .ok_or(crate::words::UnknownWord),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_back_as_written() {
        for place in [AwardPlace::National, AwardPlace::District(DistrictId(27))] {
            assert_eq!(place.to_string().parse::<AwardPlace>(), Ok(place));
        }
        assert_eq!(AwardPlace::District(DistrictId(27)).to_string(), "d27");
        assert!("x7".parse::<AwardPlace>().is_err());
    }
}
