//! A teacher's profile: what they teach and where, as shown to others and
//! checked by moderators.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::model::{Role, UserId};
use crate::web::{FieldErrors, Lang};

pub const MAX_BIO: usize = 500;
pub const MAX_DESIGNATION: usize = 80;

/// Verification of a teacher by a moderator (stored by accounts, in `users`).
pub use crate::accounts::model::Verification;

/// A name in both languages.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Named {
    pub id: i64,
    pub name_en: String,
    pub name_bn: String,
}

impl Named {
    pub fn name(&self, lang: &Lang) -> &str {
        if *lang == Lang::Bn { &self.name_bn } else { &self.name_en }
    }
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct InstitutionRef {
    pub id: crate::ids::InstitutionId,
    pub eiin: i64,
    pub name: String,
}

/// A teacher as anyone may see them.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Profile {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub verification: Verification,
    /// Why a moderator turned the verification down (shown to the owner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_note: Option<String>,
    pub photo_url: Option<String>,
    pub designation: Option<String>,
    pub institution: Option<InstitutionRef>,
    pub district: Option<Named>,
    pub upazila: Option<Named>,
    pub level: Option<Named>,
    pub classes: Vec<i32>,
    /// Subject codes, as in `/api/v1/curriculum`.
    pub subjects: Vec<Named>,
    pub bio: Option<String>,
    pub member_since: DateTime<Utc>,
    /// Points from colleagues' votes, accepted answers and ratings.
    pub reputation: i64,
    /// Changes whenever the profile does: a moderator's decision names the
    /// version it was made on, so an edit in between is not verified blind.
    pub version: i64,
}

impl Profile {
    pub fn is_verified(&self) -> bool {
        self.verification == Verification::Verified
    }
}

/// The profile form (and the JSON body of `PUT /api/v1/me/profile`).
#[derive(Deserialize, Serialize, ToSchema, Clone, Debug, Default)]
pub struct ProfileInput {
    #[serde(default)]
    #[schema(max_length = 80)]
    pub designation: String,
    /// EIIN, or the exact name of an institution in the chosen upazila.
    #[serde(default)]
    pub institution: String,
    pub district_id: Option<crate::ids::DistrictId>,
    pub upazila_id: Option<crate::ids::UpazilaId>,
    /// A level code from the curriculum, e.g. `primary`.
    pub level: Option<String>,
    /// Class numbers, 1–12.
    #[serde(default)]
    #[schema(inline, value_type = Vec<i32>, minimum = 1, maximum = 12)]
    pub classes: Vec<i32>,
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub bio: String,
}

impl ProfileInput {
    /// Reads the profile form: numbers in either script's digits, an
    /// empty choice as none.
    pub fn from_form(form: ProfileForm) -> ProfileInput {
        let id = |v: &str| bangla::to_ascii_digits(v).trim().parse::<i64>().ok();
        ProfileInput {
            designation: form.designation,
            institution: form.institution,
            district_id: id(&form.district_id).map(crate::ids::DistrictId),
            upazila_id: id(&form.upazila_id).map(crate::ids::UpazilaId),
            level: Some(form.level).filter(|v| !v.is_empty()),
            classes: form.classes.iter().filter_map(|c| id(c)).map(|n| n as i32).collect(),
            subjects: form.subjects,
            bio: form.bio,
        }
    }

    /// Checks what can be checked without the database.
    pub fn check_shape(&self, errors: &mut FieldErrors) {
        if self.designation.chars().count() > MAX_DESIGNATION {
            errors.add("designation", "field-too-long");
        }
        if self.bio.chars().count() > MAX_BIO {
            errors.add("bio", "field-bio-long");
        }
        if self.classes.iter().any(|c| !(1..=12).contains(c)) {
            errors.add("classes", "field-class-invalid");
        }
        if self.upazila_id.is_some() && self.district_id.is_none() {
            errors.add("district_id", "field-district-needed");
        }
    }
}

/// The profile form as posted; the class and subject checkboxes repeat.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    pub designation: String,
    pub institution: String,
    pub district_id: String,
    pub upazila_id: String,
    pub level: String,
    pub classes: Vec<String>,
    pub subjects: Vec<String>,
    pub bio: String,
}
