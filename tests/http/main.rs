//! HTTP-level tests: the whole router on a `#[sqlx::test]` database, driven as a browser
//! would. One integration binary, so editing a test rebuilds only this binary.

mod auth;
mod compression;
mod digests;
mod email;
mod feed;
mod filters;
mod fuzz;
mod instances;
mod invitations;
mod listening;
mod mutes;
mod plain_forms;
mod security;
mod selection;
mod settings;
mod storage;
mod tracks;
mod undo;
mod xss;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use producer_dashboard::platform::db::DbPool;
use producer_dashboard::platform::{AppState, Clock, Config};
use producer_dashboard::server::router;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: std::path::PathBuf,
}

#[must_use = "check the answer's status"]
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Res {
    /// Asserts a 2xx answer (showing the body otherwise) and returns it.
    #[track_caller]
    pub fn ok(self) -> Res {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        self
    }

    /// Asserts a 2xx answer, for a call made only for what it changes.
    #[track_caller]
    pub fn expect_ok(self) {
        let _ = self.ok();
    }

    /// The answer decoded into the app's own type.
    #[track_caller]
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not the expected answer ({e}): {}", self.body))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// The session cookie a response sets (`pd_session=…`), if any.
pub fn session_cookie(res: &Res) -> Option<String> {
    set_cookie(res, "pd_session")
}

/// The cookie `name` a response sets (`name=…`), if any.
pub fn set_cookie(res: &Res, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    res.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix))
        .map(|v| v.split(';').next().unwrap().to_string())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestApp {
    pub async fn new(pool: DbPool) -> TestApp {
        Self::with_config(pool, |_| {}).await
    }

    /// An app whose test configuration `adjust` changes first.
    pub async fn with_config(pool: DbPool, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut leptos_options = leptos::config::get_configuration(Some("Leptos.toml"))
            .unwrap()
            .leptos_options;
        leptos_options.hash_files = false;
        let dir = std::env::temp_dir().join(format!(
            "pd-test-{}",
            producer_dashboard::platform::tokens::new_token()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let state = AppState {
            leptos_options,
            pool,
            clock: Clock::fixed(1_795_000_000_000),
            config: Arc::new({
                let mut config = Config::for_tests(dir.clone());
                adjust(&mut config);
                config
            }),
            hub: Default::default(),
            sync: Default::default(),
            analysis: Default::default(),
        };
        TestApp {
            router: router::build(state.clone()),
            state,
            dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A server function call with form fields, as the browser sends it.
    fn form_request(path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        let mut req = Request::post(format!("/api/{path}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        req.body(Body::from(body.join("&"))).unwrap()
    }

    /// POSTs a server function with form fields, as the browser does.
    pub async fn call(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Res {
        self.send(Self::form_request(path, cookie, fields)).await
    }

    /// POSTs a server function with form fields from the client at `ip`.
    pub async fn call_from(
        &self,
        ip: &str,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Res {
        let mut req = Self::form_request(path, cookie, fields);
        let addr: std::net::SocketAddr = format!("{ip}:40000").parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        self.send(req).await
    }

    /// POSTs a server function that takes JSON.
    pub async fn call_json(
        &self,
        path: &str,
        cookie: Option<&str>,
        body: &serde_json::Value,
    ) -> Res {
        let mut req = Request::post(format!("/api/{path}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// POSTs a multipart form (`file` = (field, name, bytes)).
    pub async fn call_multipart(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Res {
        let boundary = "----pdtestboundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((field, name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(format!("/api/{path}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Res {
        let mut req = Request::get(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Signs up a new user; returns their session cookie.
    pub async fn user(&self, email: &str, name: &str) -> String {
        let res = self
            .call(
                "auth/sign_up",
                None,
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", "password123"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        session_cookie(&res).expect("sign-up sets a session cookie")
    }

    /// The token of the newest verification link emailed to `email`, as kept in the outbox.
    pub async fn emailed_token(&self, email: &str) -> String {
        let body: String = sqlx::query_scalar(
            "SELECT body FROM email_outbox WHERE to_address = $1 AND subject = 'Verify your email address'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(email)
        .fetch_one(&self.state.pool)
        .await
        .unwrap();
        let at = body.find("token=").expect("the email holds a link") + 6;
        body[at..at + 64].to_string()
    }

    /// Verifies `email` the way its owner does: opens the newest link emailed to it.
    pub async fn verify(&self, email: &str) {
        let token = self.emailed_token(email).await;
        let res = self
            .call("auth/verify_email", None, &[("token", &token)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }

    /// Signs up a new user whose address counts as verified (set directly, without the
    /// link's notice, which would crowd feed tests); returns their session cookie.
    pub async fn verified_user(&self, email: &str, name: &str) -> String {
        let cookie = self.user(email, name).await;
        sqlx::query("UPDATE users SET email_verified_at = 1 WHERE email = $1")
            .bind(email)
            .execute(&self.state.pool)
            .await
            .unwrap();
        cookie
    }

    /// Signs in a user made by `user` (password `password123`); returns the new session cookie.
    pub async fn sign_in(&self, email: &str) -> String {
        let res = self
            .call(
                "auth/sign_in",
                None,
                &[("email", email), ("password", "password123")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        session_cookie(&res).expect("sign-in sets a session cookie")
    }

    /// Creates a track owned by the holder of `cookie`; returns its id.
    pub async fn track(&self, cookie: &str, title: &str) -> i64 {
        let res = self
            .call_multipart("tracks/create", cookie, &[("title", title)], None)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.body.trim().parse().unwrap()
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.state.pool)
            .await
            .unwrap()
    }

    /// Makes `email` a collaborator on a track directly (the invitation flow is tested on its own).
    pub async fn add_member(&self, track: i64, email: &str, permission: &str) {
        let uid = self.user_id(email).await;
        sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, $3, 0)")
            .bind(track)
            .bind(uid)
            .bind(permission)
            .execute(&self.state.pool)
            .await
            .unwrap();
    }
}

/// The holder of `cookie` comments `body` on `track`.
pub async fn comment(app: &TestApp, cookie: &str, track: i64, body: &str) {
    app.call(
        "tracks/comment",
        Some(cookie),
        &[("track_id", &track.to_string()), ("body", body)],
    )
    .await
    .expect_ok();
}

/// The holder of `cookie` moves `track` to `stage`.
pub async fn stage(app: &TestApp, cookie: &str, track: i64, stage: &str) {
    app.call(
        "tracks/stage",
        Some(cookie),
        &[("track_id", &track.to_string()), ("stage", stage)],
    )
    .await
    .expect_ok();
}

/// The first page of the holder of `cookie`'s feed.
pub async fn feed(app: &TestApp, cookie: &str) -> Vec<serde_json::Value> {
    let res = app.call("notifications/feed", Some(cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

/// The notifications of one group of the holder of `cookie`, newest first.
pub async fn group_items(
    app: &TestApp,
    cookie: &str,
    group: &serde_json::Value,
) -> Vec<serde_json::Value> {
    let res = app
        .call(
            "notifications/group",
            Some(cookie),
            &[("group", &group.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

/// The unread badge of the holder of `cookie`, from the page shell.
pub async fn unread(app: &TestApp, cookie: &str) -> i64 {
    let shell: Option<producer_dashboard::app::shell::Shell> =
        app.call("shell", Some(cookie), &[]).await.ok().decode();
    shell.expect("signed in").badges.unread
}

/// A track with an owner, an editor and a viewer, and a stranger to it.
pub struct Team {
    pub owner: String,
    pub editor: String,
    pub viewer: String,
    pub stranger: String,
    pub track: i64,
}

pub async fn team(app: &TestApp) -> Team {
    let owner = app.verified_user("owner@example.com", "Olive Owner").await;
    let editor = app
        .verified_user("editor@example.com", "Eddie Editor")
        .await;
    let viewer = app.verified_user("viewer@example.com", "Vera Viewer").await;
    let stranger = app
        .verified_user("stranger@example.com", "Stan Stranger")
        .await;
    let track = app.track(&owner, "Song <b>One</b>").await;
    app.add_member(track, "editor@example.com", "edit").await;
    app.add_member(track, "viewer@example.com", "view").await;
    Team {
        owner,
        editor,
        viewer,
        stranger,
        track,
    }
}

/// Opens the event stream; returns the body to read from.
pub async fn stream(
    app: &TestApp,
    cookie: Option<&str>,
    last_event_id: Option<&str>,
) -> (StatusCode, Body) {
    let mut req = Request::get("/api/events").header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(l) = last_event_id {
        req = req.header("last-event-id", l);
    }
    let res = tower::ServiceExt::oneshot(app.router.clone(), req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    (res.status(), res.into_body())
}

/// Reads the stream until `until` appears in it (or 5 s pass).
pub async fn read_until(body: &mut Body, until: &str) -> String {
    let mut text = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(frame)) = body.frame().await {
            if let Some(data) = frame.data_ref() {
                text.push_str(&String::from_utf8_lossy(data));
                if text.contains(until) {
                    break;
                }
            }
        }
    })
    .await;
    text
}

fn ids_in(text: &str) -> Vec<i64> {
    text.lines()
        .filter_map(|l| l.strip_prefix("id: ").or_else(|| l.strip_prefix("id:")))
        .map(|v| v.trim().parse().unwrap())
        .collect()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
