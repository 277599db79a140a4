//! How messages reach people: e-mail over SMTP, SMS through a generic HTTP
//! gateway, or, when neither is configured (development), the log. The log
//! sender also keeps the last messages in memory so a developer, or a test,
//! can read the code that was "sent". A text is cut into SMS that each
//! fit (`parts`) and every SMS is counted per day (`days`), so the operator
//! sees what the gateway will bill.

pub mod days;
pub mod parts;
pub mod stops;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use sea_orm::DatabaseConnection;

use crate::config::Config;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub to: String,
    pub text: String,
}

enum Email {
    Smtp { transport: Box<AsyncSmtpTransport<Tokio1Executor>>, from: String },
    Log,
}

enum Sms {
    Http { client: reqwest::Client, url: String, token: Option<String> },
    Log,
}

/// A text the gateway refused part of: how many of its parts went out
/// before (all of them counted), and why the next did not.
#[derive(Debug)]
pub struct PartlySent {
    pub sent: usize,
    pub error: anyhow::Error,
}

pub struct Senders {
    email: Email,
    sms: Sms,
    outbox: Mutex<VecDeque<Sent>>,
}

const OUTBOX_SIZE: usize = 50;
const DEFAULT_FROM: &str = "Batayon <no-reply@batayon.local>";

impl Senders {
    pub fn from_config(config: &Config) -> Self {
        let s = &config.senders;
        let email = match &s.smtp_url {
            Some(url) => match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
                Ok(builder) => {
                    // Configurations built in code (tests, tools) may leave it empty.
                    let from =
                        if s.mail_from.trim().is_empty() { DEFAULT_FROM.to_owned() } else { s.mail_from.clone() };
                    Email::Smtp { transport: Box::new(builder.build()), from }
                }
                Err(e) => {
                    tracing::error!(error = %e, "BATAYON_SMTP_URL is not usable; e-mails go to the log");
                    Email::Log
                }
            },
            None => Email::Log,
        };
        let sms = match &s.sms_url {
            Some(url) => Sms::Http {
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(15))
                    .build()
                    .unwrap_or_else(|_| reqwest::Client::new()),
                url: url.clone(),
                token: s.sms_token.clone(),
            },
            None => Sms::Log,
        };
        Senders { email, sms, outbox: Mutex::new(VecDeque::new()) }
    }

    fn log(&self, kind: &str, to: &str, text: &str) {
        tracing::info!(kind, to, text, "message not sent: no sender configured, logged instead");
        let mut outbox = self.outbox.lock().unwrap_or_else(|p| p.into_inner());
        if outbox.len() == OUTBOX_SIZE {
            outbox.pop_front();
        }
        outbox.push_back(Sent { to: to.to_owned(), text: text.to_owned() });
    }

    /// The messages the log sender kept, oldest first.
    pub fn outbox(&self) -> Vec<Sent> {
        self.outbox.lock().unwrap_or_else(|p| p.into_inner()).iter().cloned().collect()
    }

    pub async fn send_email(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        counted("email", self.deliver_email(to, subject, body).await)
    }

    async fn deliver_email(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        match &self.email {
            Email::Log => {
                self.log("email", to, &format!("{subject}\n{body}"));
                Ok(())
            }
            Email::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.parse()?)
                    .to(to.parse()?)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.to_owned())?;
                transport.send(message).await?;
                Ok(())
            }
        }
    }

    /// Sends one SMS as it is (a part already cut to size).
    pub async fn send_sms(&self, to: &str, text: &str) -> anyhow::Result<()> {
        counted("sms", self.deliver_sms(to, text).await)
    }

    /// Sends a reminder or a notice: not to a number that texted STOP.
    /// Whether it was sent.
    pub async fn send_notice(&self, db: &DatabaseConnection, to: &str, text: &str) -> anyhow::Result<bool> {
        self.send_notice_from(db, to, text, 0).await.map_err(|p| p.error)
    }

    /// [`Senders::send_notice`] from part `first` on: a retry after the
    /// gateway failed mid-text sends only what had not gone out.
    pub async fn send_notice_from(
        &self,
        db: &DatabaseConnection,
        to: &str,
        text: &str,
        first: usize,
    ) -> Result<bool, PartlySent> {
        match stops::stopped(db, to).await {
            Ok(true) => return Ok(false),
            Ok(false) => {}
            Err(e) => return Err(PartlySent { sent: first, error: e.into() }),
        }
        self.send_text_from(db, to, text, first).await?;
        Ok(true)
    }

    /// Sends a text of any length as the SMS it needs, in order, and counts
    /// them for the day. Stops at the first part the gateway refuses (the
    /// parts sent before it stay counted: they were billed).
    pub async fn send_text(&self, db: &DatabaseConnection, to: &str, text: &str) -> anyhow::Result<()> {
        self.send_text_from(db, to, text, 0).await.map_err(|p| p.error)
    }

    /// [`Senders::send_text`] from part `first` on; when the gateway refuses
    /// a part, how many had gone out in all (counted for the day).
    pub async fn send_text_from(
        &self,
        db: &DatabaseConnection,
        to: &str,
        text: &str,
        first: usize,
    ) -> Result<(), PartlySent> {
        let mut sent = first;
        let mut failed = None;
        for part in parts::parts(text).iter().skip(first) {
            if let Err(e) = self.send_sms(to, part).await {
                failed = Some(e);
                break;
            }
            sent += 1;
        }
        if sent > first {
            // A text counts once, with its first part.
            let texts = i64::from(first == 0);
            if let Err(e) = days::add(db, days::Direction::Out, texts, (sent - first) as i64).await {
                tracing::warn!(error = %e, "SMS sent but not counted for the day");
            }
        }
        match failed {
            Some(error) => Err(PartlySent { sent, error }),
            None => Ok(()),
        }
    }

    async fn deliver_sms(&self, to: &str, text: &str) -> anyhow::Result<()> {
        match &self.sms {
            Sms::Log => {
                self.log("sms", to, text);
                Ok(())
            }
            Sms::Http { client, url, token } => {
                let mut request = client.post(url).json(&serde_json::json!({ "to": to, "message": text }));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request.send().await?;
                anyhow::ensure!(response.status().is_success(), "SMS gateway answered {}", response.status());
                Ok(())
            }
        }
    }
}

/// Counts a message on `/metrics` (`batayon_messages_sent_total` or
/// `batayon_messages_failed_total`, described in `operations`).
fn counted(channel: &'static str, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
    let series = if outcome.is_ok() { "batayon_messages_sent_total" } else { "batayon_messages_failed_total" };
    metrics::counter!(series, "channel" => channel).increment(1);
    outcome
}
