//! Roles: what a signed-in person may do, stored as the word in
//! `users.role`. Kept with the web plumbing because every feature's
//! authorisation checks read them.

crate::stored_words! {
    /// A person's role on the portal.
    pub enum Role {
        Teacher = "teacher",
        HeadTeacher = "head_teacher",
        Moderator = "moderator",
        Officer = "officer",
        /// Builds and publishes courses.
        CourseAuthor = "course_author",
        Admin = "admin",
    }
}

impl Role {
    pub fn can_author_courses(self) -> bool {
        matches!(self, Role::CourseAuthor | Role::Admin)
    }

    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// A classroom teacher (head teachers teach too), not staff.
    pub fn teaches(self) -> bool {
        matches!(self, Role::Teacher | Role::HeadTeacher)
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
