//! The learning feature's vocabulary: where a course, a version, a batch
//! and a place in it stand, and what kind an activity, a question, a batch
//! and a next step are. Each is stored as its word (the columns stay text).

crate::stored_words! {
    /// Where a course stands for new enrolments.
    pub enum CourseStatus {
        /// Never published yet.
        Draft = "draft",
        Published = "published",
        /// Taken off the catalogue; enrolled teachers go on.
        Unpublished = "unpublished",
    }
}

crate::stored_words! {
    /// Where one version of a course stands.
    pub enum VersionStatus {
        /// Being edited; at most one per course.
        Draft = "draft",
        /// What new enrolments get.
        Published = "published",
        /// Published once, replaced since; teachers enrolled in it keep it.
        Retired = "retired",
    }
}

crate::stored_words! {
    /// What a teacher does in an activity. The authoring form offers the
    /// kinds in this order, the first chosen unless she picks another.
    #[derive(Default)]
    pub enum ActivityKind {
        #[default]
        Video = "video",
        Audio = "audio",
        Reading = "reading",
        /// "Try this in class".
        Practice = "practice",
    }
}

impl ActivityKind {
    /// A video or audio: it needs a content of the library to play.
    pub fn plays(self) -> bool {
        matches!(self, ActivityKind::Video | ActivityKind::Audio)
    }

    /// The prefix of the renditions it plays (`video_360p`, `audio_48k`).
    pub fn rendition_prefix(self) -> &'static str {
        if self == ActivityKind::Audio { "audio_" } else { "video_" }
    }
}

crate::stored_words! {
    /// How a quiz question is answered. The authoring form offers the
    /// kinds in this order, the first chosen unless she picks another.
    #[derive(Default)]
    pub enum QuestionKind {
        /// One correct choice.
        #[default]
        Single = "single",
        /// One or more correct choices.
        Multiple = "multiple",
        /// A statement, true or false (its two choices are made for it).
        TrueFalse = "true_false",
        /// A number typed, within a tolerance.
        Numeric = "numeric",
    }
}

impl QuestionKind {
    /// Its choices keep their order in every attempt (true before false).
    pub fn keeps_order(self) -> bool {
        self == QuestionKind::TrueFalse
    }

    /// More than one choice may be ticked.
    pub fn many(self) -> bool {
        self == QuestionKind::Multiple
    }

    /// Answered by typing a number, not by choosing.
    pub fn numeric(self) -> bool {
        self == QuestionKind::Numeric
    }
}

crate::stored_words! {
    /// Face-to-face training: a batch after a course, or an event open to all.
    pub enum BatchKind {
        /// After a course: only teachers who completed it, never past capacity.
        Batch = "batch",
        /// A conference or seminar: open to all, a waiting list when full.
        Event = "event",
    }
}

crate::stored_words! {
    /// Where a batch or event stands.
    pub enum BatchStatus {
        Open = "open",
        /// Closed by whoever runs it; members present every day completed it.
        Completed = "completed",
    }
}

crate::stored_words! {
    /// A teacher's place in a batch or event.
    pub enum MemberStatus {
        Placed = "placed",
        /// On an event's waiting list: the first takes a freed place.
        Waiting = "waiting",
    }
}

crate::stored_words! {
    /// What a teacher's next step in a course is.
    pub enum NextStepKind {
        Activity = "activity",
        Quiz = "quiz",
        Certificate = "certificate",
    }
}
