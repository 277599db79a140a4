//! Settings from flags, `BATAYON_*` environment variables and defaults
//! (DESIGN §3). Everything an operator may change lives here.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use clap::Args;

/// Where the data lives; shared by every sub-command that opens the database.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Folder for the SQLite database, media and the search index.
    #[arg(long, env = "BATAYON_DATA", default_value = "./data")]
    pub data: PathBuf,
    /// sqlite://… or postgres://…; by default SQLite at DATA/batayon.db.
    #[arg(long, env = "BATAYON_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Folder of the issuers' private signing keys (never in the database);
    /// by default DATA/keys. A key may instead come from the environment
    /// as BATAYON_ISSUER_KEY_<issuer>_<number>.
    #[arg(long, env = "BATAYON_KEYS")]
    pub keys: Option<PathBuf>,
}

impl DataArgs {
    pub fn keys_dir(&self) -> PathBuf {
        self.keys.clone().unwrap_or_else(|| self.data.join("keys"))
    }
}

impl DataArgs {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => sqlite_url(&self.data.join("batayon.db")),
        }
    }
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// How password-reset codes reach people.
#[derive(Args, Debug, Clone, Default)]
pub struct SenderArgs {
    /// SMTP server for e-mail, e.g. smtps://user:pass@mail.example.org:465
    /// or smtp://relay.local:25. Without it e-mails are written to the log.
    #[arg(long, env = "BATAYON_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of e-mails.
    #[arg(long, env = "BATAYON_MAIL_FROM", default_value = "Batayon <no-reply@batayon.local>")]
    pub mail_from: String,
    /// HTTP SMS gateway: Batayon POSTs JSON {"to","message"} here. Without it
    /// SMS texts are written to the log.
    #[arg(long, env = "BATAYON_SMS_URL")]
    pub sms_url: Option<String>,
    /// Bearer token sent to the SMS gateway, if it wants one.
    #[arg(long, env = "BATAYON_SMS_TOKEN")]
    pub sms_token: Option<String>,
    /// Secret shared with the gateway: it signs each reply it posts to
    /// `/api/v1/sms/inbound` with HMAC-SHA256 (docs/sms.md). Without it the portal
    /// takes no SMS in.
    #[arg(long, env = "BATAYON_SMS_SECRET")]
    pub sms_secret: Option<String>,
    /// The number teachers text (a short code such as 16xxx), shown on
    /// pages that say what to text.
    #[arg(long, env = "BATAYON_SMS_NUMBER")]
    pub sms_number: Option<String>,
    /// What the gateway bills for one SMS sent, in poisha (100 to the taka).
    #[arg(long, env = "BATAYON_SMS_PRICE_POISHA", default_value_t = 30)]
    pub sms_price_poisha: i64,
}

/// Where uploaded files and their renditions are kept.
#[derive(Args, Debug, Clone, Default)]
pub struct StorageArgs {
    /// S3 bucket; without it files go to DATA/media.
    #[arg(long, env = "BATAYON_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// Endpoint of an S3-compatible store (MinIO, Ceph, …); AWS when left out.
    #[arg(long, env = "BATAYON_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "BATAYON_S3_REGION")]
    pub s3_region: Option<String>,
    #[arg(long, env = "BATAYON_S3_ACCESS_KEY")]
    pub s3_access_key: Option<String>,
    #[arg(long, env = "BATAYON_S3_SECRET_KEY")]
    pub s3_secret_key: Option<String>,
    /// Largest video upload, in MB.
    #[arg(long, env = "BATAYON_MAX_VIDEO_MB", default_value_t = 500)]
    pub max_video_mb: u64,
    /// Largest upload of any other kind, in MB.
    #[arg(long, env = "BATAYON_MAX_FILE_MB", default_value_t = 50)]
    pub max_file_mb: u64,
}

/// Largest upload per kind of file, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct SizeLimits {
    pub video: u64,
    pub other: u64,
}

impl Default for SizeLimits {
    fn default() -> Self {
        SizeLimits { video: 500 * 1024 * 1024, other: 50 * 1024 * 1024 }
    }
}

impl SizeLimits {
    pub fn largest(&self) -> u64 {
        self.video.max(self.other)
    }
}

impl StorageArgs {
    pub fn limits(&self) -> SizeLimits {
        SizeLimits { video: self.max_video_mb * 1024 * 1024, other: self.max_file_mb * 1024 * 1024 }
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BATAYON_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub data: DataArgs,
    /// Load the Bangla demo data set (once; later runs leave it alone).
    #[arg(long)]
    pub demo: bool,
    /// Public address of the portal, used in links sent by e-mail.
    #[arg(long, env = "BATAYON_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Take the client address from X-Forwarded-For (only behind a trusted proxy).
    #[arg(long, env = "BATAYON_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// Proxies whose X-Forwarded-For entries are believed (CIDR list).
    #[arg(long, env = "BATAYON_TRUSTED_PROXIES", value_delimiter = ',', default_value = "127.0.0.0/8,::1/128")]
    pub trusted_proxies: Vec<Cidr>,
    #[command(flatten)]
    pub senders: SenderArgs,
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Do not run background jobs in this process (run `batayon worker` elsewhere).
    #[arg(long, env = "BATAYON_NO_WORKER")]
    pub no_worker: bool,
    /// Token a Prometheus scrape of /metrics must send as `Authorization:
    /// Bearer`; without it /metrics answers only from loopback addresses.
    #[arg(long, env = "BATAYON_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// This node's name behind a load balancer (letters and digits, at most
    /// 16): it starts every upload id, so the balancer can send an upload's
    /// pieces to the node that holds it, and every response names it in
    /// `x-batayon-node`.
    #[arg(long, env = "BATAYON_NODE_NAME", value_parser = node_name)]
    pub node_name: Option<String>,
}

/// A node name is put into upload ids and headers: short, letters and digits.
fn node_name(text: &str) -> Result<String, String> {
    let ok = (1..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok { Ok(text.to_owned()) } else { Err(format!("{text:?} is not 1 to 16 letters and digits")) }
}

/// The running portal's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub public_url: String,
    /// Cookies get `Secure` when the portal is served over HTTPS.
    pub secure_cookies: bool,
    pub behind_proxy: bool,
    pub trusted_proxies: Vec<Cidr>,
    pub senders: SenderArgs,
    pub limits: Limits,
    pub upload_limits: SizeLimits,
    /// Temporary and partial uploads.
    pub work_dir: PathBuf,
    /// The embedded search index (SQLite mode).
    pub index_dir: PathBuf,
    /// Issuers' private signing keys.
    pub keys_dir: PathBuf,
    /// PostgreSQL search: past this many matches (the planner's estimate) a
    /// query's best matches are ranked among the highest-quality few
    /// thousand and its counts estimated (see `search::postgres`).
    pub search_common_matches: u64,
    /// What a scrape of /metrics must present (`operations::access`).
    pub metrics_token: Option<String>,
    /// This node's name in a cluster (`--node-name`), none on its own.
    pub node_name: Option<String>,
}

/// Where PostgreSQL search stops counting exactly: on a 2-core machine an
/// exact count of 20,000 matches takes about 50 ms.
pub const SEARCH_COMMON_MATCHES: u64 = 20_000;

impl Config {
    pub fn from_serve(args: &ServeArgs) -> Self {
        let public_url =
            args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.addr)).trim_end_matches('/').to_owned();
        Config {
            secure_cookies: public_url.starts_with("https://"),
            public_url,
            behind_proxy: args.behind_proxy,
            trusted_proxies: args.trusted_proxies.clone(),
            senders: args.senders.clone(),
            limits: Limits::default(),
            upload_limits: args.storage.limits(),
            work_dir: args.data.data.join("uploads"),
            index_dir: args.data.data.join("index"),
            keys_dir: args.data.keys_dir(),
            metrics_token: args.metrics_token.clone().filter(|t| !t.is_empty()),
            search_common_matches: SEARCH_COMMON_MATCHES,
            node_name: args.node_name.clone(),
        }
    }

    /// Settings for tests and tools: local address, log senders, uploads
    /// under `work_dir`.
    pub fn for_tests(work_dir: &Path) -> Self {
        Self::local(work_dir)
    }

    fn local(work_dir: &Path) -> Self {
        Config {
            public_url: "http://127.0.0.1:8080".into(),
            secure_cookies: false,
            behind_proxy: false,
            trusted_proxies: Cidr::loopback(),
            senders: SenderArgs::default(),
            limits: Limits::default(),
            upload_limits: Default::default(),
            work_dir: work_dir.to_owned(),
            index_dir: work_dir.with_file_name("index"),
            keys_dir: work_dir.with_file_name("keys"),
            metrics_token: None,
            search_common_matches: SEARCH_COMMON_MATCHES,
            node_name: None,
        }
    }
}

/// Rate limits: attempts allowed per window.
#[derive(Debug, Clone)]
pub struct Limits {
    pub login_per_address: u32,
    pub login_per_account: u32,
    pub signup_per_address: u32,
    pub reset_per_account: u32,
    /// Credential documents one address may send to be checked.
    pub checks_per_address: u32,
    /// Window length in seconds.
    pub window_secs: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_per_address: 30,
            login_per_account: 10,
            signup_per_address: 10,
            reset_per_account: 5,
            checks_per_address: 120,
            window_secs: 15 * 60,
        }
    }
}

/// An address range such as `10.0.0.0/8` or `2001:db8::/32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn loopback() -> Vec<Cidr> {
        vec!["127.0.0.0/8".parse().expect("valid"), "::1/128".parse().expect("valid")]
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Cidr {
    type Err = String;
    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (addr, prefix) = text.split_once('/').unwrap_or((text, ""));
        let network: IpAddr = addr.parse().map_err(|_| format!("{text:?} is not an IP address or CIDR range"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix =
            if prefix.is_empty() { max } else { prefix.parse().map_err(|_| format!("bad prefix in {text:?}"))? };
        if prefix > max {
            return Err(format!("prefix /{prefix} is too long in {text:?}"));
        }
        Ok(Cidr { network, prefix })
    }
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    #[test]
    fn cidr_ranges_contain_their_addresses() {
        let net: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.0.9".parse().unwrap()));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()));
        assert!(!v6.contains("2001:db9::5".parse().unwrap()));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("bogus".parse::<Cidr>().is_err());
    }
}
