//! Batayon, the national teachers' portal: one binary serving Bangla-first
//! pages and a JSON API over SQLite or PostgreSQL.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod backup;
pub mod blocklist;
pub mod cli;
pub mod config;
pub mod content;
pub mod credentials;
pub mod curriculum;
pub mod db;
pub mod demo;
pub mod discussion;
pub mod feed;
pub mod home;
pub mod ideas;
pub mod ids;
pub mod importing;
pub mod institutions;
pub mod items;
pub mod jobs;
pub mod learning;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod officers;
pub mod operations;
pub mod places;
pub mod posts;
pub mod practice;
pub mod profiles;
pub mod questions;
pub mod recognition;
pub mod search;
pub mod senders;
pub mod site;
pub mod state;
pub mod storage;
pub mod uploads;
pub mod web;
pub mod words;
pub mod worker;

pub use config::Config;
pub use state::AppState;
