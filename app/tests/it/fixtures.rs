//! Files for the tests: the demo's real files, and multipart bodies.

use std::io::Write;

pub fn pdf(text: &str) -> Vec<u8> {
    batayon::demo::files::pdf(text)
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    batayon::demo::files::png(width, height, 0)
}

pub fn wav(seconds: u32) -> Vec<u8> {
    batayon::demo::files::wav(seconds, 440.0)
}

/// A 2-second 640×480 test video with sound (ffmpeg is installed by the test script).
pub fn mp4() -> Vec<u8> {
    batayon::demo::files::mp4(2, 640, 480, 440).expect("ffmpeg makes a video")
}

/// A multipart body with text fields and one file, as a browser sends it.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let files: Vec<(&str, &str, &[u8])> = file.map(|(name, bytes)| ("file", name, bytes)).into_iter().collect();
    multipart_files(fields, &files)
}

/// A multipart body with text fields and files: (field, file name, bytes).
pub fn multipart_files(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----batayon-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").unwrap();
    }
    for (field, name, bytes) in files {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").unwrap();
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Today in Asia/Dhaka, as the practice forms take it.
pub fn dhaka_today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(6)).format("%Y-%m-%d").to_string()
}

/// A try planned for today by the signed-in teacher: its address, and the
/// words of its log form (with the form's token), ready for files.
pub async fn planned_try(her: &mut crate::app::Browser<'_>) -> (String, Vec<(String, String)>) {
    let today = dhaka_today();
    let r =
        her.submit("/practice/plan", &[("title", "সংখ্যার কার্ড"), ("class_number", "2"), ("planned_on", &today)]).await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.text());
    let words = [
        ("_csrf", her.csrf()),
        ("tried_on", today),
        ("class_number", "2".to_owned()),
        ("what_done", "কার্ড দিয়ে গণনা করালাম".to_owned()),
        ("response", "সবাই অংশ নিল".to_owned()),
    ];
    (r.location(), words.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A browser signed in with `phone` (password "shikkhok123") from an
/// address of its own, `10.<net>.0.<n>`, so log-in limits count it apart.
pub async fn signed_in<'a>(app: &'a crate::app::TestApp, phone: &str, net: u8, n: u8) -> crate::app::Browser<'a> {
    let mut b = app.browser();
    b.addr = [10, net, 0, n];
    let r = b.submit("/login", &[("login", phone), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.text());
    b
}

/// An upazila officer (by `phone`) and a one-day event she organises:
/// her API token and the batch's id.
pub async fn officers_event(app: &crate::app::TestApp, phone: &str) -> (String, i64) {
    use batayon::accounts::model::Role;
    let (_, officer) = app.with_role("উপজেলা শিক্ষা কর্মকর্তা", phone, Role::Officer).await;
    let event = serde_json::json!({"kind": "event", "title": "চিলমারী শিক্ষক সমাবেশ", "venue": "উপজেলা রিসোর্স সেন্টার, চিলমারী", "starts_on": "2027-01-10", "days": 1, "capacity": 30});
    let r = app.api(axum::http::Method::POST, "/api/v1/training-batches", Some(event), Some(&officer)).await;
    assert!(r.status.is_success(), "{}", r.text());
    let batch = r.json()["id"].as_i64().unwrap();
    (officer, batch)
}
