//! Roles: what a signed-in person may do. Kept with the web plumbing
//! because every feature's authorisation checks read them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Teacher,
    HeadTeacher,
    Moderator,
    Officer,
    /// Builds and publishes courses.
    CourseAuthor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Teacher, Role::HeadTeacher, Role::Moderator, Role::Officer, Role::CourseAuthor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Teacher => "teacher",
            Role::HeadTeacher => "head_teacher",
            Role::Moderator => "moderator",
            Role::Officer => "officer",
            Role::CourseAuthor => "course_author",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn can_author_courses(self) -> bool {
        matches!(self, Role::CourseAuthor | Role::Admin)
    }

    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// Catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Teacher => "role-teacher",
            Role::HeadTeacher => "role-head_teacher",
            Role::Moderator => "role-moderator",
            Role::Officer => "role-officer",
            Role::CourseAuthor => "role-course_author",
            Role::Admin => "role-admin",
        }
    }
}
