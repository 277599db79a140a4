//! Small shorthands the migrations share.

use sea_orm_migration::prelude::*;

/// A foreign key `from.col → to.id`; children of a user go with the user.
pub fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.name(format!("fk_{from}_{col}")).from(from, col).to(to, "id");
    if to == "users" {
        key.on_delete(ForeignKeyAction::Cascade);
    }
    key.to_owned()
}

pub async fn index(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(format!("ix_{table}_{}", cols.join("_"))).table(table);
    for c in cols {
        idx.col(*c);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}
