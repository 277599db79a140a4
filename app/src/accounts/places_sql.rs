//! Where accounts work, as a relation that other features' grouped figures
//! read inside their own statements (a practice dashboard's teachers per
//! upazila, a course report's enrolments per district): the database
//! counts, nobody reads every account into memory, and only this folder's
//! SQL names the table.

use crate::web::Role;

/// `SELECT id, district_id, upazila_id, institution_id FROM users`, of
/// classroom teachers (teachers and head teachers) only when `teaching`;
/// used as `(…) AS alias`. It binds no values: the roles are our own words.
pub fn places(teaching: bool) -> String {
    let mut sql = "SELECT id, district_id, upazila_id, institution_id FROM users".to_owned();
    if teaching {
        let roles: Vec<String> =
            Role::ALL.iter().filter(|r| r.teaches()).map(|r| format!("'{}'", r.as_str())).collect();
        sql.push_str(&format!(" WHERE role IN ({})", roles.join(", ")));
    }
    sql
}

/// `SELECT id, name FROM users`: people's names, used as `(…) AS alias`.
pub fn names() -> &'static str {
    "SELECT id, name FROM users"
}
