//! The daily e-mail digest: once a day (Asia/Dhaka), each subscriber with
//! an e-mail address gets what is new in her feed and how many
//! notifications wait. Several workers may run it at once: a teacher's day
//! is claimed with one conditional update before her e-mail is sent, so
//! she gets it once (and if sending fails the claim is given back).

use chrono::{Duration, Utc};

use super::store;
use crate::state::AppState;
use crate::web::Lang;

/// Sends the digests due today; returns how many e-mails went.
pub async fn send_due(state: &AppState) -> anyhow::Result<usize> {
    let day = crate::web::dhaka_date(Utc::now());
    let mut sent = 0;
    for who in store::due(&state.db, day).await? {
        let Some(user) = crate::accounts::store::find(&state.db, who).await? else { continue };
        let Some(email) = user.email.clone() else {
            store::mark_sent(&state.db, who, day).await?;
            continue;
        };
        let since = Utc::now() - Duration::days(1);
        let items = super::service::items(state, who, Some(since), 20).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let unread = crate::notifications::store::unread_count(&state.db, who).await?;
        if !store::mark_sent(&state.db, who, day).await? {
            continue; // another worker has her today
        }
        if items.is_empty() && unread == 0 {
            continue;
        }
        let lang = Lang::parse(&user.lang).unwrap_or(Lang::Bn);
        let base = &state.config.public_url;
        let mut body = lang.t_with("digest-hello", &[("name", user.name.clone())]);
        body.push_str("\n\n");
        for i in &items {
            body.push_str(&format!("• {} — {}\n  {base}{}\n", i.title, i.author_name, i.link));
        }
        if unread > 0 {
            body.push_str(&format!(
                "\n{}\n{base}/notifications\n",
                lang.t_with("digest-unread", &[("count", lang.num(unread as i64))])
            ));
        }
        body.push_str(&format!("\n{}\n{base}/feed\n", lang.t("digest-footer")));
        let subject = lang.t_with("digest-subject", &[("count", lang.num(items.len() as i64))]);
        if let Err(e) = state.senders.send_email(&email, &subject, &body).await {
            tracing::warn!(user = %who, error = %e, "digest not sent; will try again");
            store::unmark(&state.db, who).await?;
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}
