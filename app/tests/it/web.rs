use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use flate2::read::GzDecoder;

use crate::app::TestApp;

#[tokio::test]
async fn the_home_page_is_bangla_first_and_the_switch_is_remembered() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let home = phone.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("<html lang=\"bn\">"));
    assert!(home.text().contains("বাতায়ন"));

    let r = phone.get("/lang/en?next=/curriculum").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/curriculum");
    let page = phone.get("/curriculum").await;
    assert!(page.text().contains("<html lang=\"en\">"));
    assert!(page.text().contains("Class 5"));

    assert_eq!(phone.get("/lang/en?next=//evil.example").await.location(), "/", "not an open redirect");
    assert_eq!(phone.get("/lang/fr").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_signed_in_teachers_language_follows_them_to_another_browser() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("শিউলি আক্তার", "01755556666").await;
    // A link (GET) only changes this browser: no database write on GET.
    phone.get("/lang/en?next=/").await;
    let mut tablet = app.browser();
    tablet.submit("/login", &[("login", "01755556666"), ("password", "shikkhok123")]).await;
    assert!(tablet.get("/").await.text().contains("<html lang=\"bn\">"));
    // The signed-in teacher's switch is a form, which saves it on the account.
    let body = serde_urlencoded::to_string([("_csrf", phone.csrf())]).unwrap();
    let r = phone.post_raw("/lang/en?next=/contents", "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get("location").unwrap(), "/contents");
    let mut laptop = app.browser();
    laptop.submit("/login", &[("login", "01755556666"), ("password", "shikkhok123")]).await;
    assert!(laptop.get("/").await.text().contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn numbers_and_dates_are_in_bangla_digits_on_bangla_pages() {
    let app = TestApp::new().await;
    let (id, _) = app.teacher("উম্মে কুলসুম", "01766667777").await;
    let mut phone = app.browser();
    let home = phone.get("/").await.text();
    assert!(home.contains("<strong>১</strong>"), "one teacher, in Bangla digits");
    let profile = phone.get(&format!("/teachers/{id}")).await.text();
    let year = bangla::to_bangla_digits(&chrono::Utc::now().format("%Y").to_string());
    assert!(profile.contains(&year), "member-since year in Bangla digits");
    phone.get("/lang/en").await;
    assert!(phone.get("/").await.text().contains("<strong>1</strong>"));
}

#[tokio::test]
async fn unknown_pages_answer_404_in_both_languages_and_the_api_with_problem_json() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let r = phone.get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let html = r.text();
    assert!(html.contains("পাতা পাওয়া যায়নি") && html.contains("Page not found"), "{html}");

    let r = app.api(Method::GET, "/api/v1/no-such-thing", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    let body = r.json();
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["status"], 404);
    assert!(body["title"].is_string() && body["detail"].is_string() && body["errors"].is_array());
}

#[tokio::test]
async fn forms_without_the_token_or_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.get("/").await;
    let r = phone
        .post_raw(
            "/signup",
            "application/x-www-form-urlencoded",
            b"name=x&phone=01712345678&password=shikkhok123".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("ফর্মের মেয়াদ শেষ"));

    let body = format!("_csrf={}&name=xy&phone=01712345678&password=shikkhok123", phone.csrf());
    let req = Request::builder()
        .method(Method::POST)
        .uri("/signup")
        .header(header::COOKIE, format!("batayon_csrf={}", phone.csrf()))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(phone.request(req).await.status, StatusCode::FORBIDDEN, "cross-site write");
}

#[tokio::test]
async fn api_writes_with_the_session_cookie_need_the_csrf_header() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("দীপংকর দাস", "01777778888").await;
    let send = |with_header: bool, phone: &crate::app::Browser<'_>| {
        let mut req = Request::builder()
            .method(Method::PUT)
            .uri("/api/v1/me/profile")
            .header(
                header::COOKIE,
                format!("batayon_session={}; batayon_csrf={}", phone.cookies["batayon_session"], phone.csrf()),
            )
            .header(header::CONTENT_TYPE, "application/json");
        if with_header {
            req = req.header("x-csrf-token", phone.csrf());
        }
        req.body(Body::from(r#"{"designation":"সহকারী শিক্ষক"}"#)).unwrap()
    };
    let refused = app.send(send(false, &phone), [10, 0, 0, 1]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["code"], "csrf_failed");
    let accepted = app.send(send(true, &phone), [10, 0, 0, 1]).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_and_non_json_is_415() {
    let app = TestApp::new().await;
    let huge = "ক".repeat(100_000);
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/register",
            Some(serde_json::json!({"name": huge, "phone": "01712345678", "password": "shikkhok123"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "too_large");

    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let r = app.send(req, [10, 0, 0, 3]).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn pages_carry_security_headers_etags_and_compression() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let r = phone.get("/").await;
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(r.header("referrer-policy").is_some());
    assert!(r.header("x-request-id").is_some());
    let etag = r.header("etag").expect("an ETag");

    let req = Request::builder()
        .uri("/")
        .header(header::COOKIE, format!("batayon_csrf={}", phone.csrf()))
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(phone.request(req).await.status, StatusCode::NOT_MODIFIED);

    let req =
        Request::builder().uri("/curriculum").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let r = phone.request(req).await;
    assert_eq!(r.header("content-encoding").as_deref(), Some("gzip"));
    let mut html = String::new();
    std::io::Read::read_to_string(&mut GzDecoder::new(&r.body[..]), &mut html).unwrap();
    assert!(html.contains("পাঠ্যক্রম"));
}

#[tokio::test]
async fn the_stylesheet_has_a_content_hashed_name_and_is_cached_for_a_year() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let html = phone.get("/").await.text();
    let href = html.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(href.starts_with("/static/app.") && href.ends_with(".css") && href.len() > "/static/app..css".len() + 8);
    let css = phone.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("cache-control").unwrap().contains("immutable"));
    assert_eq!(phone.get("/static/app.0000000000.css").await.status, StatusCode::NOT_FOUND);
}

/// DESIGN §4: every page, HTML + CSS, compressed, within 30 KB.
#[tokio::test]
async fn every_page_fits_the_30_kb_budget_compressed() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("বাজেট পরীক্ষা", "01788889999").await;
    let css_href = phone
        .get("/")
        .await
        .text()
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, bytes).unwrap();
        e.finish().unwrap().len()
    };
    let css = gz(&phone.get(&css_href).await.body);
    for path in [
        "/",
        "/signup",
        "/login",
        "/profile/edit",
        "/curriculum",
        "/curriculum/classes/5",
        "/search?q=গণিত",
        "/password/forgot",
    ] {
        let r = phone.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let total = gz(&r.body) + css;
        assert!(total <= 30 * 1024, "{path} weighs {total} bytes compressed");
    }
}

#[tokio::test]
async fn user_text_is_escaped_on_pages() {
    let app = TestApp::new().await;
    let (id, _) = app.teacher("<script>alert(1)</script>", "01799990000").await;
    let html = app.browser().get(&format!("/teachers/{id}")).await.text();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "shown as text");
}

#[tokio::test]
async fn health_and_the_openapi_document() {
    let app = TestApp::new().await;
    let r = app.api(Method::GET, "/healthz", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = app.api(Method::GET, "/api/v1/openapi.json", None, None).await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/me/profile",
        "/api/v1/me/photo",
        "/api/v1/teachers/{id}",
        "/api/v1/places",
        "/api/v1/curriculum",
        "/api/v1/institutions",
        "/api/v1/search",
        "/api/v1/moderation/verifications",
        "/api/v1/moderation/verifications/{id}",
        "/api/v1/auth/password-reset",
        "/api/v1/auth/password-reset/confirm",
    ] {
        assert!(paths.contains_key(p), "{p} is not documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
