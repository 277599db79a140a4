//! SQL of the audit log.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use crate::ids::UserId;
use crate::items::ItemRef;

pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::AuditId,
        /// None when the system itself acted (e.g. the command line).
        pub actor_id: Option<crate::ids::UserId>,
        pub action: String,
        pub subject_type: crate::items::ItemKind,
        pub subject_id: i64,
        /// JSON with the details (a reason, the old and new value).
        pub detail: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Adds a line: `actor` (None for the system) did `action` to `subject`.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<UserId>,
    action: &str,
    subject: impl Into<ItemRef>,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    let subject = subject.into();
    entry::ActiveModel {
        id: NotSet,
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        subject_type: Set(subject.kind),
        subject_id: Set(subject.id),
        detail: Set(detail.to_string()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn recent(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<entry::Model>, DbErr> {
    entry::Entity::find().order_by_desc(entry::Column::Id).limit(limit).all(db).await
}

/// Every line about one record, oldest first.
pub async fn for_subject(db: &impl ConnectionTrait, subject: impl Into<ItemRef>) -> Result<Vec<entry::Model>, DbErr> {
    let subject = subject.into();
    entry::Entity::find()
        .filter(entry::Column::SubjectType.eq(subject.kind))
        .filter(entry::Column::SubjectId.eq(subject.id))
        .order_by_asc(entry::Column::Id)
        .all(db)
        .await
}
