//! Integration tests through HTTP, on SQLite or (with BATAYON_TEST_POSTGRES)
//! PostgreSQL, with local or (with BATAYON_TEST_S3) S3-compatible storage.
//! One test binary, so the suite links once.

mod accounts;
mod app;
mod backup;
mod cluster_node;
mod content;
mod course_progress;
mod credentials;
mod dead_ends;
mod discovery;
mod durability;
mod feed;
mod feedback;
mod fixtures;
mod generate;
mod grouped_figures;
mod hardening;
mod ideas;
mod kept_reference;
mod learning;
mod limits_kept;
mod load_client;
mod metrics;
mod moderation;
mod officers;
mod operations;
mod own_pages;
mod password_reset;
mod posts;
mod practice;
mod profiles;
mod questions;
mod recognition;
mod reference;
mod review;
mod review25;
mod review26;
mod review_dec05;
mod search;
mod search_changes;
mod shell;
mod sms;
mod uploads;
mod web;
mod words_numbers;
