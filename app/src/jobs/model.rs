//! The words of the jobs table: what a job does and where it stands.

crate::stored_words! {
    /// What a job does (`jobs.kind`); the worker hands each kind to the
    /// feature that does that work.
    pub enum JobKind {
        /// Makes a blob's thumbnail and renditions and reads its text;
        /// payload `{"blob_id": id}`.
        MediaProcess = "media.process",
        /// Awards a new badge for work done before it existed; payload
        /// `{"achievement": id}`.
        AwardPast = "credentials.award_past",
        /// Computes a recognition round's candidates; payload `{"round": id}`.
        RecognitionCompute = "recognition.compute",
        /// Keeps the search index up to date: many small jobs, taken in
        /// batches by the indexing loop (never by `claim`, so a long
        /// transcode does not hold up search).
        SearchIndex = "search.index",
        /// A reminder's SMS to a teacher who chose them; payload
        /// `{"notification": id}`.
        SmsNotice = "sms.notice",
    }
}

crate::stored_words! {
    /// Where a job stands (`jobs.status`).
    pub enum JobStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        /// Out of attempts: parked on the failed-jobs page.
        Failed = "failed",
    }
}
