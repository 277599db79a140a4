//! `TestApp`: the whole router in-process over a fresh database per test —
//! SQLite in a temporary folder, or a new PostgreSQL database when
//! `BATAYON_TEST_POSTGRES` names a server (the test script starts one).
//! `Browser` keeps cookies like a browser does, so tests read as journeys.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use batayon::storage::Storage;
use batayon::{AppState, Config};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    /// Statements the database has run so far (for query budgets).
    pub queries: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    router: Router,
    _dir: tempfile::TempDir,
}

pub fn postgres_admin_url() -> Option<String> {
    std::env::var("BATAYON_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
}

/// Local files in the test's folder, or the S3-compatible server the test
/// script starts (`BATAYON_TEST_S3`, a moto server) in a bucket of its own.
pub fn test_storage(dir: &std::path::Path) -> Storage {
    match std::env::var("BATAYON_TEST_S3").ok().filter(|u| !u.is_empty()) {
        Some(endpoint) => {
            let bucket = format!("t{:016x}", rand::random::<u64>());
            create_bucket(&endpoint, &bucket);
            let args = batayon::config::StorageArgs {
                s3_bucket: Some(bucket),
                s3_endpoint: Some(endpoint),
                s3_region: Some("us-east-1".into()),
                s3_access_key: Some("testing".into()),
                s3_secret_key: Some("testing".into()),
                ..Default::default()
            };
            Storage::from_args(&args, dir).expect("S3 storage")
        }
        None => Storage::local(&dir.join("media")).expect("local storage"),
    }
}

/// moto accepts an unsigned `PUT /bucket` to create a bucket.
fn create_bucket(endpoint: &str, bucket: &str) {
    let url = format!("{endpoint}/{bucket}");
    let status = std::process::Command::new("curl").args(["-sf", "-X", "PUT", &url]).status().expect("curl runs");
    assert!(status.success(), "cannot create bucket {url}");
}

/// The URL of a new database with nothing in it, not even tables.
pub async fn empty_database_url(dir: &std::path::Path, postgres: bool) -> String {
    if postgres {
        let admin_url = postgres_admin_url().expect("BATAYON_TEST_POSTGRES is set");
        // First, the run's clean-up of earlier runs (it must not drop this one).
        template(&admin_url).await;
        let admin = batayon::db::connect(&admin_url).await.expect("PostgreSQL answers");
        let name = test_database_name("t");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        admin.close().await.ok();
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url).to_owned();
        format!("{base}/{name}")
    } else {
        batayon::config::sqlite_url(&dir.join("test.db"))
    }
}

/// A fresh, migrated, empty database: its URL and connection. On
/// PostgreSQL it is a copy of one database this test run migrated once
/// (`CREATE DATABASE … TEMPLATE`), so each test does not run every
/// migration again; migrating the copy finds nothing left to do.
pub async fn fresh_database(dir: &std::path::Path, postgres: bool) -> (String, DatabaseConnection) {
    let url = match postgres {
        true => copy_of_migrated_template().await,
        false => empty_database_url(dir, postgres).await,
    };
    let db = batayon::db::connect(&url).await.expect("database opens");
    batayon::db::migrate(&db).await.expect("migrations run");
    (url, db)
}

/// The migrated database this run copies (made on first use), and an
/// admin connection's URL base.
static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn copy_of_migrated_template() -> String {
    let admin_url = postgres_admin_url().expect("BATAYON_TEST_POSTGRES is set");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url).to_owned();
    let template = template(&admin_url).await;
    let admin = batayon::db::connect(&admin_url).await.expect("PostgreSQL answers");
    let name = test_database_name("t");
    admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}")).await.expect("copy the template");
    admin.close().await.ok();
    format!("{base}/{name}")
}

/// The run's migrated template, made once, after dropping what earlier
/// runs left.
async fn template(admin_url: &str) -> &'static str {
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url).to_owned();
    TEMPLATE
        .get_or_init(|| async {
            let admin = batayon::db::connect(admin_url).await.expect("PostgreSQL answers");
            drop_earlier_runs_databases(&admin).await;
            let name = test_database_name("tmpl");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create the template");
            admin.close().await.ok();
            let db = batayon::db::connect(&format!("{base}/{name}")).await.expect("the template opens");
            batayon::db::migrate(&db).await.expect("migrations run on the template");
            // A template cannot be copied while anyone is connected to it.
            db.close().await.ok();
            name
        })
        .await
}

/// A test database's name says when it was made (`t_1796450000_…`), so a
/// later run can tell what earlier runs left from what a run going on
/// beside it is using.
fn test_database_name(kind: &str) -> String {
    let made = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    format!("{kind}_{made}_{:016x}", rand::random::<u64>())
}

/// How old a test database must be before another run drops it (longer
/// than any test run).
const LEFT_BEHIND_AFTER_SECS: u64 = 3 * 3600;

/// Test databases are left behind when a test ends (there is no async
/// drop); the first test of a run drops those earlier runs made, so a
/// developer's PostgreSQL does not fill up run after run. A database made
/// in the last three hours may belong to a run going on beside this one
/// (its template has nobody connected between copies) and stays.
async fn drop_earlier_runs_databases(admin: &DatabaseConnection) {
    use sea_orm::{DbBackend, Statement};
    let listed = "SELECT datname AS name FROM pg_database WHERE datname LIKE 't\\_%' OR datname LIKE 'tmpl\\_%'";
    let rows = admin.query_all_raw(Statement::from_string(DbBackend::Postgres, listed)).await.expect("list databases");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    for row in rows {
        let name: String = row.try_get("", "name").expect("a name");
        // Names without a time are from before names had one: left behind too.
        let made = name.split('_').nth(1).and_then(|t| t.parse::<u64>().ok()).unwrap_or(0);
        if now.saturating_sub(made) > LEFT_BEHIND_AFTER_SECS {
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.ok();
        }
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::configured(|_| {}).await
    }

    /// A portal with some settings changed from the test defaults.
    pub async fn configured(change: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (_, db) = fresh_database(dir.path(), postgres_admin_url().is_some()).await;
        let mut config = Config::for_tests(&dir.path().join("uploads"));
        change(&mut config);
        let storage = test_storage(dir.path());
        Self::build(db, config, storage, dir)
    }

    /// A portal over a database prepared elsewhere (e.g. by the command line).
    pub async fn with_database(db: DatabaseConnection) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let storage = test_storage(dir.path());
        Self::build(db, Config::for_tests(&dir.path().join("uploads")), storage, dir)
    }

    fn build(mut db: DatabaseConnection, config: Config, storage: Storage, dir: tempfile::TempDir) -> Self {
        let queries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = queries.clone();
        db.set_metric_callback(move |_| {
            counting.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let state = AppState::new(db, config, storage);
        let router = batayon::site::build(state.clone());
        TestApp { state, queries, router, _dir: dir }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Sends one request as if from `addr`.
    pub async fn send(&self, mut request: Request<Body>, addr: [u8; 4]) -> Reply {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::from((addr, 40000))));
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        Reply { status, headers, body }
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser { app: self, cookies: HashMap::new(), addr: [10, 0, 0, 1] }
    }

    pub async fn api(&self, method: Method, path: &str, json: Option<serde_json::Value>, token: Option<&str>) -> Reply {
        self.api_from([10, 0, 0, 2], method, path, json, token).await
    }

    /// An API call from a given address (sign-ups are limited per address).
    pub async fn api_from(
        &self,
        addr: [u8; 4],
        method: Method,
        path: &str,
        json: Option<serde_json::Value>,
        token: Option<&str>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match json {
            Some(j) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(j.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request"), addr).await
    }

    /// Registers through the API and logs in; returns the bearer token.
    pub async fn teacher(&self, name: &str, phone: &str) -> (i64, String) {
        // Each test teacher signs up from an address of their own.
        let digits: Vec<u8> = phone.bytes().filter(u8::is_ascii_digit).collect();
        let n = digits.iter().rev().take(4).fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
        let addr = [10, 1, (n / 256) as u8, (n % 256) as u8];
        let r = self
            .api_from(
                addr,
                Method::POST,
                "/api/v1/auth/register",
                Some(serde_json::json!({"name": name, "phone": phone, "password": "shikkhok123"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["user"]["id"].as_i64().expect("id");
        let r = self
            .api(
                Method::POST,
                "/api/v1/auth/login",
                Some(serde_json::json!({"login": phone, "password": "shikkhok123"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        (id, r.json()["token"].as_str().expect("token").to_owned())
    }

    /// A teacher raised to another role, as an administrator would.
    pub async fn with_role(&self, name: &str, phone: &str, role: batayon::accounts::model::Role) -> (i64, String) {
        let (id, token) = self.teacher(name, phone).await;
        batayon::accounts::store::set_role(self.db(), batayon::accounts::model::UserId(id), role)
            .await
            .expect("role set");
        (id, token)
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }
    pub fn location(&self) -> String {
        self.header("location").unwrap_or_default()
    }
}

/// Cookies and the CSRF token, as a phone's browser keeps them.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    pub addr: [u8; 4],
}

impl Browser<'_> {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, reply: &Reply) {
        for v in reply.headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            if let Some((k, val)) = pair.split_once('=') {
                if attrs.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), val.to_owned());
                }
            }
        }
    }

    pub async fn request(&mut self, request: Request<Body>) -> Reply {
        let reply = self.app.send(request, self.addr).await;
        self.keep_cookies(&reply);
        reply
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.get_with(path, &[]).await
    }

    /// A GET with headers of the browser's own (`Save-Data: on`).
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().uri(path).header(header::COOKIE, self.cookie_header());
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.request(req.body(Body::empty()).expect("request")).await
    }

    /// The token a page would put in its forms: bound to the session once
    /// signed in, else the CSRF cookie.
    pub fn csrf(&self) -> String {
        match self.cookies.get("batayon_session") {
            Some(session) => batayon::accounts::session::csrf_for(session),
            None => self.cookies.get("batayon_csrf").cloned().unwrap_or_default(),
        }
    }

    /// Posts a form the way a browser submits it, with the page's CSRF token.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let mut pairs = vec![("_csrf".to_owned(), self.csrf())];
        pairs.extend(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let body = serde_urlencoded::to_string(&pairs).expect("form encodes");
        self.post_raw(path, "application/x-www-form-urlencoded", body.into_bytes()).await
    }

    pub async fn post_raw(&mut self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    pub async fn sign_up(&mut self, name: &str, phone: &str) -> Reply {
        let r = self
            .submit("/signup", &[("name", name), ("phone", phone), ("email", ""), ("password", "shikkhok123")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        r
    }
}
