//! The microcredential tables, owned here.

use crate::db::entity;

entity!(issuer, "issuers", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::IssuerId,
    /// What people call it: NAEM, DPE, PTI Kurigram.
    pub short_name: String,
    /// Full name in Bangla.
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub website: String,
    pub email: String,
    pub created_at: DateTimeUtc,
});

entity!(key, "issuer_keys", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issuer_id: crate::ids::IssuerId,
    /// 1, 2, … in order of creation; the DID document calls it `#key-{number}`.
    pub number: i32,
    /// The Ed25519 public key (`z6Mk…`). The private key is in the key store.
    pub public_multibase: String,
    pub created_at: DateTimeUtc,
    /// No longer signs; still published so earlier credentials verify.
    pub retired_at: Option<DateTimeUtc>,
});

entity!(member, "issuer_members", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub issuer_id: crate::ids::IssuerId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
});

entity!(achievement, "achievements", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::AchievementId,
    pub issuer_id: crate::ids::IssuerId,
    /// A second institution that endorses the badge.
    pub endorser_id: Option<crate::ids::IssuerId>,
    pub name: String,
    pub description: String,
    pub criteria: String,
    /// A code of `competencies::FRAMEWORK`.
    pub competency: String,
    /// Comma-separated.
    pub tags: String,
    pub rule: crate::credentials::model::AchievementRule,
    pub course_id: Option<crate::ids::CourseId>,
    /// For `practice`: tries logged and endorsed by her head teacher.
    pub practice_count: Option<i32>,
    /// Credentials expire this many days after issue (none: never).
    pub valid_days: Option<i32>,
    /// The endorser's signed EndorsementCredential, JSON.
    pub endorsement: Option<String>,
    pub created_at: DateTimeUtc,
});

entity!(credential, "credentials", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CredentialId,
    /// The UUID in its public address.
    pub public_id: String,
    pub achievement_id: crate::ids::AchievementId,
    pub recipient_id: crate::ids::UserId,
    pub issuer_id: crate::ids::IssuerId,
    pub key_number: i32,
    /// Its bit in the issuer's status list.
    pub status_index: i64,
    /// The signed OpenBadgeCredential exactly as issued.
    pub document: String,
    /// The signed short form carried by the QR code.
    pub compact: String,
    pub evidence_note: String,
    /// Who awarded it by hand (none: earned by a rule).
    pub awarded_by: Option<crate::ids::UserId>,
    /// Shown in her public backpack.
    pub public: bool,
    pub issued_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<String>,
    /// Six random digits that, after the id, make the code a basic phone
    /// texts to check it (`sms_code`).
    pub check_number: i32,
});

impl credential::Model {
    /// The code to text for a check: the id, then the six check digits
    /// ("17-482913"). The id makes it unique and short; the digits make it
    /// unguessable from the id alone.
    pub fn sms_code(&self) -> String {
        format!("{}-{:06}", self.id.0, self.check_number)
    }
}

entity!(pathway, "pathways", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::PathwayId,
    pub name: String,
    pub description: String,
    /// How many of its badges make the whole.
    pub required: i32,
    /// What completing it counts as ("১ ক্রেডিট").
    pub reward: String,
    pub created_at: DateTimeUtc,
});

entity!(step, "pathway_steps", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub pathway_id: crate::ids::PathwayId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub achievement_id: crate::ids::AchievementId,
});
