//! Accounts: who people are on the portal, and the rules for what they type
//! when they sign up or log in.

use serde::Deserialize;

use crate::web::FieldErrors;

pub use crate::ids::UserId;

pub use crate::web::Role;

/// An account as the accounts feature keeps it: identity, role, and the
/// profile columns the profiles feature fills in through this store.
pub use super::entity::user::Model as Account;

crate::stored_words! {
    /// Where a teacher stands with the moderators who check her profile.
    pub enum Verification {
        /// Profile not complete enough to check.
        Unverified = "unverified",
        /// Waiting in the moderators' queue.
        Pending = "pending",
        Verified = "verified",
        Rejected = "rejected",
    }
}

crate::stored_words! {
    /// How a session was opened: a browser's cookie or an API log-in.
    pub enum SessionKind {
        Cookie = "cookie",
        Api = "api",
    }
}

crate::stored_words! {
    /// How a password-reset code was sent.
    pub enum ResetChannel {
        Sms = "sms",
        Email = "email",
    }
}

impl Account {
    /// The school she belongs to as far as others may rely on it: her
    /// profile's, once a moderator verified her there. A school she only
    /// names (pending, rejected) gives her nothing of the school's.
    pub fn verified_school(&self) -> Option<crate::ids::InstitutionId> {
        self.institution_id.filter(|_| self.verification == Verification::Verified)
    }

    pub fn is_verified(&self) -> bool {
        self.verification == Verification::Verified
    }
}

/// The account behind a live session: what every page needs to know.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub lang: crate::web::Lang,
    /// Data-saver mode as she chose it on her account, if she chose.
    pub saver: Option<bool>,
}

/// How a person is known when logging in: a Bangladeshi mobile number
/// (stored as +8801XXXXXXXXX) or an e-mail address (stored lower-case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    Phone(String),
    Email(String),
}

/// Accepts 01XXXXXXXXX, +8801XXXXXXXXX, 8801XXXXXXXXX, in Bangla or ASCII
/// digits, with spaces or dashes; `None` if it is not a mobile number.
pub fn normalize_phone(input: &str) -> Option<String> {
    let digits: String =
        bangla::to_ascii_digits(input).chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
    let national = digits.strip_prefix("+88").or_else(|| digits.strip_prefix("88")).unwrap_or(&digits);
    let ok = national.len() == 11
        && national.starts_with("01")
        && matches!(national.as_bytes()[2], b'3'..=b'9')
        && national.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("+88{national}"))
}

pub fn normalize_email(input: &str) -> Option<String> {
    let email = input.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(email)
}

impl Login {
    pub fn parse(input: &str) -> Option<Login> {
        if input.contains('@') {
            normalize_email(input).map(Login::Email)
        } else {
            normalize_phone(input).map(Login::Phone)
        }
    }
}

pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 128;

/// Checks a new password; adds its error to `errors` under `field`.
pub fn check_password(password: &str, field: &'static str, errors: &mut FieldErrors) {
    if crate::web::text::visible_len(password) < MIN_PASSWORD {
        errors.add(field, "field-password-short");
    } else if password.chars().count() > MAX_PASSWORD {
        errors.add(field, "field-password-long");
    }
}

/// A sign-up as typed, before it is checked.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Registration {
    #[schema(min_length = 2, max_length = 100)]
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// 8–128 characters (spaces do not count towards the 8).
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

/// A sign-up that passed every check.
pub struct ValidRegistration {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub password: String,
}

impl Registration {
    pub fn validate(&self) -> Result<ValidRegistration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = bangla::normalize(&self.name);
        if crate::web::text::visible_len(&self.name) < 2 {
            errors.add("name", "field-name-short");
        } else if self.name.chars().count() > 100 {
            errors.add("name", "field-too-long");
        }
        let phone_typed = self.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let email_typed = self.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let phone = phone_typed.and_then(normalize_phone);
        let email = email_typed.and_then(normalize_email);
        if phone_typed.is_some() && phone.is_none() {
            errors.add("phone", "field-phone-invalid");
        }
        if email_typed.is_some() && email.is_none() {
            errors.add("email", "field-email-invalid");
        }
        if phone_typed.is_none() && email_typed.is_none() {
            errors.add("phone", "field-phone-or-email");
        }
        check_password(&self.password, "password", &mut errors);
        if errors.is_empty() {
            Ok(ValidRegistration { name, phone, email, password: self.password.clone() })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_in_every_usual_spelling_become_one() {
        let want = Some("+8801712345678".to_owned());
        for typed in ["01712345678", "+8801712345678", "8801712345678", "০১৭১২৩৪৫৬৭৮", "+৮৮ ০১৭১২-৩৪৫৬৭৮"]
        {
            assert_eq!(normalize_phone(typed), want, "{typed}");
        }
    }

    #[test]
    fn numbers_that_are_not_bangladeshi_mobiles_are_refused() {
        for typed in ["0171234567", "017123456789", "01212345678", "02712345678", "+4401712345678", "0171234567a", ""] {
            assert_eq!(normalize_phone(typed), None, "{typed}");
        }
    }

    #[test]
    fn registration_needs_a_way_to_log_in_and_a_long_enough_password() {
        let r = Registration { name: "রহিমা".into(), password: "short".into(), ..Default::default() };
        let errors = r.validate().err().unwrap();
        assert_eq!(errors.get("phone"), Some("field-phone-or-email"));
        assert_eq!(errors.get("password"), Some("field-password-short"));
        let ok = Registration {
            name: " রহিমা  খাতুন ".into(),
            email: Some("Rahima@School.EDU.bd".into()),
            password: "পাসওয়ার্ড১২৩".into(),
            ..Default::default()
        };
        let valid = ok.validate().unwrap();
        assert_eq!(valid.name, "রহিমা খাতুন");
        assert_eq!(valid.email.as_deref(), Some("rahima@school.edu.bd"));
    }
}
