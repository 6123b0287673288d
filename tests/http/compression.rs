//! What goes out compressed: pages and `/api` answers by `Accept-Encoding`; the event
//! stream as it is (flushed per event).

use super::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sqlx::SqlitePool;
use std::io::Read;

fn request(path: &str, cookie: &str, encodings: &str) -> Request<Body> {
    let mut req = Request::get(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html,*/*")
        .header(header::COOKIE, cookie);
    if !encodings.is_empty() {
        req = req.header(header::ACCEPT_ENCODING, encodings);
    }
    req.body(Body::empty()).unwrap()
}

fn unpack(res: &Res) -> String {
    let mut out = String::new();
    match res
        .headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap())
    {
        Some("br") => brotli::Decompressor::new(&res.bytes[..], 4096)
            .read_to_string(&mut out)
            .unwrap(),
        Some("gzip") => flate2::read::GzDecoder::new(&res.bytes[..])
            .read_to_string(&mut out)
            .unwrap(),
        None => return res.body.clone(),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    out
}

#[sqlx::test(migrator = "producer_dashboard::platform::db::MIGRATOR")]
async fn pages_and_answers_go_out_compressed_as_the_browser_accepts(pool: SqlitePool) {
    let app = TestApp::new(pool).await;
    let t = team(&app).await;
    let plain = app.send(request("/", &t.owner, "")).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.body.contains("Your tracks"));
    for (accepts, chosen) in [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ] {
        let res = app.send(request("/", &t.owner, accepts)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.headers[header::CONTENT_ENCODING], chosen, "{accepts}");
        assert!(res.headers[header::VARY]
            .to_str()
            .unwrap()
            .to_lowercase()
            .contains("accept-encoding"));
        let page = unpack(&res);
        assert!(page.contains("Your tracks") && page.contains("Song &lt;b&gt;One&lt;/b&gt;"));
        assert!(
            res.bytes.len() * 3 < plain.bytes.len(),
            "{accepts}: {} of {} bytes",
            res.bytes.len(),
            plain.bytes.len()
        );
        // Security headers survive compression.
        assert!(res.headers.contains_key("content-security-policy"));
    }
    // A server function's JSON answer (the owner has something in the feed).
    app.call(
        "tracks/comment",
        Some(&t.editor),
        &[
            ("track_id", &t.track.to_string()),
            ("body", "Compressed, please."),
        ],
    )
    .await
    .expect_ok();
    let mut req = app_form("notifications/feed", &t.owner);
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "br".parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
    assert!(serde_json::from_str::<serde_json::Value>(&unpack(&res)).unwrap()["items"].is_array());
    // The event stream is not (each event must reach the browser as it happens).
    let mut req = Request::get("/api/events")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, &t.owner)
        .header(header::ACCEPT_ENCODING, "br, gzip");
    req = req.header(header::ACCEPT, "text/event-stream");
    let res = tower::ServiceExt::oneshot(app.router.clone(), req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
}

fn app_form(path: &str, cookie: &str) -> Request<Body> {
    Request::post(format!("/api/{path}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}
