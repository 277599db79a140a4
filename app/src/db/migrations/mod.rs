//! One set of migrations for both backends, in SeaORM's schema DSL.

mod helpers;
mod m0001_reference;
mod m0002_accounts;
mod m0003_content;
mod m0004_listing_indexes;
mod m0005_questions;
mod m0006_ideas;
mod m0007_posts;
mod m0008_blocklist_reports;
mod m0009_follows;
mod m0010_search;
mod m0011_blob_texts;
mod m0012_downloads;
mod m0013_likeness;
mod m0014_learning;
mod m0015_search_orders;
mod m0016_training;
mod m0017_practice;
mod m0018_credentials;
mod m0019_recognition;
mod m0020_quiz_attempt_numbers;
mod m0021_reputation_once;
mod m0022_officer_assignments;
mod m0023_one_open_report;
mod m0024_vocabulary;
mod m0025_one_report_system;
mod m0026_read_views;
mod m0027_view_days;
mod m0028_secondary_chapters;
mod m0029_unread_index;
mod m0030_search_changes;
mod m0031_newest_verified_index;
mod m0032_sms;
mod m0033_sms_reminders;
mod m0034_data_saver;
mod m0035_replayed_forms;
mod reference_data;

use sea_orm_migration::prelude::*;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_reference::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_content::Migration),
            Box::new(m0004_listing_indexes::Migration),
            Box::new(m0005_questions::Migration),
            Box::new(m0006_ideas::Migration),
            Box::new(m0007_posts::Migration),
            Box::new(m0008_blocklist_reports::Migration),
            Box::new(m0009_follows::Migration),
            Box::new(m0010_search::Migration),
            Box::new(m0011_blob_texts::Migration),
            Box::new(m0012_downloads::Migration),
            Box::new(m0013_likeness::Migration),
            Box::new(m0014_learning::Migration),
            Box::new(m0015_search_orders::Migration),
            Box::new(m0016_training::Migration),
            Box::new(m0017_practice::Migration),
            Box::new(m0018_credentials::Migration),
            Box::new(m0019_recognition::Migration),
            Box::new(m0020_quiz_attempt_numbers::Migration),
            Box::new(m0021_reputation_once::Migration),
            Box::new(m0022_officer_assignments::Migration),
            Box::new(m0023_one_open_report::Migration),
            Box::new(m0024_vocabulary::Migration),
            Box::new(m0025_one_report_system::Migration),
            Box::new(m0026_read_views::Migration),
            Box::new(m0027_view_days::Migration),
            Box::new(m0028_secondary_chapters::Migration),
            Box::new(m0029_unread_index::Migration),
            Box::new(m0030_search_changes::Migration),
            Box::new(m0031_newest_verified_index::Migration),
            Box::new(m0032_sms::Migration),
            Box::new(m0033_sms_reminders::Migration),
            Box::new(m0034_data_saver::Migration),
            Box::new(m0035_replayed_forms::Migration),
        ]
    }
}
