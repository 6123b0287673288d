//! The app without JavaScript, through the real router: the activity and invitations
//! pages the header leads to, their forms, and Save Preferences from the plain form.
//! (A failed plain form comes back to its page with its error signed in the address:
//! see `security::error_text_in_a_url_is_shown_only_when_this_server_put_it_there`.)

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// A form posted by the browser itself (no JavaScript): it accepts HTML and names the
/// page it came from.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    from: &str,
    fields: &[(&str, &str)],
) -> Res {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                            (b as char).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect();
    let mut req = Request::post(format!("/api/{path}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*")
        .header(header::REFERER, format!("http://127.0.0.1:3000{from}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body.join("&"))).unwrap())
        .await
}

fn location(res: &Res) -> String {
    res.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Follows a redirect back to the page (as the browser would).
async fn back(app: &TestApp, res: &Res, cookie: &str) -> Res {
    let to = location(res);
    app.get(to.trim_start_matches("http://127.0.0.1:3000"), Some(cookie))
        .await
}

fn alerts(html: &str) -> Vec<String> {
    html.split(r#"role="alert""#)
        .skip(1)
        .map(|rest| {
            let text = rest.split_once('>').map(|(_, t)| t).unwrap_or("");
            text.split('<').next().unwrap_or("").to_string()
        })
        .collect()
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_activity_and_invitations_pages_render_for_their_owner_only(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        // An invitation for the stranger (who verifies and sees it on the page).
        app.call(
            "invitations/create",
            Some(&t.owner),
            &[
                ("track_id", &t.track.to_string()),
                ("email", "stranger@example.com"),
                ("permission", "view"),
            ],
        )
        .await
        .expect_ok();
        for path in ["/activity", "/invitations"] {
            // Signed out: the sign-in page.
            let res = app.get(path, None).await;
            assert!(
                res.status == StatusCode::FOUND || res.status == StatusCode::SEE_OTHER,
                "{path}: {}",
                res.status
            );
            assert!(
                location(&res).ends_with("/signin"),
                "{path}: {:?}",
                res.headers
            );
        }
        let page = app.get("/activity", Some(&t.stranger)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("invited you"), "the stranger's own feed");
        assert!(page.body.contains(r#"action="/api/invitations/accept""#));
        assert!(page
            .body
            .contains(r#"action="/api/notifications/read_all""#));
        let invites = app.get("/invitations", Some(&t.stranger)).await;
        assert_eq!(invites.status, StatusCode::OK);
        assert!(invites.body.contains(r#"action="/api/invitations/accept""#));
        // Nobody else sees it.
        let theirs = app.get("/invitations", Some(&t.editor)).await;
        assert!(
            theirs.body.contains("No pending invites."),
            "{}",
            theirs.body.len()
        );
        // A row's form (reading its group) posted by another person changes nothing of it.
        let group = feed(&app, &t.stranger).await[0]["group"]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let res = post_form(
            &app,
            "notifications/read_group",
            Some(&t.editor),
            "/activity",
            &[("group", &group)],
        )
        .await;
        assert_eq!(res.status, StatusCode::FOUND);
        assert!(
            location(&res).contains("__err="),
            "it failed, and says so on the page"
        );
        let shown = alerts(&back(&app, &res, &t.editor).await.body);
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].contains("does not exist"), "{shown:?}");
        assert_eq!(feed(&app, &t.stranger).await[0]["read"], false);
        // Its owner's form marks it read and comes back to the page.
        let res = post_form(
            &app,
            "notifications/read_group",
            Some(&t.stranger),
            "/activity?before=99",
            &[("group", &group)],
        )
        .await;
        assert_eq!(res.status, StatusCode::FOUND);
        assert!(
            location(&res).ends_with("/activity?before=99"),
            "{}",
            location(&res)
        );
        assert_eq!(feed(&app, &t.stranger).await[0]["read"], true);
    }
}

async fn prefs(app: &TestApp, cookie: &str) -> serde_json::Value {
    app.call("settings/notifications", Some(cookie), &[])
        .await
        .ok()
        .json()
}

producer_dashboard::platform::testdb::db_test! {
    async fn save_preferences_from_the_plain_form(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let me = app.user("prefs@example.com", "Prefs").await;
        let other = app.user("other@example.com", "Other").await;
        let before = prefs(&app, &me).await;
        // Everything that was on, ticked, except Track activity's in-app; email for it ticked;
        // reminders a week ahead; quiet hours on.
        let mut on: Vec<String> = Vec::new();
        for s in ["track", "collaborators", "deadlines", "projects", "system"] {
            on.push(s.into());
            for (channel, key) in [("in_app", "in_app"), ("email", "email")] {
                let ticked = before[s][key].as_bool().unwrap();
                if (ticked && !(s == "track" && channel == "in_app"))
                    || (s == "track" && channel == "email")
                {
                    on.push(format!("{s}.{channel}"));
                }
            }
            for o in before[s]["options"].as_array().unwrap() {
                on.push(format!("{s}.opt.{}", o[0].as_str().unwrap()));
            }
        }
        on.push("quiet".into());
        let mut fields: Vec<(&str, &str)> = on.iter().map(|n| ("on[]", n.as_str())).collect();
        fields.extend([
            ("reminder_days", "7"),
            ("quiet_start", "23:00"),
            ("quiet_end", "06:30"),
            ("quiet_zone", "Europe/Berlin"),
        ]);
        let res = post_form(
            &app,
            "settings/notifications/save_form",
            Some(&me),
            "/settings/notifications",
            &fields,
        )
        .await;
        assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
        assert!(!location(&res).contains("__err"), "{}", location(&res));
        let after = prefs(&app, &me).await;
        assert_eq!(after["track"]["in_app"], false);
        assert_eq!(after["track"]["email"], true);
        assert_eq!(after["reminder_days"], 7);
        assert_eq!(after["quiet_hours"]["zone"], "Europe/Berlin");
        assert_eq!(after["quiet_hours"]["start"], "23:00");
        assert_eq!(after["system"], before["system"]);
        // Someone else's preferences are untouched.
        assert_eq!(
            prefs(&app, &other).await["reminder_days"],
            before["reminder_days"]
        );

        // A section switched off keeps its channels and options (its boxes were not sent).
        let res = post_form(
            &app,
            "settings/notifications/save_form",
            Some(&me),
            "/settings/notifications",
            &[
                ("on[]", "system"),
                ("on[]", "system.in_app"),
                ("on[]", "system.opt.security"),
                ("on[]", "system.opt.announcements"),
            ],
        )
        .await;
        assert_eq!(res.status, StatusCode::FOUND);
        let off = prefs(&app, &me).await;
        assert_eq!(off["track"]["enabled"], false);
        assert_eq!(off["track"]["email"], true, "kept while off");
        assert!(off["quiet_hours"].is_null());

        // Security alerts are not turned off from the plain form.
        let res = post_form(
            &app,
            "settings/notifications/save_form",
            Some(&me),
            "/settings/notifications",
            &[("on[]", "track")],
        )
        .await;
        assert_eq!(res.status, StatusCode::FOUND);
        let page = back(&app, &res, &me).await;
        assert!(
            alerts(&page.body)
                .iter()
                .any(|a| a.starts_with("Security alerts stay on")),
            "{:?}",
            alerts(&page.body)
        );
        assert_eq!(prefs(&app, &me).await["system"]["enabled"], true);

        // Bad input: a clear 400, nothing stored.
        for bad in [
            vec![("reminder_days", "9")],
            vec![("reminder_days", "soon")],
            vec![
                ("on[]", "system"),
                ("on[]", "system.opt.security"),
                ("on[]", "quiet"),
                ("quiet_start", "25:00"),
            ],
            vec![
                ("on[]", "system"),
                ("on[]", "system.opt.security"),
                ("on[]", "quiet"),
                ("quiet_zone", "Mars/Olympus"),
            ],
            vec![
                ("on[]", "system"),
                ("on[]", "system.opt.security"),
                ("on[]", "deadlines"),
                ("reminder_days", "2"),
            ],
        ] {
            let mut fields = vec![("on[]", "system"), ("on[]", "system.opt.security")];
            fields.extend(bad.iter().cloned());
            let res = app
                .call("settings/notifications/save_form", Some(&me), &fields)
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", res.body);
            assert!(
                !res.body.contains("serde") && !res.body.contains("qs"),
                "{}",
                res.body
            );
        }
        assert_eq!(prefs(&app, &me).await["reminder_days"], 7);
        // Unknown box names are ignored, not stored.
        app.call(
            "settings/notifications/save_form",
            Some(&me),
            &[
                ("on[]", "system"),
                ("on[]", "system.opt.security"),
                ("on[]", "system.opt.<script>"),
            ],
        )
        .await
        .expect_ok();
        assert!(!prefs(&app, &me).await.to_string().contains("script"));
        // Signed out.
        assert_eq!(
            app.call(
                "settings/notifications/save_form",
                None,
                &[("on[]", "system")]
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_interactive_form_sends_every_box_and_confirms_turning_security_alerts_off(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let me = app.user("complete@example.com", "Complete").await;
        let system = [("on[]", "system"), ("on[]", "system.opt.security")];
        // Track activity off: its channels are kept as they were.
        let mut fields = system.to_vec();
        app.call("settings/notifications/save_form", Some(&me), &fields)
            .await
            .expect_ok();
        let off = prefs(&app, &me).await;
        assert_eq!(off["track"]["enabled"], false);
        assert_eq!(off["track"]["in_app"], true);
        // Turned on again from the interactive page (`complete`): its channels are the
        // boxes sent (email, not in-app), although it was off when the page was drawn.
        fields.extend([("on[]", "track"), ("on[]", "track.email"), ("complete", "1")]);
        app.call("settings/notifications/save_form", Some(&me), &fields)
            .await
            .expect_ok();
        let on = prefs(&app, &me).await;
        assert_eq!(on["track"]["enabled"], true);
        assert_eq!(on["track"]["in_app"], false);
        assert_eq!(on["track"]["email"], true);
        // Security alerts off: refused unless confirmed, whatever else is sent.
        for refused in [vec![("on[]", "system")], vec![("on[]", "system"), ("confirm_security_off", "yes")]] {
            let res = app.call("settings/notifications/save_form", Some(&me), &refused).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
            assert!(res.body.contains("Security alerts stay on"), "{}", res.body);
        }
        assert!(prefs(&app, &me).await["system"]["options"].to_string().contains("[\"security\",true]"));
        app.call(
            "settings/notifications/save_form",
            Some(&me),
            &[("on[]", "system"), ("confirm_security_off", "1")],
        )
        .await
        .expect_ok();
        let confirmed = prefs(&app, &me).await;
        assert!(confirmed["system"]["options"].to_string().contains("[\"security\",false]"), "{confirmed}");
    }
}

producer_dashboard::platform::testdb::db_test! {
    /// A page's data loads even while another router is being built in the same process
    /// (as the tests do, side by side): building one never holds back another's pages.
    async fn pages_render_while_other_routers_are_built(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "Kick is late").await;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let builder = {
            let (state, stop) = (app.state.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    drop(producer_dashboard::server::router::build(state.clone()));
                }
            })
        };
        for round in 0..60 {
            let page = tokio::time::timeout(
                Duration::from_secs(20),
                app.get("/activity", Some(&t.viewer)),
            )
            .await;
            let Ok(page) = page else {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                panic!("round {round}: the page never finished");
            };
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.body.contains("Kick is late"), "round {round}");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        builder.join().unwrap();
    }
}
