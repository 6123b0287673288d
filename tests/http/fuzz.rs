//! Generated input at every server function, the event stream and the pages, through the
//! real router: wrong types, huge and empty values, unicode, markup, duplicate, missing
//! and extra fields, wrong encodings and content types, signed in or not. Nothing may
//! panic, answer 5xx, or show a database error.
//!
//! `make test` runs a short pass; `make fuzz` runs 100,000 inputs (`FUZZ_INPUTS`, and
//! `FUZZ_SEED` to replay a run) and prints what it saw.

use super::*;
use axum::body::Body;
use axum::http::{header, Method, Request};
use producer_dashboard::platform::db::DbPool;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// Every server function and the fields it takes.
const ENDPOINTS: &[(&str, &[&str])] = &[
    ("auth/me", &[]),
    ("auth/sign_up", &["email", "display_name", "password"]),
    ("auth/sign_in", &["email", "password"]),
    ("auth/sign_out", &[]),
    ("auth/resend_verification", &[]),
    ("auth/verify_email", &["token"]),
    ("shell", &[]),
    ("announcements/service", &["title", "body"]),
    ("announcements/project", &["project_id", "title", "body"]),
    ("reminders/list", &["track_id"]),
    ("reminders/create", &["track_id", "remind_at", "note"]),
    ("reminders/update", &["id", "remind_at", "note"]),
    ("reminders/delete", &["id"]),
    ("notifications/badges", &[]),
    (
        "notifications/feed",
        &["before", "unread", "category", "track"],
    ),
    ("notifications/filters", &[]),
    ("tracks/mute", &["track_id"]),
    ("tracks/unmute", &["track_id"]),
    ("settings/notifications/muted", &[]),
    ("notifications/read", &["id"]),
    ("notifications/read_all", &[]),
    ("notifications/dismiss", &["id"]),
    ("notifications/group", &["group", "before"]),
    ("notifications/read_group", &["group"]),
    ("notifications/dismiss_group", &["group"]),
    ("notifications/snooze", &["group", "until"]),
    ("notifications/unsnooze", &["group", "until"]),
    ("notifications/snooze_for", &["group", "hours"]),
    ("notifications/unread_again", &["at"]),
    ("notifications/restore", &["id"]),
    ("notifications/restore_group", &["group", "at"]),
    ("notifications/dismissed", &["before"]),
    (
        "notifications/selection",
        &["groups[0]", "action", "until", "hours"],
    ),
    (
        "notifications/selection/undo",
        &["groups[0]", "action", "at"],
    ),
    ("support/mine", &[]),
    ("support/submit", &["subject", "body"]),
    ("support/inbox", &[]),
    ("support/reply", &["ticket_id", "body"]),
    ("support/resolution", &["ticket_id", "resolution"]),
    ("settings/notifications", &[]),
    ("settings/notifications/save", &["prefs"]),
    (
        "settings/notifications/save_form",
        &[
            "on[]",
            "reminder_days",
            "quiet_start",
            "quiet_end",
            "quiet_zone",
            "when[]",
            "digest_hour",
            "digest_zone",
        ],
    ),
    ("settings/notifications/digest", &[]),
    ("settings/notifications/digest/send", &[]),
    ("digest/unsubscribe", &["token"]),
    ("settings/profile", &["display_name"]),
    ("settings/password", &["current", "new"]),
    ("settings/theme", &["theme"]),
    ("settings/email", &["email"]),
    ("settings/email/pending", &[]),
    ("settings/avatar", &["avatar", "clear"]),
    ("tracks/dashboard", &[]),
    (
        "tracks/create",
        &["title", "project_id", "due_date", "artwork"],
    ),
    ("projects/create", &["name"]),
    ("projects/rename", &["project_id", "name"]),
    ("tracks/get", &["track_id"]),
    (
        "tracks/comment",
        &["track_id", "body", "file_id", "at", "until"],
    ),
    ("tracks/comment_edit", &["comment_id", "body"]),
    ("tracks/stage", &["track_id", "stage"]),
    (
        "tracks/metadata",
        &[
            "track_id",
            "title",
            "bpm",
            "musical_key",
            "genre",
            "description",
        ],
    ),
    ("tracks/artwork", &["track_id", "artwork"]),
    ("tracks/due_date", &["track_id", "due_date"]),
    ("tracks/files", &["track_id", "file"]),
    ("tracks/files/version", &["track_id", "file_id", "file"]),
    ("tracks/files/remove", &["file_id"]),
    ("invitations/create", &["track_id", "email", "permission"]),
    ("invitations/pending", &[]),
    ("invitations/accept", &["id"]),
    ("invitations/dismiss", &["id"]),
    ("invitations/revoke", &["id"]),
    ("collaborators/remove", &["track_id", "user_id"]),
    ("collaborators/leave", &["track_id"]),
    ("projects/collaborators", &["project_id"]),
    (
        "projects/collaborators/add",
        &["project_id", "email", "permission"],
    ),
    ("projects/collaborators/remove", &["project_id", "email"]),
];

const WORDS: &[&str] = &[
    "view",
    "edit",
    "full",
    "admin",
    "idea",
    "editing",
    "ready",
    "published",
    "archived",
    "dark",
    "light",
    "resolved",
    "still_open",
    "no_longer_needed",
    "true",
    "false",
    "null",
    "1",
    "0",
    "-1",
    "1:32",
    "0:00.5",
    "99:59:59",
    "1:75",
];

const ODD: &[&str] = &[
    "\0", "\u{202E}", "\u{200B}", "é", "😀", "\u{FFFF}", "\r", "\n", "\t", "\u{1F}", "𝕏", "ﷺ",
    "\u{2066}", "\u{FEFF}", "<", ">", "&", "\"", "'", "%", "+", "=", "{app}", "{{", "\\",
];

fn value(rng: &mut StdRng) -> String {
    match rng.gen_range(0..16) {
        0 => String::new(),
        1 => " ".repeat(rng.gen_range(1..5)),
        2 => rng.gen::<i64>().to_string(),
        3 => [
            "0",
            "-1",
            "1",
            "9223372036854775808",
            "-9223372036854775809",
            "1e309",
            "NaN",
            "0x10",
            "1.5",
            " 42 ",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
        4 => "x".repeat(rng.gen_range(1_000..70_000)),
        5 => (0..rng.gen_range(1..40))
            .map(|_| *ODD.choose(rng).unwrap())
            .collect(),
        6 => super::xss::PAYLOADS.choose(rng).unwrap().to_string(),
        7 => "'; DROP TABLE users; --".into(),
        8 => ["{\"a\":1}", "[]", "null", "{", "[[[[", "\"\""]
            .choose(rng)
            .unwrap()
            .to_string(),
        9 => format!("u{}@example.com", rng.gen::<u16>()),
        10 => [
            "2026-12-31",
            "2026-02-30",
            "9999-99-99",
            "2026-+1-01",
            "0000-00-00",
        ]
        .choose(rng)
        .unwrap()
        .to_string(),
        11 => rng.gen_range(-2..12).to_string(),
        12 => WORDS.choose(rng).unwrap().to_string(),
        13 => String::from_utf8_lossy(
            &(0..rng.gen_range(1..64))
                .map(|_| rng.gen())
                .collect::<Vec<u8>>(),
        )
        .into_owned(),
        14 => "0123456789abcdef".repeat(4),
        _ => (0..rng.gen_range(1..20))
            .map(|_| rng.gen_range(b'a'..=b'z') as char)
            .collect(),
    }
}

fn json_value(rng: &mut StdRng, depth: u8) -> serde_json::Value {
    use serde_json::Value;
    match rng.gen_range(0..8) {
        0 => Value::Null,
        1 => Value::Bool(rng.gen()),
        2 => Value::from(rng.gen::<i64>()),
        3 => Value::from(rng.gen::<f64>() * 1e6),
        4 if depth < 3 => Value::Array(
            (0..rng.gen_range(0..5))
                .map(|_| json_value(rng, depth + 1))
                .collect(),
        ),
        5 if depth < 3 => Value::Object(
            (0..rng.gen_range(0..5))
                .map(|_| {
                    (
                        value(rng).chars().take(20).collect(),
                        json_value(rng, depth + 1),
                    )
                })
                .collect(),
        ),
        _ => Value::String(value(rng)),
    }
}

fn urlencode_bytes(s: &[u8]) -> String {
    s.iter()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (*b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The fields of one call: the right names mostly, some dropped, doubled or added.
fn fields(rng: &mut StdRng, names: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in names {
        match rng.gen_range(0..10) {
            0 => {}
            1 => {
                out.push((name.to_string(), value(rng)));
                out.push((name.to_string(), value(rng)));
            }
            _ => out.push((name.to_string(), value(rng))),
        }
    }
    for _ in 0..rng.gen_range(0..3) {
        out.push((value(rng).chars().take(30).collect(), value(rng)));
    }
    out.shuffle(rng);
    out
}

fn server_fn_request(rng: &mut StdRng, path: &str, names: &[&str]) -> Request<Body> {
    let fields = fields(rng, names);
    let uri = format!("/api/{path}");
    let mut req = Request::builder()
        .method(if rng.gen_ratio(1, 20) {
            [Method::GET, Method::PUT, Method::DELETE]
                .choose(rng)
                .unwrap()
                .clone()
        } else {
            Method::POST
        })
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000");
    let body = match rng.gen_range(0..20) {
        // Form fields, as the browser sends them.
        0..=10 => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            fields
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        urlencode_bytes(k.as_bytes()),
                        urlencode_bytes(v.as_bytes())
                    )
                })
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }
        // Broken form encoding: bad escapes, raw bytes that are not UTF-8.
        11 => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            let mut b = b"a=%zz&b=%".to_vec();
            b.extend((0..rng.gen_range(0..64)).map(|_| rng.gen::<u8>()));
            b
        }
        // JSON with the right names and any types.
        12 | 13 => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            let obj: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(k, _)| (k.clone(), json_value(rng, 0)))
                .collect();
            serde_json::Value::Object(obj).to_string().into_bytes()
        }
        // Multipart with a boundary (a file part sometimes).
        14..=16 => {
            let boundary = "fuzzboundary";
            req = req.header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            );
            let mut b = Vec::new();
            for (k, v) in &fields {
                let filename = if rng.gen_ratio(1, 3) {
                    format!("; filename=\"{}\"", v.chars().take(40).collect::<String>())
                } else {
                    String::new()
                };
                b.extend_from_slice(
                    format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"{filename}\r\n\r\n").as_bytes(),
                );
                b.extend_from_slice(v.as_bytes());
                b.extend_from_slice(b"\r\n");
            }
            if rng.gen_ratio(4, 5) {
                b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
            }
            b
        }
        // Multipart without a usable boundary.
        17 => {
            req = req.header(
                header::CONTENT_TYPE,
                *[
                    "multipart/form-data",
                    "multipart/form-data; boundary=",
                    "multipart/mixed; x=1",
                ]
                .choose(rng)
                .unwrap(),
            );
            value(rng).into_bytes()
        }
        // Another content type, or none.
        18 => {
            if rng.gen() {
                req = req.header(header::CONTENT_TYPE, "text/plain");
            }
            value(rng).into_bytes()
        }
        _ => Vec::new(),
    };
    req.body(Body::from(body)).unwrap()
}

fn page_request(rng: &mut StdRng) -> Request<Body> {
    let path = match rng.gen_range(0..7) {
        0 => format!("/tracks/{}", value(rng)),
        6 => format!(
            "/tracks/1?widget={}&file={}&t={}",
            urlencode_bytes(value(rng).as_bytes()),
            urlencode_bytes(value(rng).as_bytes()),
            urlencode_bytes(value(rng).as_bytes())
        ),
        1 => format!("/settings/{}", value(rng)),
        2 => format!(
            "/signin?__path={}&__err={}",
            urlencode_bytes(value(rng).as_bytes()),
            urlencode_bytes(value(rng).as_bytes())
        ),
        3 => format!(
            "/verify-email?token={}",
            urlencode_bytes(value(rng).as_bytes())
        ),
        4 => format!("/media/files/{}", urlencode_bytes(value(rng).as_bytes())),
        _ => format!("/{}", urlencode_bytes(value(rng).as_bytes())),
    };
    let path: String = path.chars().take(4000).collect();
    Request::get(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .unwrap_or_else(|_| Request::get("/").body(Body::empty()).unwrap())
}

fn events_request(rng: &mut StdRng) -> Request<Body> {
    let after: String = value(rng).chars().take(500).collect();
    let mut req = Request::get(format!(
        "/api/events?after={}",
        urlencode_bytes(after.as_bytes())
    ))
    .header(header::HOST, "127.0.0.1:3000");
    if rng.gen() {
        if let Ok(v) = header::HeaderValue::from_str(
            &value(rng)
                .chars()
                .filter(|c| c.is_ascii_graphic())
                .collect::<String>(),
        ) {
            req = req.header("last-event-id", v);
        }
    }
    req.body(Body::empty()).unwrap()
}

/// Runs `inputs` generated requests; returns the count per status (and "panic").
pub async fn run(
    app: &TestApp,
    cookies: &[String],
    inputs: usize,
    seed: u64,
) -> BTreeMap<String, usize> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut i = 0usize;
    while seen.values().sum::<usize>() < inputs {
        i += 1;
        let mut req = match rng.gen_range(0..40) {
            0 => page_request(&mut rng),
            1 => events_request(&mut rng),
            _ => {
                let (path, names) = ENDPOINTS.choose(&mut rng).unwrap();
                // Hashing passwords is slow by design: a few sign-ups and sign-ins suffice.
                if path.starts_with("auth/sign_") && !rng.gen_ratio(1, 10) {
                    continue;
                }
                server_fn_request(&mut rng, path, names)
            }
        };
        let who = rng.gen_range(0..cookies.len() + 2);
        if who < cookies.len() {
            req.headers_mut()
                .insert(header::COOKIE, cookies[who].parse().unwrap());
        } else if who == cookies.len() {
            req.headers_mut().insert(
                header::COOKIE,
                "pd_session=zzz; pd_session=".parse().unwrap(),
            );
        }
        let (method, uri) = (req.method().clone(), req.uri().clone());
        let router = app.router.clone();
        let stream = uri.path() == "/api/events";
        let outcome = tokio::spawn(async move {
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            let status = res.status();
            // The event stream never ends: its status is enough.
            let body = if stream {
                Vec::new()
            } else {
                res.into_body()
                    .collect()
                    .await
                    .map(|b| b.to_bytes().to_vec())
                    .unwrap_or_default()
            };
            (status, body)
        })
        .await;
        let key = match outcome {
            Ok((status, body)) => {
                let text = String::from_utf8_lossy(&body).to_lowercase();
                assert!(
                    status.as_u16() < 500,
                    "input {i} (seed {seed}): {method} {uri} answered {status}: {}",
                    text.chars().take(300).collect::<String>()
                );
                assert!(
                    !text.contains("sqlite") && !text.contains("panicked"),
                    "input {i} (seed {seed}): {method} {uri} leaked: {}",
                    text.chars().take(300).collect::<String>()
                );
                status.as_u16().to_string()
            }
            Err(e) if e.is_panic() => panic!("input {i} (seed {seed}): {method} {uri} panicked"),
            Err(e) => panic!("input {i}: {e}"),
        };
        *seen.entry(key).or_default() += 1;
    }
    seen
}

producer_dashboard::platform::testdb::db_test! {
    async fn generated_input_never_panics_fails_inside_or_leaks(pool: DbPool) {
        let inputs: usize = std::env::var("FUZZ_INPUTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3_000);
        let seed: u64 = std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| rand::thread_rng().gen());
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        sqlx::query("UPDATE users SET is_admin = 1 WHERE email = 'owner@example.com'")
            .execute(&app.state.pool)
            .await
            .unwrap();
        app.call(
            "tracks/comment",
            Some(&t.editor),
            &[("track_id", &t.track.to_string()), ("body", "seed")],
        )
        .await
        .expect_ok();
        let cookies = [
            t.owner.clone(),
            t.editor.clone(),
            t.viewer.clone(),
            t.stranger.clone(),
        ];
        let started = std::time::Instant::now();
        let seen = run(&app, &cookies, inputs, seed).await;
        let sent: usize = seen.values().sum();
        println!(
            "fuzz: {sent} inputs (seed {seed}) in {:.1} s, 0 panics, 0 5xx; by status: {seen:?}",
            started.elapsed().as_secs_f64()
        );
        assert_eq!(sent, inputs);
    }
}
