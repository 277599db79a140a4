//! One way to answer a posted form. The handler reads a typed struct
//! (`VerifiedForm<T>`), calls the feature, and hands the result here:
//! success goes where the feature says; a refusal she can mend shows the
//! same form again, her words kept and the message beside the field.
//!
//! The one rule for a refusal: a wrong or missing field is 422, a clash
//! with what is already there (taken, already done) is 409, a limit is 429
//! with how long to wait; all three keep the form. Anything else (not
//! found, not allowed) is the error page. A writing limit (a quota) names
//! itself and the time she may send again above the form, whichever form
//! it is, so no form has to know about limits to keep her words.

use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};

use super::error::{AppError, AppResult, FieldErrors};
use super::i18n::Lang;

/// The status and messages a refusal is shown with on its form, or None
/// when the error is not about the form.
pub fn refusal(error: &AppError) -> Option<(StatusCode, FieldErrors)> {
    match error {
        AppError::Validation(errors) => Some((StatusCode::UNPROCESSABLE_ENTITY, errors.clone())),
        AppError::Conflict(errors) => Some((StatusCode::CONFLICT, errors.clone())),
        AppError::BadCredentials => {
            Some((StatusCode::UNAUTHORIZED, FieldErrors::one("form".into(), "error-bad-credentials-detail")))
        }
        AppError::RateLimited { .. } | AppError::Quota { .. } => {
            Some((StatusCode::TOO_MANY_REQUESTS, FieldErrors::one("form".into(), "error-limit-wait")))
        }
        _ => None,
    }
}

/// The form again with `html` (rendered with the refusal's messages), or
/// the error passed on.
pub async fn again<F>(error: AppError, render: F) -> AppResult<Response>
where
    F: AsyncFnOnce(FieldErrors) -> AppResult<String>,
{
    let Some((status, errors)) = refusal(&error) else { return Err(error) };
    let html = render(errors).await?;
    let info = error.info();
    let html = match info.detail {
        Some((key, max)) => with_notice(html, |lang| limit_notice(lang, key, max, info.until, Utc::now())),
        None => html,
    };
    match info.retry_after_secs {
        Some(secs) => Ok((status, [(RETRY_AFTER, secs.to_string())], Html(html)).into_response()),
        None => Ok((status, Html(html)).into_response()),
    }
}

/// Where to go after the form's action (a 303 to the address the feature
/// gave), or the form again.
pub async fn redirect_or_again<F>(result: AppResult<String>, render: F) -> AppResult<Response>
where
    F: AsyncFnOnce(FieldErrors) -> AppResult<String>,
{
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => again(e, render).await,
    }
}

/// How long until `until` and the clock time then, as a wait is told:
/// "১০ মিনিট পর (বিকেল ৪:২০)", "in 1 hour 5 minutes (5:00 pm)".
pub fn wait_until(lang: Lang, now: DateTime<Utc>, until: DateTime<Utc>) -> String {
    // A started minute counts whole: "in 0 minutes" would not be true yet.
    let minutes = ((until - now).num_seconds().max(1) + 59) / 60;
    let part = |count: i64, one: &str, many: &str| {
        if count == 1 { lang.t(one) } else { lang.t_with(many, &[("count", lang.num(count))]) }
    };
    let (hours, rest) = (minutes / 60, minutes % 60);
    let span = match (hours, rest) {
        (0, m) => part(m, "wait-one-minute", "wait-minutes"),
        (h, 0) => part(h, "wait-one-hour", "wait-hours"),
        (h, m) => format!("{} {}", part(h, "wait-one-hour", "wait-hours"), part(m, "wait-one-minute", "wait-minutes")),
    };
    lang.t_with("wait-in", &[("span", span), ("time", lang.clock(&until))])
}

/// A limit's message: the limit, and when she may send again if the
/// limit says.
pub fn limit_message(lang: Lang, key: &str, max: i64, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let limit = lang.t_with(key, &[("max", lang.num(max))]);
    match until {
        Some(at) => format!("{limit} {}", lang.t_with("limit-again", &[("wait", wait_until(lang, now, at))])),
        None => limit,
    }
}

/// The limit's message as a paragraph for the top of the form's page.
fn limit_notice(lang: Lang, key: &str, max: i64, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let text = format!("{} {}", limit_message(lang, key, max, until, now), lang.t("limit-words-kept"));
    let escaped = askama::filters::escape(text, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default();
    format!("<p class=\"error\" role=\"alert\" id=\"limit\">{escaped}</p>\n")
}

/// `html` with a notice (written in the page's own language) at the top of
/// its main part, where she looks first on a phone.
fn with_notice(html: String, notice: impl FnOnce(Lang) -> String) -> String {
    const MAIN: &str = "<main id=\"main\">";
    let lang = html
        .split_once("<html lang=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(code, _)| Lang::parse(code))
        .unwrap_or_default();
    match html.find(MAIN) {
        Some(at) => {
            let end = at + MAIN.len();
            format!("{}\n{}{}", &html[..end], notice(lang), &html[end..])
        }
        None => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A moment on 5 December 2026, Dhaka time.
    fn dhaka(hour: u32, minute: u32) -> DateTime<Utc> {
        let text = format!("2026-12-05T{hour:02}:{minute:02}:00+06:00");
        DateTime::parse_from_rfc3339(&text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_time_of_day_reads_as_people_say_it() {
        let said = [
            ((0, 15), "রাত ১২:১৫", "12:15 am"),
            ((5, 10), "ভোর ৫:১০", "5:10 am"),
            ((8, 5), "সকাল ৮:০৫", "8:05 am"),
            ((12, 30), "দুপুর ১২:৩০", "12:30 pm"),
            ((16, 20), "বিকেল ৪:২০", "4:20 pm"),
            ((18, 45), "সন্ধ্যা ৬:৪৫", "6:45 pm"),
            ((21, 0), "রাত ৯:০০", "9:00 pm"),
        ];
        for ((h, m), bn, en) in said {
            assert_eq!(Lang::Bn.clock(&dhaka(h, m)), bn);
            assert_eq!(Lang::En.clock(&dhaka(h, m)), en);
        }
    }

    #[test]
    fn a_wait_reads_in_minutes_or_hours_with_the_clock() {
        let now = dhaka(16, 10);
        let wait = |until: DateTime<Utc>| (wait_until(Lang::Bn, now, until), wait_until(Lang::En, now, until));
        assert_eq!(wait(dhaka(16, 20)), ("১০ মিনিট পর (বিকেল ৪:২০)".into(), "in 10 minutes (4:20 pm)".into()));
        assert_eq!(wait(now + chrono::Duration::seconds(20)).1, "in 1 minute (4:10 pm)", "a started minute counts");
        assert_eq!(
            wait(dhaka(17, 15)),
            ("১ ঘণ্টা ৫ মিনিট পর (বিকেল ৫:১৫)".into(), "in 1 hour 5 minutes (5:15 pm)".into())
        );
        assert_eq!(wait(dhaka(18, 10)), ("২ ঘণ্টা পর (সন্ধ্যা ৬:১০)".into(), "in 2 hours (6:10 pm)".into()));
    }

    #[test]
    fn a_limit_is_told_at_the_top_of_the_form_in_the_pages_language() {
        let page = "<html lang=\"en\"><body><header></header><main id=\"main\"><form></form></main></body></html>";
        let now = dhaka(16, 35);
        let html = with_notice(page.into(), |lang| limit_notice(lang, "quota-posts-hour", 30, Some(dhaka(17, 0)), now));
        let notice = html.split("<main id=\"main\">").nth(1).unwrap().split("<form>").next().unwrap();
        assert!(notice.contains("30 questions") && notice.contains("again in 25 minutes (5:00 pm)"), "{notice}");
        assert!(notice.contains("kept below"), "{notice}");
    }
}
