//! Integration tests through HTTP, on SQLite or (with BATAYON_TEST_POSTGRES)
//! PostgreSQL. One test binary, so the suite links once.

mod accounts;
mod app;
mod durability;
mod moderation;
mod operations;
mod password_reset;
mod profiles;
mod reference;
mod web;
