//! Tables of ideas: ideas to the authorities and the teachers supporting them.

use crate::db::entity;

entity!(idea, "ideas", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::IdeaId,
    pub author_id: crate::ids::UserId,
    pub kind: crate::ideas::IdeaKind,
    pub title: String,
    pub body: String,
    pub scope: crate::ideas::IdeaScope,
    pub district_id: Option<crate::ids::DistrictId>,
    pub upazila_id: Option<crate::ids::UpazilaId>,
    pub status: crate::ideas::IdeaStatus,
    pub response: Option<String>,
    pub responder_id: Option<crate::ids::UserId>,
    pub responded_at: Option<DateTimeUtc>,
    pub support_count: i64,
    pub hidden: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

entity!(idea_support, "idea_supports", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub idea_id: crate::ids::IdeaId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub created_at: DateTimeUtc,
});
