use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use batayon::institutions::store::{self as institutions, NewInstitution};
use batayon::places::store as places;

/// A school in Chilmari, Kurigram (and a namesake in another upazila).
async fn schools(app: &TestApp) -> (i64, i64, i64) {
    let district = places::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap();
    let chilmari = places::upazila_by_name(app.db(), district.id, "চিলমারী").await.unwrap().unwrap();
    let ulipur = places::upazila_by_name(app.db(), district.id, "Ulipur").await.unwrap().unwrap();
    for (eiin, upazila) in [(123456, chilmari.id), (123457, ulipur.id)] {
        institutions::upsert(
            app.db(),
            NewInstitution {
                eiin,
                name: "চর সরকারি প্রাথমিক বিদ্যালয়".into(),
                district_id: district.id,
                upazila_id: Some(upazila),
                level_code: "primary".into(),
            },
        )
        .await
        .unwrap();
    }
    (district.id.0, chilmari.id.0, ulipur.id.0)
}

#[tokio::test]
async fn a_teacher_fills_in_the_profile_and_everyone_sees_it() {
    let app = TestApp::new().await;
    let (district, chilmari, _) = schools(&app).await;
    let mut phone = app.browser();
    phone.sign_up("রোকসানা বেগম", "01712121212").await;
    let (d, u) = (district.to_string(), chilmari.to_string());
    let r = phone
        .submit(
            "/profile/edit",
            &[
                ("designation", "সহকারী শিক্ষক"),
                ("district_id", &d),
                ("upazila_id", &u),
                ("institution", "১২৩৪৫৬"),
                ("level", "primary"),
                ("classes", "3"),
                ("classes", "5"),
                ("subjects", "math"),
                ("subjects", "science"),
                ("bio", "চরের শিশুদের গণিত শেখাই।"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/profile/edit?saved=1");

    let me = app.api(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let teacher_id = batayon::accounts::store::find_by_login(
        app.db(),
        &batayon::accounts::model::Login::Phone("+8801712121212".into()),
    )
    .await
    .unwrap()
    .unwrap()
    .id;
    let public = app.browser().get(&format!("/teachers/{teacher_id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    let html = public.text();
    for expected in [
        "রোকসানা বেগম",
        "সহকারী শিক্ষক",
        "চর সরকারি প্রাথমিক বিদ্যালয়",
        "কুড়িগ্রাম",
        "চিলমারী",
        "৩, ৫",
        "গণিত",
        "বিজ্ঞান",
        "চরের শিশুদের",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    let api = app.api(Method::GET, &format!("/api/v1/teachers/{teacher_id}"), None, None).await.json();
    assert_eq!(api["institution"]["eiin"], 123456);
    assert_eq!(api["classes"], json!([3, 5]));
    assert_eq!(api["verification"], "pending", "a complete profile waits for a moderator");
}

#[tokio::test]
async fn wrong_places_and_unknown_institutions_are_explained() {
    let app = TestApp::new().await;
    let (district, _, _) = schools(&app).await;
    let (_, token) = app.teacher("হাবিবুর রহমান", "01713131313").await;
    let dhaka = places::district_by_name(app.db(), "Dhaka").await.unwrap().unwrap();
    let savar = places::upazila_by_name(app.db(), dhaka.id, "Savar").await.unwrap().unwrap();
    let r = app
        .api(Method::PUT, "/api/v1/me/profile", Some(json!({"district_id": district, "upazila_id": savar.id, "institution": "999999", "classes": [13], "subjects": ["astrology"], "level": "nursery"})), Some(&token))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> =
        r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    for f in ["classes", "upazila_id", "level", "subjects", "institution"] {
        assert!(fields.contains(&f.to_owned()), "{f} not reported in {fields:?}");
    }
    let r = app
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"district_id": district, "institution": "চর সরকারি প্রাথমিক বিদ্যালয়"})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "two schools share the name");
    assert_eq!(r.json()["errors"][0]["field"], "institution");

    let mut phone = app.browser();
    phone.sign_up("আরেকজন", "01714141414").await;
    let r = phone.submit("/profile/edit", &[("institution", "999999"), ("designation", "সহকারী শিক্ষক")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("এই EIIN-এর কোনো প্রতিষ্ঠান পাওয়া যায়নি"));
    assert!(r.text().contains("value=\"সহকারী শিক্ষক\""), "typed value kept");
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn multipart(csrf: Option<&str>, filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----batayon-test-boundary";
    let mut body = Vec::new();
    if let Some(t) = csrf {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n").as_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_profile_photo_becomes_a_small_square_jpeg_and_bad_files_are_refused() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("ফাতেমা", "01715151515").await;
    let csrf = phone.csrf();
    let (ct, body) = multipart(Some(&csrf), "me.png", &png(900, 600));
    let r = phone.post_raw("/profile/photo", &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = phone.get("/profile/edit").await.text();
    let src = page.split("class=\"avatar\" src=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let photo = phone.get(&src).await;
    assert_eq!(photo.header("content-type").as_deref(), Some("image/jpeg"));
    let decoded = image::load_from_memory(&photo.body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 256));
    assert!(photo.body.len() < 40_000, "small enough for 2G: {} bytes", photo.body.len());

    let (ct, body) = multipart(Some(&csrf), "lesson.jpg", b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program");
    let r = phone.post_raw("/profile/photo", &ct, body).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.text().contains("শুধু JPEG, PNG, WebP বা GIF"));

    let (ct, body) = multipart(Some(&csrf), "huge.jpg", &vec![0xFF; 9 * 1024 * 1024]);
    let r = phone.post_raw("/profile/photo", &ct, body).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    let (ct, body) = multipart(None, "me.png", &png(10, 10));
    assert_eq!(phone.post_raw("/profile/photo", &ct, body).await.status, StatusCode::FORBIDDEN, "no CSRF token");
}

#[tokio::test]
async fn the_api_takes_a_photo_with_a_bearer_token() {
    let app = TestApp::new().await;
    let (id, token) = app.teacher("মিঠু", "01716161616").await;
    let (ct, body) = multipart(None, "me.png", &png(300, 300));
    let req = axum::http::Request::builder()
        .method(Method::PUT)
        .uri("/api/v1/me/photo")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = app.send(req, [10, 0, 0, 5]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let url = r.json()["photo_url"].as_str().unwrap().to_owned();
    let profile = app.api(Method::GET, &format!("/api/v1/teachers/{id}"), None, None).await.json();
    assert_eq!(profile["photo_url"], url);
}
