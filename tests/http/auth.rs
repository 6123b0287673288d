//! Sign-up, sign-in, sign-out, sessions and cross-site protection through the real router.

use super::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use producer_dashboard::platform::db::DbPool;

producer_dashboard::platform::testdb::db_test! {
    async fn sign_up_sets_a_safe_cookie_and_signs_in(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let res = app
            .call(
                "auth/sign_up",
                None,
                &[
                    ("email", "Ana@Example.com"),
                    ("display_name", "Ana"),
                    ("password", "password123"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let raw = res
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            raw.contains("HttpOnly") && raw.contains("SameSite=Lax") && raw.contains("Path=/"),
            "{raw}"
        );
        assert!(
            !raw.contains("Secure"),
            "plain http must not set Secure: {raw}"
        );
        let cookie = session_cookie(&res).unwrap();
        let shell = app.call("shell", Some(&cookie), &[]).await.json();
        assert_eq!(shell["user"]["email"], "ana@example.com");
        assert_eq!(shell["badges"]["unread"], 0);
        // The database keeps only a hash of the token.
        let token = cookie.trim_start_matches("pd_session=");
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1")
            .bind(token)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(stored, 0);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn bad_sign_up_input_is_a_clear_400(pool: DbPool) {
        let app = TestApp::new(pool).await;
        for (email, name, pw, msg) in [
            (
                "not-an-email",
                "Ana",
                "password123",
                "Enter a valid email address, like name@example.com.",
            ),
            (
                "ana@example.com",
                "  ",
                "password123",
                "Enter a display name.",
            ),
            (
                "ana@example.com",
                "Ana",
                "short",
                "A password needs at least 8 characters (and at most 256).",
            ),
        ] {
            let res = app
                .call(
                    "auth/sign_up",
                    None,
                    &[("email", email), ("display_name", name), ("password", pw)],
                )
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
            assert_eq!(res.json()["Invalid"], msg);
        }
        // A missing field is a 400 too, not a 500.
        let res = app
            .call("auth/sign_up", None, &[("email", "ana@example.com")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        app.user("ana@example.com", "Ana").await;
        let res = app
            .call(
                "auth/sign_up",
                None,
                &[
                    ("email", "ANA@example.com"),
                    ("display_name", "Ana 2"),
                    ("password", "password123"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn wrong_password_does_not_tell_whether_the_email_exists(pool: DbPool) {
        let app = TestApp::new(pool).await;
        app.user("ana@example.com", "Ana").await;
        let wrong = app
            .call(
                "auth/sign_in",
                None,
                &[("email", "ana@example.com"), ("password", "nope-nope")],
            )
            .await;
        let unknown = app
            .call(
                "auth/sign_in",
                None,
                &[("email", "bob@example.com"), ("password", "nope-nope")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert_eq!(wrong.status, unknown.status);
        assert_eq!(wrong.body, unknown.body);
        assert_eq!(wrong.json()["Invalid"], "Email or password is incorrect.");
        assert!(session_cookie(&wrong).is_none());
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn sign_in_rotates_the_session_and_sign_out_destroys_it(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let first = app.user("ana@example.com", "Ana").await;
        let res = app
            .call(
                "auth/sign_in",
                Some(&first),
                &[("email", "ana@example.com"), ("password", "password123")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let second = session_cookie(&res).unwrap();
        assert_ne!(first, second, "sign-in issues a new session id");
        assert_eq!(
            app.call("shell", Some(&first), &[]).await.json(),
            serde_json::Value::Null,
            "old session is gone"
        );
        assert_eq!(
            app.call("shell", Some(&second), &[]).await.json()["user"]["display_name"],
            "Ana"
        );

        let out = app.call("auth/sign_out", Some(&second), &[]).await;
        assert_eq!(out.status, StatusCode::OK);
        assert!(out
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        assert_eq!(
            app.call("shell", Some(&second), &[]).await.json(),
            serde_json::Value::Null
        );
        assert_eq!(
            app.call("tracks/dashboard", Some(&second), &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn requests_from_another_site_are_rejected(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("ana@example.com", "Ana").await;
        let post = |origin: Option<&str>, fetch_site: Option<&str>| {
            let mut req = Request::post("/api/projects/create")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, &cookie);
            if let Some(o) = origin {
                req = req.header(header::ORIGIN, o);
            }
            if let Some(s) = fetch_site {
                req = req.header("sec-fetch-site", s);
            }
            req.body(Body::from("name=Heist")).unwrap()
        };
        assert_eq!(
            app.send(post(Some("http://evil.example"), None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.send(post(None, Some("cross-site"))).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.send(post(Some("http://127.0.0.1:3000"), Some("same-site")))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "nothing was created by a rejected request");
        assert_eq!(
            app.send(post(Some("http://127.0.0.1:3000"), Some("same-origin")))
                .await
                .status,
            StatusCode::OK
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn pages_are_server_rendered_and_guarded(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let res = app.get("/", None).await;
        assert!(
            res.status.is_redirection(),
            "signed-out visitors go to sign-in: {}",
            res.status
        );
        assert_eq!(res.headers.get(header::LOCATION).unwrap(), "/signin");
        let res = app.get("/signin", None).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Sign in to Producer Dashboard"));

        let cookie = app.user("ana@example.com", "Ana").await;
        app.track(&cookie, "Midnight <b>Drive</b>").await;
        let res = app.get("/", Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.body.contains("Midnight &lt;b&gt;Drive&lt;/b&gt;"),
            "titles are text, never markup"
        );
        assert!(res.body.contains(r#"aria-label="Invitations, 0 pending""#));
        assert!(res.body.contains(r#"aria-label="Notifications, 0 unread""#));
        assert_eq!(
            app.get("/no/such/page", Some(&cookie)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_new_address_is_verified_through_the_emailed_link(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("nina@example.com", "Nina").await;
        let me = app.call("auth/me", Some(&cookie), &[]).await.json();
        assert_eq!(me["email_verified"], false);
        let token = app.emailed_token("nina@example.com").await;
        let (status, message_id): (String, String) =
            sqlx::query_as("SELECT status, message_id FROM email_outbox WHERE to_address = $1")
                .bind("nina@example.com")
                .fetch_one(&app.state.pool)
                .await
                .unwrap();
        assert_eq!(status, "pending");
        assert!(message_id.starts_with('<') && message_id.ends_with("@producer-dashboard>"));

        // Another link within a minute is refused; a used, mangled or unknown token changes nothing.
        let res = app
            .call("auth/resend_verification", Some(&cookie), &[])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        for bad in ["nonsense", &"0".repeat(64)] {
            let res = app.call("auth/verify_email", None, &[("token", bad)]).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        }

        // The link works without a session, once.
        let res = app
            .call("auth/verify_email", None, &[("token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json(), "nina@example.com");
        let me = app.call("auth/me", Some(&cookie), &[]).await.json();
        assert_eq!(me["email_verified"], true);
        let items = super::feed(&app, &cookie).await;
        assert_eq!(items[0]["title"], "Email address verified");
        assert_eq!(items[0]["category"], "System");
        let res = app
            .call("auth/verify_email", None, &[("token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let res = app
            .call("auth/resend_verification", Some(&cookie), &[])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert_eq!(
            res.json()["Invalid"],
            "Your email address is already verified."
        );

        // Now verified, the "verified" notice is emailed too (system notices are, by default).
        let subjects: Vec<String> =
            sqlx::query_scalar("SELECT subject FROM email_outbox WHERE to_address = $1 ORDER BY id")
                .bind("nina@example.com")
                .fetch_all(&app.state.pool)
                .await
                .unwrap();
        assert_eq!(
            subjects,
            ["Verify your email address", "Email address verified"]
        );
        // Without a mail server the messages are kept in the outbox, never dropped.
        let now = app.state.clock.now_ms();
        let held =
            producer_dashboard::platform::mail::hold_due(&app.state.pool, now, "http://127.0.0.1:3000")
                .await
                .unwrap();
        assert_eq!(held, 2);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_new_link_replaces_the_old_one_and_links_expire(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("omar@example.com", "Omar").await;
        let first = app.emailed_token("omar@example.com").await;
        app.state.clock.advance(61_000);
        let res = app
            .call("auth/resend_verification", Some(&cookie), &[])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let second = app.emailed_token("omar@example.com").await;
        assert_ne!(first, second);
        let res = app
            .call("auth/verify_email", None, &[("token", &first)])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        app.state
            .clock
            .advance(producer_dashboard::account::verify::TTL_MS);
        let res = app
            .call("auth/verify_email", None, &[("token", &second)])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let me = app.call("auth/me", Some(&cookie), &[]).await.json();
        assert_eq!(me["email_verified"], false);
        // Signed out, there is nothing to resend.
        let res = app.call("auth/resend_verification", None, &[]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_new_email_address_is_used_only_once_verified(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("old@example.com", "Olga").await;
        app.user("taken@example.com", "Tess").await;
        app.state.clock.advance(61_000);
        for (email, status) in [
            ("old@example.com", StatusCode::BAD_REQUEST),
            ("TAKEN@example.com", StatusCode::CONFLICT),
            ("not-an-address", StatusCode::BAD_REQUEST),
        ] {
            let res = app
                .call("settings/email", Some(&cookie), &[("email", email)])
                .await;
            assert_eq!(res.status, status, "{email}: {}", res.body);
        }
        let res = app
            .call(
                "settings/email",
                Some(&cookie),
                &[("email", "New@Example.com")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json(), "new@example.com");
        // Until the link is opened, nothing changes but the pending address.
        let me = app.call("auth/me", Some(&cookie), &[]).await.json();
        assert_eq!(me["email"], "old@example.com");
        let pending = app
            .call("settings/email/pending", Some(&cookie), &[])
            .await
            .json();
        assert_eq!(pending, "new@example.com");
        let token = app.emailed_token("new@example.com").await;
        let res = app
            .call("auth/verify_email", None, &[("token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let me = app.call("auth/me", Some(&cookie), &[]).await.json();
        assert_eq!(me["email"], "new@example.com");
        assert_eq!(me["email_verified"], true);
        assert!(app
            .call("settings/email/pending", Some(&cookie), &[])
            .await
            .json()
            .is_null());
        // Signing in uses the new address.
        let res = app
            .call(
                "auth/sign_in",
                None,
                &[("email", "new@example.com"), ("password", "password123")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_sign_in_alert_is_raised_for_a_new_browser_only(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let signup = app
            .call(
                "auth/sign_up",
                None,
                &[
                    ("email", "kim@example.com"),
                    ("display_name", "Kim"),
                    ("password", "password123"),
                ],
            )
            .await;
        assert_eq!(signup.status, StatusCode::OK, "{}", signup.body);
        let device =
            set_cookie(&signup, "pd_device").expect("sign-up gives the browser a device cookie");
        let raw: Vec<_> = signup.headers.get_all(header::SET_COOKIE).iter().collect();
        assert!(
            raw.iter()
                .any(|v| v.to_str().unwrap().starts_with("pd_device=")
                    && v.to_str().unwrap().contains("HttpOnly")),
            "{raw:?}"
        );
        let alerts = |items: &[serde_json::Value]| {
            items
                .iter()
                .filter(|n| n["kind"] == "new_sign_in")
                .cloned()
                .collect::<Vec<_>>()
        };
        let sign_in = |cookie: Option<String>, password: &'static str| {
            let app = &app;
            async move {
                app.call(
                    "auth/sign_in",
                    cookie.as_deref(),
                    &[("email", "kim@example.com"), ("password", password)],
                )
                .await
            }
        };
        // The browser that created the account signs in again: nothing to tell.
        let res = sign_in(Some(device.clone()), "password123").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let session = session_cookie(&res).unwrap();
        assert!(alerts(&feed(&app, &session).await).is_empty());
        // A browser with no device cookie (or a forged one) is new: one alert, normal priority.
        for cookie in [None, Some("pd_device=not-a-token".to_string())] {
            let res = sign_in(cookie, "password123").await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            assert!(set_cookie(&res, "pd_device").is_some());
        }
        let items = alerts(&feed(&app, &session).await);
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|n| n["high_priority"] == false));
        // A new browser right after wrong passwords is unusual: high priority, and says so.
        for _ in 0..2 {
            assert_eq!(
                sign_in(None, "wrong password").await.status,
                StatusCode::BAD_REQUEST
            );
        }
        sign_in(None, "password123").await.expect_ok();
        let items = alerts(&feed(&app, &session).await);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["high_priority"], true);
        assert!(
            items[0]["message"]
                .as_str()
                .unwrap()
                .contains(", after 2 wrong passwords."),
            "{}",
            items[0]["message"]
        );
        // A known browser after a wrong password: its owner mistyped; still nothing.
        assert_eq!(
            sign_in(Some(device.clone()), "wrong password").await.status,
            StatusCode::BAD_REQUEST
        );
        sign_in(Some(device), "password123").await.expect_ok();
        assert_eq!(alerts(&feed(&app, &session).await).len(), 3);
    }
}
