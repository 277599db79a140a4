//! The process's one Prometheus recorder, installed on first use and kept
//! for the life of the process. The test suite builds many portals in one
//! process: each finds the recorder already there and shares it, so only
//! process-wide figures (requests, messages, start time) are kept here.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use metrics::Unit;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::http::{DURATION_SERIES, HttpSeries};

/// Histogram bounds for request latency, in seconds: 1 ms to 5 s.
pub const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// Histogram samples are folded into their buckets this often (and at each
/// scrape), so an unscraped portal keeps a bounded backlog.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Channels `senders.rs` counts messages on.
const CHANNELS: [&str; 2] = ["email", "sms"];

pub struct Recorder {
    /// None when another recorder was installed first (nothing to render).
    pub handle: Option<PrometheusHandle>,
    pub http: HttpSeries,
}

static RECORDER: OnceLock<Recorder> = OnceLock::new();

/// The recorder, installed on the first call.
pub fn get() -> &'static Recorder {
    RECORDER.get_or_init(install)
}

fn install() -> Recorder {
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(DURATION_SERIES.to_owned()), &LATENCY_BUCKETS)
        .expect("the latency buckets are not empty")
        .build_recorder();
    let handle = recorder.handle();
    let handle = match metrics::set_global_recorder(recorder) {
        Ok(()) => {
            let upkeep = handle.clone();
            let started = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || {
                loop {
                    std::thread::sleep(UPKEEP_EVERY);
                    upkeep.run_upkeep();
                }
            });
            if let Err(e) = started {
                tracing::warn!(error = %e, "no metrics upkeep thread: histograms fold at each scrape only");
            }
            Some(handle)
        }
        Err(e) => {
            tracing::warn!(error = %e, "another metrics recorder is installed: /metrics shows only this portal's gauges");
            None
        }
    };
    describe_process_series();
    Recorder { handle, http: HttpSeries::register() }
}

/// Descriptions, and series present from the start (a counter that has
/// never moved is still scraped, as 0, so rates and dashboards have data).
fn describe_process_series() {
    metrics::describe_counter!(
        "batayon_messages_sent_total",
        Unit::Count,
        "Messages handed to their sender (SMTP, the SMS gateway, or the log when none is set), by channel."
    );
    metrics::describe_counter!(
        "batayon_messages_failed_total",
        Unit::Count,
        "Messages their sender refused or could not reach, by channel."
    );
    for channel in CHANNELS {
        metrics::counter!("batayon_messages_sent_total", "channel" => channel).increment(0);
        metrics::counter!("batayon_messages_failed_total", "channel" => channel).increment(0);
    }
    metrics::describe_gauge!(
        "batayon_process_start_time_seconds",
        Unit::Seconds,
        "When this process started serving, in seconds since the Unix epoch."
    );
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
    metrics::gauge!("batayon_process_start_time_seconds").set(now.floor());
    metrics::describe_gauge!("batayon_build_info", "Always 1; the version label says which build is running.");
    metrics::gauge!("batayon_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}
