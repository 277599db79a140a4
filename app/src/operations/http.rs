//! Every request counted by route family and status class, and timed.
//! Runs on every request, so it is cheap: the route's family is read from
//! the matched route pattern (never the raw path, so the series stay a
//! fixed, small set), and the counters and histograms are handles made once
//! at start: no lookup, allocation or lock of ours per request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::extract::MatchedPath;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use metrics::{Counter, Histogram, Unit};
use tower::{Layer, Service};

pub const DURATION_SERIES: &str = "batayon_http_request_duration_seconds";
const REQUESTS_SERIES: &str = "batayon_http_requests_total";

/// Which part of the portal a route belongs to: the `family` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Home,
    Content,
    Chapter,
    Question,
    Post,
    Idea,
    Course,
    Quiz,
    Practice,
    Dashboard,
    Recognition,
    Verify,
    Search,
    Profile,
    Feed,
    Account,
    Moderation,
    Api,
    Static,
    Probe,
    Other,
}

impl Family {
    pub const ALL: [Family; 21] = [
        Family::Home,
        Family::Content,
        Family::Chapter,
        Family::Question,
        Family::Post,
        Family::Idea,
        Family::Course,
        Family::Quiz,
        Family::Practice,
        Family::Dashboard,
        Family::Recognition,
        Family::Verify,
        Family::Search,
        Family::Profile,
        Family::Feed,
        Family::Account,
        Family::Moderation,
        Family::Api,
        Family::Static,
        Family::Probe,
        Family::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Home => "home",
            Family::Content => "content",
            Family::Chapter => "chapter",
            Family::Question => "question",
            Family::Post => "post",
            Family::Idea => "idea",
            Family::Course => "course",
            Family::Quiz => "quiz",
            Family::Practice => "practice",
            Family::Dashboard => "dashboard",
            Family::Recognition => "recognition",
            Family::Verify => "verify",
            Family::Search => "search",
            Family::Profile => "profile",
            Family::Feed => "feed",
            Family::Account => "account",
            Family::Moderation => "moderation",
            Family::Api => "api",
            Family::Static => "static",
            Family::Probe => "probe",
            Family::Other => "other",
        }
    }

    /// The family of a matched route pattern such as `/contents/{id}`.
    pub fn of(route: &str) -> Family {
        let mut parts = route.strip_prefix('/').unwrap_or(route).split('/');
        let first = parts.next().unwrap_or_default();
        let second = parts.next().unwrap_or_default();
        match (first, second) {
            ("", _) => Family::Home,
            ("api", _) => Family::Api,
            ("contents", _) | ("my", "contents") => Family::Content,
            ("curriculum", _) => Family::Chapter,
            ("questions" | "answers", _) => Family::Question,
            ("posts", _) | ("my", "posts") => Family::Post,
            ("ideas", _) => Family::Idea,
            ("learn", "quizzes") => Family::Quiz,
            ("learn", "reports") | ("practice", "dashboard" | "dashboard.csv") => Family::Dashboard,
            ("courses" | "learn" | "training", _) => Family::Course,
            ("practice", _) => Family::Practice,
            ("recognition" | "ambassadors", _) => Family::Recognition,
            (
                "verify" | "credentials" | "issuers" | "achievements" | "backpack" | "certificates" | "pathways"
                | "competencies",
                _,
            ) => Family::Verify,
            ("search", _) => Family::Search,
            ("teachers" | "profile", _) => Family::Profile,
            ("feed" | "follows", _) => Family::Feed,
            ("login" | "logout" | "signup" | "password" | "lang" | "notifications", _) => Family::Account,
            ("admin" | "moderation" | "reports" | "comments" | "discussion-comments", _) => Family::Moderation,
            ("static" | "favicon.ico" | "pictures" | "photos", _) => Family::Static,
            ("healthz" | "readyz" | "metrics", _) => Family::Probe,
            _ => Family::Other,
        }
    }
}

/// The `status` label: 1xx … 5xx.
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

fn class_of(status: StatusCode) -> usize {
    usize::from(status.as_u16() / 100).clamp(1, 5) - 1
}

/// Handles of every request series, made once.
pub struct HttpSeries {
    requests: [[Counter; CLASSES.len()]; Family::ALL.len()],
    durations: [Histogram; Family::ALL.len()],
}

impl HttpSeries {
    pub fn register() -> HttpSeries {
        metrics::describe_counter!(
            REQUESTS_SERIES,
            Unit::Count,
            "HTTP requests answered, by route family and status class."
        );
        metrics::describe_histogram!(
            DURATION_SERIES,
            Unit::Seconds,
            "Time to answer an HTTP request (until the response head), by route family."
        );
        let requests = Family::ALL.map(|family| {
            CLASSES.map(|status| {
                let counter = metrics::counter!(REQUESTS_SERIES, "family" => family.as_str(), "status" => status);
                // Present from the start, so every family's rate has data.
                counter.increment(0);
                counter
            })
        });
        let durations = Family::ALL.map(|family| metrics::histogram!(DURATION_SERIES, "family" => family.as_str()));
        HttpSeries { requests, durations }
    }

    fn record(&self, family: Family, status: StatusCode, started: Instant) {
        let index = family as usize;
        self.requests[index][class_of(status)].increment(1);
        self.durations[index].record(started.elapsed().as_secs_f64());
    }
}

/// The layer `site` puts around every route.
#[derive(Clone, Copy, Debug, Default)]
pub struct Measure;

impl<S> Layer<S> for Measure {
    type Service = Measured<S>;
    fn layer(&self, inner: S) -> Measured<S> {
        Measured { inner }
    }
}

#[derive(Clone, Debug)]
pub struct Measured<S> {
    inner: S,
}

impl<S, B> Service<Request<B>> for Measured<S>
where
    S: Service<Request<B>, Response = Response>,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Timed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let family = request.extensions().get::<MatchedPath>().map_or(Family::Other, |p| Family::of(p.as_str()));
        Timed { inner: self.inner.call(request), family, started: Instant::now() }
    }
}

/// A route's answer, recorded when it is ready.
pub struct Timed<F> {
    inner: F,
    family: Family,
    started: Instant,
}

impl<F, E> Future for Timed<F>
where
    F: Future<Output = Result<Response, E>> + Unpin,
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let answer = ready!(Pin::new(&mut self.inner).poll(cx));
        if let Ok(response) = &answer {
            super::recorder::get().http.record(self.family, response.status(), self.started);
        }
        Poll::Ready(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::Family;

    #[test]
    fn routes_fall_into_their_families() {
        assert_eq!(Family::of("/"), Family::Home);
        assert_eq!(Family::of("/contents/{id}"), Family::Content);
        assert_eq!(Family::of("/my/posts"), Family::Post);
        assert_eq!(Family::of("/curriculum/chapters/{id}"), Family::Chapter);
        assert_eq!(Family::of("/learn/quizzes/{id}"), Family::Quiz);
        assert_eq!(Family::of("/learn/activities/{id}"), Family::Course);
        assert_eq!(Family::of("/practice/dashboard"), Family::Dashboard);
        assert_eq!(Family::of("/practice/logs/{id}"), Family::Practice);
        assert_eq!(Family::of("/verify/{id}/card.svg"), Family::Verify);
        assert_eq!(Family::of("/api/v1/contents/{id}"), Family::Api);
        assert_eq!(Family::of("/static/{name}"), Family::Static);
        assert_eq!(Family::of("/metrics"), Family::Probe);
        assert_eq!(Family::of("/anything/else"), Family::Other);
    }

    #[test]
    fn status_classes_are_bounded() {
        use axum::http::StatusCode;
        assert_eq!(super::class_of(StatusCode::OK), 1);
        assert_eq!(super::class_of(StatusCode::NOT_FOUND), 3);
        assert_eq!(super::class_of(StatusCode::SERVICE_UNAVAILABLE), 4);
        assert_eq!(super::class_of(StatusCode::CONTINUE), 0);
    }
}
