//! Notifications: short messages to a teacher about their own things (a
//! moderator hid or restored their content, someone commented). Shown on
//! the notifications page and by `GET /api/v1/notifications`.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::model::UserId;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppResult, CurrentUser, Page};

pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// Catalogue key of the message, e.g. `notify-content-hidden`.
        pub kind: String,
        /// What the message is about (a title), and a reason if any.
        pub detail: String,
        pub link: String,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn notify(
    db: &impl ConnectionTrait,
    user: UserId,
    kind: &str,
    detail: &str,
    link: &str,
) -> Result<(), DbErr> {
    entry::ActiveModel {
        id: NotSet,
        user_id: Set(user.0),
        kind: Set(kind.to_owned()),
        detail: Set(detail.to_owned()),
        link: Set(link.to_owned()),
        created_at: Set(Utc::now()),
        read_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn recent(db: &impl ConnectionTrait, user: UserId, limit: u64) -> Result<Vec<entry::Model>, DbErr> {
    entry::Entity::find()
        .filter(entry::Column::UserId.eq(user.0))
        .order_by_desc(entry::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn unread_count(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    entry::Entity::find()
        .filter(entry::Column::UserId.eq(user.0))
        .filter(entry::Column::ReadAt.is_null())
        .count(db)
        .await
}

async fn mark_all_read(db: &impl ConnectionTrait, user: UserId) -> Result<(), DbErr> {
    entry::Entity::update_many()
        .col_expr(entry::Column::ReadAt, Expr::value(Utc::now()))
        .filter(entry::Column::UserId.eq(user.0))
        .filter(entry::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/notifications", get(page)).route("/notifications/read", post(read_all))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    /// The message in the caller's language.
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

fn view(e: entry::Model, lang: crate::web::Lang) -> Notification {
    Notification {
        id: e.id,
        text: lang.t_with(&e.kind, &[("detail", e.detail.clone())]),
        kind: e.kind,
        link: e.link,
        created_at: e.created_at,
        read: e.read_at.is_some(),
    }
}

/// The signed-in teacher's latest notifications.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", responses((status = 200, body = Vec<Notification>)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    ctx: crate::web::context::RequestContext,
    user: CurrentUser,
) -> AppResult<Json<Vec<Notification>>> {
    let rows = recent(&state.db, user.id, 50).await?;
    Ok(Json(rows.into_iter().map(|e| view(e, ctx.lang)).collect()))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    page: Page,
    items: Vec<Notification>,
}

async fn page(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    let lang = page.lang;
    let items = recent(&state.db, user.id, 50).await?.into_iter().map(|e| view(e, lang)).collect();
    Ok(Html(NotificationsPage { page: page.titled("notifications-title"), items }.render()?))
}

async fn read_all(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    mark_all_read(&state.db, user.id).await?;
    Ok(Redirect::to("/notifications").into_response())
}
