//! What goes out compressed: pages and `/api` answers by `Accept-Encoding`; the event
//! stream as gzip, each event decodable the moment it arrives.

use super::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use producer_dashboard::platform::db::DbPool;
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

producer_dashboard::platform::testdb::db_test! {
    async fn pages_and_answers_go_out_compressed_as_the_browser_accepts(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let plain = app.send(request("/", &t.owner, "")).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        assert!(plain.body.contains("Your tracks"));
        for (accepts, chosen) in [
            ("gzip, deflate, br, zstd", "gzip"),
            ("gzip", "gzip"),
            ("br", "br"),
            ("gzip;q=0, br", "br"),
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
        // Nothing is compressed for a client that accepts neither.
        let res = app
            .send(request("/", &t.owner, "br;q=0, gzip;q=0, zstd"))
            .await;
        assert!(res.headers.get(header::CONTENT_ENCODING).is_none());
        assert!(res.body.contains("Your tracks"));
    }
}

producer_dashboard::platform::testdb::db_test! {
    /// The event stream is gzip flushed per event: every event decodes on arrival, before the
    /// stream ends, and a live event pushed later arrives whole as well.
    async fn the_event_stream_is_compressed_event_by_event(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let req = Request::get("/api/events?after=0")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &t.owner)
            .header(header::ACCEPT, "text/event-stream")
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Body::empty())
            .unwrap();
        let res = tower::ServiceExt::oneshot(app.router.clone(), req)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
        let mut stream = EventReader {
            body: res.into_body(),
            inflate: flate2::Decompress::new(false),
            header_left: 10,
            text: String::new(),
        };
        stream.until("event: badges").await;
        app.call(
            "tracks/comment",
            Some(&t.editor),
            &[
                ("track_id", &t.track.to_string()),
                ("body", "Heard live, compressed."),
            ],
        )
        .await
        .expect_ok();
        stream.until("Heard live, compressed.").await;
    }
}

fn app_form(path: &str, cookie: &str) -> Request<Body> {
    Request::post(format!("/api/{path}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// Reads a gzip event stream frame by frame, inflating each on arrival.
struct EventReader {
    body: Body,
    inflate: flate2::Decompress,
    header_left: usize,
    text: String,
}

impl EventReader {
    /// Reads frames until `want` has been decoded; a frame never needs a later one.
    async fn until(&mut self, want: &str) {
        use http_body_util::BodyExt;
        while !self.text.contains(want) {
            let frame = tokio::time::timeout(std::time::Duration::from_secs(5), self.body.frame())
                .await
                .expect("the stream went quiet")
                .expect("the stream ended")
                .unwrap();
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let skip = self.header_left.min(data.len());
            self.header_left -= skip;
            let mut out = Vec::with_capacity(64 * 1024);
            self.inflate
                .decompress_vec(&data[skip..], &mut out, flate2::FlushDecompress::Sync)
                .unwrap();
            self.text.push_str(std::str::from_utf8(&out).unwrap());
        }
    }
}
