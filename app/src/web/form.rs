//! One way to answer a posted form. The handler reads a typed struct
//! (`VerifiedForm<T>`), calls the feature, and hands the result here:
//! success goes where the feature says; a refusal she can mend shows the
//! same form again, her words kept and the message beside the field.
//!
//! The one rule for a refusal: a wrong or missing field is 422, a clash
//! with what is already there (taken, already done) is 409, a limit is 429
//! with how long to wait; all three keep the form. Anything else (not
//! found, not allowed) is the error page.

use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::error::{AppError, AppResult, FieldErrors};

/// The status and messages a refusal is shown with on its form, or None
/// when the error is not about the form.
pub fn refusal(error: &AppError) -> Option<(StatusCode, FieldErrors)> {
    match error {
        AppError::Validation(errors) => Some((StatusCode::UNPROCESSABLE_ENTITY, errors.clone())),
        AppError::Conflict(errors) => Some((StatusCode::CONFLICT, errors.clone())),
        AppError::BadCredentials => {
            Some((StatusCode::UNAUTHORIZED, FieldErrors::one("form".into(), "error-bad-credentials-detail")))
        }
        AppError::RateLimited { .. } => {
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
    let html = Html(render(errors).await?);
    match error {
        AppError::RateLimited { retry_after_secs } => {
            Ok((status, [(RETRY_AFTER, retry_after_secs.to_string())], html).into_response())
        }
        _ => Ok((status, html).into_response()),
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
