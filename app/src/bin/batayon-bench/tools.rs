//! The measuring tools around the server: wrk, nginx, gzip, memory, and
//! starting the release server (optionally pinned to some cores).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// What one wrk run measured.
pub struct Load {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Compressed size in KB, as the page budget counts it.
/// Compressed size in KB, as `gzip -9` makes it. In this process: a pipe to
/// a `gzip` child deadlocked once its output outgrew the pipe (a PDF pack)
/// while the whole input was still being written.
pub fn gzip_kb(bytes: &[u8]) -> f64 {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("writing to memory");
    gz.finish().expect("writing to memory").len() as f64 / 1024.0
}

fn millis(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// `wrk` at `connections` for `seconds`; any non-2xx answer fails the run
/// (a page that errors under load has no throughput worth printing).
pub fn wrk(url: &str, seconds: u64, connections: u64, cookie: Option<&str>) -> anyhow::Result<Load> {
    let mut command = Command::new("wrk");
    if let Some(c) = cookie {
        command.args(["-H", &format!("Cookie: {c}")]);
    }
    let out = command
        .args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", url])
        .output()
        .map_err(|e| anyhow::anyhow!("cannot run wrk (apt-get install wrk): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field =
        |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(str::trim).map(str::to_owned));
    let requests_per_second = field("Requests/sec:").and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let p50_ms = field("50%").and_then(|v| millis(&v)).unwrap_or(f64::NAN);
    let p99_ms = field("99%").and_then(|v| millis(&v)).unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        anyhow::bail!("{url} answered errors under load:\n{text}");
    }
    Ok(Load { requests_per_second, p50_ms, p99_ms })
}

pub fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Kills the child process when the benchmark ends, however it ends.
pub struct Child(pub std::process::Child);

impl Drop for Child {
    /// SIGTERM first, so nginx's master stops its workers (a SIGKILLed
    /// master leaves them running, busy, for the rest of the run); SIGKILL
    /// only if it is still there after two seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        for _ in 0..20 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One public address for the server that loads the demo and the one
/// measured (they listen on different ports): a badge names its issuer's
/// key by it, and the verify page only checks a proof whose key is its own.
pub const PUBLIC_URL: &str = "http://bench.batayon.local";

/// The release `batayon` beside this benchmark.
pub fn server_exe() -> anyhow::Result<std::path::PathBuf> {
    Ok(std::env::current_exe()?.with_file_name("batayon"))
}

/// The release server on a free port over `data`, answering /healthz;
/// `cores` pins it with `taskset` (e.g. "0" or "0,1").
pub async fn start_server(data: &std::path::Path, cores: Option<&str>) -> anyhow::Result<(Child, String)> {
    let exe = server_exe()?;
    let port = free_port()?;
    let started = Instant::now();
    let mut command = match cores {
        Some(cpus) => {
            let mut c = Command::new("taskset");
            c.args(["-c", cpus]).arg(&exe);
            c
        }
        None => Command::new(&exe),
    };
    let addr = format!("127.0.0.1:{port}");
    let server = Child(
        command
            .args(["serve", "--addr", &addr, "--data", data.to_str().unwrap_or("."), "--no-worker"])
            .args(["--public-url", PUBLIC_URL])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start {}: {e} (build it with --release too)", exe.display()))?,
    );
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    loop {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "the server did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((server, base))
}

/// nginx serving the same pages as static files: what a page could cost at best.
pub async fn start_nginx(data: &std::path::Path, www: &std::path::Path) -> anyhow::Result<(Child, u16)> {
    let nginx_port = free_port()?;
    let conf = data.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "user root; worker_processes 2; daemon off; pid {dir}/nginx.pid; error_log {dir}/nginx-error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{ access_log off; server {{ listen 127.0.0.1:{nginx_port}; root {www}; default_type text/html; }} }}\n",
            dir = data.display(),
            www = www.display()
        ),
    )?;
    let nginx = Child(
        Command::new("nginx")
            .args(["-c", conf.to_str().unwrap_or("nginx.conf"), "-p", data.to_str().unwrap_or(".")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start nginx (apt-get install nginx-light): {e}"))?,
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok((nginx, nginx_port))
}
