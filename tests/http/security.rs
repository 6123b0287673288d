//! Security headers, guessing limits, malformed requests and the smaller hardening rules,
//! through the real router.

use super::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use producer_dashboard::platform::db::DbPool;

fn header_of(res: &Res, name: impl axum::http::header::AsHeaderName) -> String {
    res.headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

producer_dashboard::platform::testdb::db_test! {
    async fn pages_carry_a_nonce_policy_and_every_script_its_nonce(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        let track = app.track(&cookie, "Night Drive").await;
        let mut nonces = Vec::new();
        for (path, who) in [
            ("/signin", None),
            ("/", Some(cookie.as_str())),
            (&*format!("/tracks/{track}"), Some(cookie.as_str())),
            ("/settings/profile", Some(cookie.as_str())),
            ("/no/such/page", Some(cookie.as_str())),
        ] {
            let res = app.get(path, who).await;
            let csp = header_of(&res, header::CONTENT_SECURITY_POLICY);
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|r| r.split('\'').next())
                .unwrap_or_else(|| panic!("{path}: no nonce in {csp:?}"))
                .to_string();
            assert!(nonce.len() >= 32, "{path}: {nonce}");
            for directive in [
                "script-src 'self' 'nonce-",
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(csp.contains(directive), "{path}: {directive} in {csp}");
            }
            assert!(
                !csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'")
            );
            // Every script Leptos wrote carries this response's nonce.
            let scripts = res.body.matches("<script").count();
            assert!(scripts > 0, "{path}: the page has its hydration scripts");
            assert_eq!(
                res.body.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{path}: every <script> has the nonce"
            );
            assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
            assert_eq!(header_of(&res, header::REFERRER_POLICY), "same-origin");
            assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store", "{path}");
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 5, "a fresh nonce for every response");

        // Answers of server functions are never cached either, and are not HTML.
        let res = app.call("shell", Some(&cookie), &[]).await;
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");
        assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert!(res.headers.get(header::CONTENT_SECURITY_POLICY).is_none());
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_uploaded_file_never_runs_in_this_origin(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        let track = app.track(&cookie, "Song").await;
        let boundary = "b";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"track_id\"\r\n\r\n{track}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"page.html\"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--{boundary}--\r\n"
        );
        let req = Request::post("/api/tracks/files")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = res.json()["id"].as_i64().unwrap();
        let res = app.get(&format!("/media/files/{id}"), Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(
            header_of(&res, header::CONTENT_SECURITY_POLICY),
            "default-src 'none'; sandbox"
        );
        assert!(header_of(&res, header::CONTENT_DISPOSITION).starts_with("attachment;"));
        assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn malformed_multipart_is_a_clear_400_and_forms_are_bounded(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        for path in [
            "tracks/create",
            "tracks/files",
            "tracks/artwork",
            "settings/avatar",
        ] {
            for (who, content_type) in [
                (None, "multipart/form-data"),
                (Some(cookie.as_str()), "multipart/form-data"),
                (Some(cookie.as_str()), "multipart/form-data; boundary="),
                (Some(cookie.as_str()), "multipart/form-data; charset=utf-8"),
                (Some(cookie.as_str()), "text/plain"),
                (Some(cookie.as_str()), "application/x-www-form-urlencoded"),
            ] {
                let mut req = Request::post(format!("/api/{path}"))
                    .header(header::HOST, "127.0.0.1:3000")
                    .header(header::CONTENT_TYPE, content_type);
                if let Some(c) = who {
                    req = req.header(header::COOKIE, c);
                }
                let res = app
                    .send(req.body(Body::from("--x\r\n\r\n--x--")).unwrap())
                    .await;
                assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path} {content_type}");
                assert!(
                    res.body.starts_with("The upload was malformed: "),
                    "{path} {content_type}: {}",
                    res.body
                );
            }
        }
        // Too many fields, a field twice, too much text in all: refused before anything is stored.
        let many: Vec<(String, String)> = (0..40).map(|i| (format!("f{i}"), "x".into())).collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = app
            .call_multipart("tracks/create", &cookie, &many, None)
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert_eq!(res.json()["Invalid"], "The form has too many fields.");
        let res = app
            .call_multipart(
                "tracks/create",
                &cookie,
                &[("title", "A"), ("title", "B")],
                None,
            )
            .await;
        assert_eq!(res.json()["Invalid"], "A form field was sent twice.");
        let big = "x".repeat(60 * 1024);
        let fields: Vec<(String, &str)> = (0..6).map(|i| (format!("f{i}"), big.as_str())).collect();
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let res = app
            .call_multipart("tracks/create", &cookie, &fields, None)
            .await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracks")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}

async fn sign_in_from(app: &TestApp, ip: &str, cookie: Option<&str>, email: &str, pw: &str) -> Res {
    app.call_from(
        ip,
        "auth/sign_in",
        cookie,
        &[("email", email), ("password", pw)],
    )
    .await
}

producer_dashboard::platform::testdb::db_test! {
    async fn guessing_a_password_is_stopped_after_ten_failures(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let ana = app.user("ana@example.com", "Ana").await;
        app.user("bob@example.com", "Bob").await;
        // Ten wrong guesses from one address: each an ordinary "incorrect".
        for _ in 0..10 {
            let res = sign_in_from(&app, "10.0.0.1", None, "ana@example.com", "wrong-guess").await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        }
        // The eleventh, even with the right password from another browser: 429 with a wait.
        let res = sign_in_from(&app, "10.0.0.2", None, "ana@example.com", "password123").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        assert_eq!(header_of(&res, header::RETRY_AFTER), "300");
        assert_eq!(
            res.json()["TooManyRequests"]["message"],
            "Too many sign-in attempts. For your account's safety, please wait 5 minutes and try again."
        );
        assert!(session_cookie(&res).is_none());
        // The guessing address is stopped for every account.
        let res = sign_in_from(&app, "10.0.0.1", None, "bob@example.com", "password123").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        // A browser already signed in to the account is never locked out of it.
        let res = sign_in_from(
            &app,
            "10.0.0.1",
            Some(&ana),
            "ana@example.com",
            "password123",
        )
        .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let ana = session_cookie(&res).expect("a new session");
        // The account holder was told, once.
        let items = feed(&app, &ana).await;
        let told: Vec<_> = items
            .iter()
            .filter(|n| n["kind"] == "sign_in_failures")
            .collect();
        assert_eq!(told.len(), 1, "{items:?}");
        assert_eq!(told[0]["title"], "Repeated failed sign-ins");
        assert_eq!(told[0]["high_priority"], true);

        // Ten more failures; after the window the owner gets in from anywhere.
        for _ in 0..10 {
            let res = sign_in_from(&app, "10.0.0.3", None, "ana@example.com", "wrong-again").await;
            assert!(
                matches!(
                    res.status,
                    StatusCode::BAD_REQUEST | StatusCode::TOO_MANY_REQUESTS
                ),
                "a wrong password is refused: {} {}",
                res.status,
                res.body
            );
        }
        let res = sign_in_from(&app, "10.0.0.4", None, "ana@example.com", "password123").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        app.state
            .clock
            .advance(producer_dashboard::auth::throttle::WINDOW_MS + 1);
        let res = sign_in_from(&app, "10.0.0.4", None, "ana@example.com", "password123").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(session_cookie(&res).is_some());
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn answers_that_an_address_is_taken_are_throttled(pool: DbPool) {
        let app = TestApp::new(pool).await;
        app.user("taken@example.com", "Tess").await;
        let sign_up = |ip: &'static str, email: &'static str| {
            let app = &app;
            async move {
                app.call_from(
                    ip,
                    "auth/sign_up",
                    None,
                    &[
                        ("email", email),
                        ("display_name", "Probe"),
                        ("password", "password123"),
                    ],
                )
                .await
            }
        };
        for _ in 0..10 {
            assert_eq!(
                sign_up("10.0.0.9", "taken@example.com").await.status,
                StatusCode::CONFLICT
            );
        }
        let res = sign_up("10.0.0.9", "fresh@example.com").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        assert!(!header_of(&res, header::RETRY_AFTER).is_empty());
        // Successful sign-ups from an address are not counted against it.
        for i in 0..12 {
            let email: &'static str = Box::leak(format!("new{i}@example.com").into_boxed_str());
            assert_eq!(sign_up("10.0.0.10", email).await.status, StatusCode::OK);
        }
        // Changing one's email to a taken address counts too.
        let cookie = app.user("mover@example.com", "Mo").await;
        for _ in 0..10 {
            let res = app
                .call_from(
                    "10.0.0.11",
                    "settings/email",
                    Some(&cookie),
                    &[("email", "taken@example.com")],
                )
                .await;
            assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        }
        let res = app
            .call_from(
                "10.0.0.11",
                "settings/email",
                Some(&cookie),
                &[("email", "other@example.com")],
            )
            .await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    }
}

/// Base64 (URL alphabet, padded), as server functions put an error in a URL.
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

producer_dashboard::platform::testdb::db_test! {
    async fn error_text_in_a_url_is_shown_only_when_this_server_put_it_there(pool: DbPool) {
        let app = TestApp::new(pool).await;
        app.user("ana@example.com", "Ana").await;
        // A crafted link: the words never reach the page.
        let forged = base64url(br#"{"Invalid":"Your account is locked. Call 555-0100 to unlock it."}"#)
            .replace('=', "%3D");
        let res = app
            .get(
                &format!("/signin?__path=%2Fapi%2Fauth%2Fsign_in&__err={forged}"),
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Sign in to Producer Dashboard"));
        assert!(!res.body.contains("555-0100"), "forged error shown");
        // A real sign-in without JavaScript: the form posts, the server redirects back with
        // its own (signed) error, and the page shows it.
        let req = Request::post("/api/auth/sign_in")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, "http://127.0.0.1:3000/signin")
            .body(Body::from("email=ana%40example.com&password=wrong-one"))
            .unwrap();
        let res = app.send(req).await;
        assert!(res.status.is_redirection(), "{}", res.status);
        let location = header_of(&res, header::LOCATION);
        assert!(location.contains("__sig="), "{location}");
        let path = location.trim_start_matches("http://127.0.0.1:3000");
        let page = app.get(path, None).await;
        assert!(
            page.body.contains("Email or password is incorrect."),
            "{path}"
        );
        // The same signed error with another message is not shown.
        let tampered = path.replacen("__err=", &format!("__err={forged}"), 1);
        assert!(!app.get(&tampered, None).await.body.contains("555-0100"));
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_cross_site_guard_compares_the_scheme(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        for (origin, status) in [
            ("https://127.0.0.1:3000", StatusCode::FORBIDDEN),
            ("http://127.0.0.1:3000.evil.example", StatusCode::FORBIDDEN),
            ("null", StatusCode::FORBIDDEN),
            ("http://127.0.0.1:3000", StatusCode::OK),
        ] {
            let req = Request::post("/api/projects/create")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ORIGIN, origin)
                .header(header::COOKIE, &cookie)
                .body(Body::from("name=Heist"))
                .unwrap();
            assert_eq!(app.send(req).await.status, status, "{origin}");
        }
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_last_event_id_beyond_the_newest_starts_from_the_newest(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let (status, mut body) = stream(&app, Some(&t.owner), Some("999999999")).await;
        assert_eq!(status, StatusCode::OK);
        read_until(&mut body, "event: badges").await;
        let res = app
            .call(
                "tracks/comment",
                Some(&t.editor),
                &[
                    ("track_id", &t.track.to_string()),
                    ("body", "After the forged id"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let text = read_until(&mut body, "After the forged id").await;
        assert!(text.contains("event: notification"), "{text}");
        assert_eq!(ids_in(&text).len(), 1, "{text}");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn names_and_titles_refuse_what_cannot_be_seen(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        let track = app.track(&cookie, "Plain").await.to_string();
        for bad in [
            "a\0b",
            "two\r\nlines",
            "gnp.\u{202E}exe",
            "\u{200B}\u{200B}",
            "\u{2066}x",
        ] {
            let res = app
                .call_multipart("tracks/create", &cookie, &[("title", bad)], None)
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", res.body);
            let res = app
                .call("settings/profile", Some(&cookie), &[("display_name", bad)])
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", res.body);
            let res = app
                .call("projects/create", Some(&cookie), &[("name", bad)])
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", res.body);
            let res = app
                .call(
                    "tracks/metadata",
                    Some(&cookie),
                    &[
                        ("track_id", &track),
                        ("title", "Plain"),
                        ("bpm", ""),
                        ("musical_key", bad),
                        ("genre", ""),
                        ("description", ""),
                    ],
                )
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", res.body);
        }
        let res = app
            .call(
                "settings/profile",
                Some(&cookie),
                &[("display_name", "a\u{202E}b")],
            )
            .await;
        assert_eq!(
            res.json()["Invalid"],
            "A display name can't contain control characters, line breaks or text-direction overrides."
        );
        // Line breaks are fine in a comment (the browser sends CR LF; it is kept as LF).
        let res = app
            .call(
                "tracks/comment",
                Some(&cookie),
                &[("track_id", &track), ("body", "one\r\ntwo")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["body"], "one\ntwo");
        // Dates are strict.
        for bad in ["2026-+1-01", "+026-01-01", "2026-02-30", " 2026-1-01"] {
            let res = app
                .call(
                    "tracks/due_date",
                    Some(&cookie),
                    &[("track_id", &track), ("due_date", bad)],
                )
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.body);
        }
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_viewer_sees_collaborators_names_but_not_their_addresses(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let members = |cookie: String| {
            let app = &app;
            async move {
                let res = app
                    .call(
                        "tracks/get",
                        Some(&cookie),
                        &[("track_id", &t.track.to_string())],
                    )
                    .await;
                assert_eq!(res.status, StatusCode::OK, "{}", res.body);
                res.json()["members"].as_array().unwrap().clone()
            }
        };
        let seen = members(t.viewer.clone()).await;
        assert_eq!(seen.len(), 3);
        assert!(seen
            .iter()
            .all(|m| m["email"].is_null() && m["display_name"].is_string()));
        let page = app
            .get(&format!("/tracks/{}", t.track), Some(&t.viewer))
            .await;
        assert!(page.body.contains("Olive Owner"));
        assert!(!page.body.contains("owner@example.com") && !page.body.contains("editor@example.com"));
        for cookie in [t.editor.clone(), t.owner.clone()] {
            let seen = members(cookie).await;
            assert!(seen.iter().any(|m| m["email"] == "owner@example.com"));
        }
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn sessions_end_after_fourteen_idle_days(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        let day = 24 * 3600 * 1000;
        // In use, a session lives on past fourteen days.
        for _ in 0..3 {
            app.state.clock.advance(13 * day);
            let shell = app.call("shell", Some(&cookie), &[]).await.json();
            assert_eq!(shell["user"]["email"], "ana@example.com");
        }
        // Unused for fourteen days, it is over, and the row is purged.
        app.state.clock.advance(14 * day + 1);
        assert!(app.call("shell", Some(&cookie), &[]).await.json().is_null());
        let purged =
            producer_dashboard::auth::session::purge_expired(&app.state.pool, app.state.clock.now_ms())
                .await
                .unwrap();
        assert_eq!(purged, 1);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn user_text_never_becomes_a_link_in_an_email(pool: DbPool) {
        let app = TestApp::new(pool).await;
        // Eve (verified) hears by email when someone joins her track; Mallory's name and
        // the track's title carry a placeholder.
        let eve = app.user("eve@example.com", "Eve").await;
        let mallory = app
            .user("mal@example.com", "Mal {app}@evil.example/login")
            .await;
        sqlx::query("UPDATE users SET email_verified_at = 1")
            .execute(&app.state.pool)
            .await
            .unwrap();
        let track = app.track(&eve, "Bait {app}/x").await;
        let res = app
            .call(
                "invitations/create",
                Some(&eve),
                &[
                    ("track_id", &track.to_string()),
                    ("email", "mal@example.com"),
                    ("permission", "edit"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let invite = res.json()["id"].to_string();
        let res = app
            .call("invitations/accept", Some(&mallory), &[("id", &invite)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let body: String = sqlx::query_scalar(
            "SELECT body FROM email_outbox WHERE to_address = 'eve@example.com'
             AND subject LIKE '%accepted your invitation' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
        let sent = producer_dashboard::platform::mail::render(&body, "https://dash.example.com");
        assert!(
            sent.starts_with("Mal {app}@evil.example/login is now collaborating on Bait {app}/x."),
            "{sent}"
        );
        assert!(!sent.contains("dash.example.com@evil"), "{sent}");
        assert!(
            sent.contains(&format!("https://dash.example.com/tracks/{track}")),
            "{sent}"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn reads_answer_while_someone_holds_the_write_lock(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        sqlx::query("UPDATE users SET is_admin = 1")
            .execute(&app.state.pool)
            .await
            .unwrap();
        let writer = producer_dashboard::platform::db::begin_write(&app.state.pool)
            .await
            .unwrap();
        for path in ["support/mine", "support/inbox"] {
            let res = tokio::time::timeout(
                std::time::Duration::from_secs(2),
                app.call(path, Some(&cookie), &[]),
            )
            .await
            .unwrap_or_else(|_| panic!("{path} waited for the write lock"));
            assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        }
        writer.rollback().await.unwrap();
    }
}

producer_dashboard::platform::testdb::db_test! {
    /// Text holding the NUL character is a bad request with a clear message on both
    /// engines, never a failure inside: where the app's own checks do not refuse it first,
    /// PostgreSQL (which cannot store it) does, and nothing of it is written.
    async fn text_with_a_nul_character_is_refused_never_a_failure(pool: DbPool) {
        use producer_dashboard::platform::db::Engine;
        let postgres = Engine::of(&pool) == Engine::Postgres;
        let app = TestApp::new(pool.clone()).await;
        let t = team(&app).await;
        let comments = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM comments")
                .fetch_one(&pool)
                .await
                .unwrap()
        };
        let before = comments().await;
        let track = t.track.to_string();
        let cases = [
            (
                "auth/sign_in",
                None,
                vec![("email", "ana\0@example.com"), ("password", "secret-secret")],
                if postgres {
                    producer_dashboard::error::NUL_IN_TEXT
                } else {
                    "Email or password is incorrect."
                },
            ),
            (
                "tracks/comment",
                Some(t.editor.as_str()),
                vec![("track_id", track.as_str()), ("body", "a\0b")],
                "A comment can't contain control characters, line breaks or text-direction overrides.",
            ),
        ];
        for (path, cookie, fields, message) in cases {
            let res = app.call(path, cookie, &fields).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}: {}", res.body);
            assert_eq!(res.json()["Invalid"], message, "{path}");
        }
        assert_eq!(comments().await, before);
    }
}
