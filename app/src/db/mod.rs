//! The database: one SeaORM connection for SQLite (embedded, default) or
//! PostgreSQL (scale), chosen from the URL, and the migrations both share.

pub mod migrations;
pub mod settings;

/// A table's SeaORM entity from its columns: `Model`, an empty
/// `Relation` (joins are written out in the stores) and the default
/// `ActiveModelBehavior`. Used by every feature that owns a table.
macro_rules! entity {
    ($module:ident, $table:literal, { $($body:tt)* }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                $($body)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

pub(crate) use entity;

use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlxSqliteConnector};
use sea_orm_migration::MigratorTrait;

/// Opens the database named by `url`. SQLite gets WAL, `synchronous=FULL`
/// (a committed write survives a power cut) and foreign keys on every
/// pooled connection, not just the first.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| DbErr::Custom(format!("bad SQLite URL {url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Custom(format!("cannot open {url}: {e}")))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        // Plans made for the values at hand: search's `terms @@ $1` is a
        // few rows for one word and half the table for another, and a plan
        // cached for "any word" reads them all.
        let joiner = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{joiner}options=-c%20plan_cache_mode%3Dforce_custom_plan");
        let mut options = ConnectOptions::new(url);
        options.max_connections(20).connect_timeout(Duration::from_secs(10)).sqlx_logging(false);
        Database::connect(options).await
    }
}

/// A raw statement written with `$1, $2 …`: PostgreSQL reads them as
/// they are, SQLite reads the same numbers as `?1, ?2 …`.
pub fn numbered(db: &impl sea_orm::ConnectionTrait, sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}

/// Brings the schema and the shipped reference data up to date.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    migrations::Migrator::up(db, None).await
}

/// True when the database answers a trivial query (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// Writes a consistent copy of a SQLite database to `target` while others
/// keep writing (`VACUUM INTO` runs in a transaction of its own).
pub async fn sqlite_snapshot(db: &DatabaseConnection, target: &std::path::Path) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    let target = target.to_str().ok_or_else(|| DbErr::Custom("backup path is not UTF-8".into()))?.replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'")).await?;
    Ok(())
}

/// True when a PostgreSQL database has any table of ours (or anyone's).
pub async fn has_tables(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        ))
        .await?;
    let n: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
    Ok(n > 0)
}
