//! Notification preferences through the real router: saved, validated, pushed to other
//! tabs, and obeyed by the pipeline from the next event.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

async fn prefs(app: &TestApp, cookie: &str) -> serde_json::Value {
    let res = app.call("settings/notifications", Some(cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

async fn save(app: &TestApp, cookie: &str, prefs: &serde_json::Value) -> Res {
    app.call_json(
        "settings/notifications/save",
        Some(cookie),
        &serde_json::json!({ "prefs": prefs }),
    )
    .await
}

fn set_option(prefs: &mut serde_json::Value, group: &str, key: &str, on: bool) {
    for o in prefs[group]["options"].as_array_mut().unwrap() {
        if o[0] == key {
            o[1] = on.into();
        }
    }
}

async fn comment(app: &TestApp, cookie: &str, track: i64, body: &str) {
    let res = app
        .call(
            "tracks/comment",
            Some(cookie),
            &[("track_id", &track.to_string()), ("body", body)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

async fn stage(app: &TestApp, cookie: &str, track: i64, stage: &str) {
    let res = app
        .call(
            "tracks/stage",
            Some(cookie),
            &[("track_id", &track.to_string()), ("stage", stage)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

fn kinds(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

producer_dashboard::platform::testdb::db_test! {
    async fn saved_preferences_decide_the_very_next_event(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let mut p = prefs(&app, &t.owner).await;
        assert_eq!(p["track"]["enabled"], true);
        assert_eq!(p["reminder_days"], 3);

        // Comments off: a comment does not reach the owner, a stage change does.
        set_option(&mut p, "track", "comments", false);
        let res = save(&app, &t.owner, &p).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        comment(&app, &t.editor, t.track, "first take").await;
        stage(&app, &t.editor, t.track, "editing").await;
        assert_eq!(kinds(&feed(&app, &t.owner).await), ["stage_changed"]);
        // The viewer kept the defaults and got both.
        assert_eq!(feed(&app, &t.viewer).await.len(), 2);

        // The main switch off silences the whole category; back on, the options it kept hold.
        p["track"]["enabled"] = false.into();
        save(&app, &t.owner, &p).await.expect_ok();
        stage(&app, &t.editor, t.track, "ready").await;
        assert_eq!(feed(&app, &t.owner).await.len(), 1);
        p["track"]["enabled"] = true.into();
        let res = save(&app, &t.owner, &p).await;
        assert_eq!(
            res.json()["track"]["options"][0],
            serde_json::json!(["comments", false])
        );
        comment(&app, &t.editor, t.track, "second take").await;
        stage(&app, &t.editor, t.track, "editing").await;
        // Two stage changes in a row on one track: one row of the feed, holding both.
        let items = feed(&app, &t.owner).await;
        assert_eq!(kinds(&items), ["stage_changed"]);
        assert_eq!(items[0]["group"]["size"], 2);

        // The in-app channel off for a category: nothing in the app for it.
        p["collaborators"]["in_app"] = false.into();
        save(&app, &t.owner, &p).await.expect_ok();
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.viewer),
                &[("track_id", &t.track.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(
            feed(&app, &t.owner).await.len(),
            1,
            "still the stage changes only"
        );

        // Saved preferences come back as saved.
        assert_eq!(prefs(&app, &t.owner).await, p);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn saving_reaches_every_open_tab_and_bad_input_is_refused(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let (status, mut body) = stream(&app, Some(&t.owner), None).await;
        assert_eq!(status, StatusCode::OK);
        read_until(&mut body, "event: badges").await;
        let mut p = prefs(&app, &t.owner).await;
        p["reminder_days"] = 7.into();
        assert_eq!(save(&app, &t.owner, &p).await.status, StatusCode::OK);
        let text = read_until(&mut body, "\"reminder_days\":7").await;
        assert!(text.contains("event: change"), "{text}");
        assert!(text.contains("Preferences"), "{text}");

        let mut bad = p.clone();
        bad["reminder_days"] = 5.into();
        let res = save(&app, &t.owner, &bad).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert_eq!(
            res.json()["Invalid"],
            "Choose a reminder 1, 3 or 7 days before the due date."
        );
        let mut bad = p.clone();
        bad["track"]["options"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(["everything", true]));
        assert_eq!(
            save(&app, &t.owner, &bad).await.status,
            StatusCode::BAD_REQUEST
        );
        let res = app
            .call_json(
                "settings/notifications/save",
                Some(&t.owner),
                &serde_json::json!({ "prefs": { "track": "loud" } }),
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert!(!res.body.contains("serde"), "no internals: {}", res.body);
        assert_eq!(
            save(&app, "pd_session=nobody", &p).await.status,
            StatusCode::UNAUTHORIZED
        );
        // Nothing bad was stored.
        assert_eq!(prefs(&app, &t.owner).await["reminder_days"], 7);
        // Another user's preferences are untouched.
        assert_eq!(prefs(&app, &t.editor).await["reminder_days"], 3);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn system_options_gate_security_alerts_and_announcements(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("sol@example.com", "Sol").await;
        let mut p = prefs(&app, &cookie).await;
        set_option(&mut p, "system", "security", false);
        save(&app, &cookie, &p).await.expect_ok();
        let res = app
            .call(
                "auth/sign_in",
                None,
                &[("email", "sol@example.com"), ("password", "password123")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(feed(&app, &cookie).await.is_empty());
        set_option(&mut p, "system", "security", true);
        save(&app, &cookie, &p).await.expect_ok();
        app.call(
            "auth/sign_in",
            None,
            &[("email", "sol@example.com"), ("password", "password123")],
        )
        .await
        .expect_ok();
        assert_eq!(kinds(&feed(&app, &cookie).await), ["new_sign_in"]);
    }
}

async fn outbox(app: &TestApp, to: &str) -> Vec<(String, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT subject, body, notification_id FROM email_outbox
         WHERE to_address = $1 AND subject <> 'Verify your email address' ORDER BY id",
    )
    .bind(to)
    .fetch_all(&app.state.pool)
    .await
    .unwrap()
}

async fn verify(app: &TestApp, user_id: i64) {
    sqlx::query("UPDATE users SET email_verified_at = 1 WHERE id = $1")
        .bind(user_id)
        .execute(&app.state.pool)
        .await
        .unwrap();
}

producer_dashboard::platform::testdb::db_test! {
    async fn email_follows_the_channels_and_only_reaches_verified_addresses(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let invite = |email: &'static str| {
            let (app, owner, track) = (&app, t.owner.clone(), t.track.to_string());
            async move {
                app.call(
                    "invitations/create",
                    Some(&owner),
                    &[
                        ("track_id", &track),
                        ("email", email),
                        ("permission", "edit"),
                    ],
                )
                .await
            }
        };
        // Nobody here has verified an address yet.
        sqlx::query("UPDATE users SET email_verified_at = NULL")
            .execute(&app.state.pool)
            .await
            .unwrap();
        // An invitation to an address no account has verified: no notification to anyone
        // (the account that registered it first has no claim), one email to the address,
        // telling its owner how to answer.
        assert_eq!(invite("stranger@example.com").await.status, StatusCode::OK);
        assert!(feed(&app, &t.stranger).await.is_empty());
        let mails = outbox(&app, "stranger@example.com").await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].0, "Olive Owner invited you to Song <b>One</b>");
        assert!(mails[0].1.contains("{app}/signup"), "{}", mails[0].1);
        assert_eq!(mails[0].2, None);

        // Verified, defaults: collaborator updates come by email, with a link to the track.
        verify(&app, app.user_id("editor@example.com").await).await;
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.viewer),
                &[("track_id", &t.track.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        verify(&app, app.user_id("owner@example.com").await).await;
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.editor),
                &[("track_id", &t.track.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let mails = outbox(&app, "owner@example.com").await;
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].0, "Eddie Editor left Song <b>One</b>");
        assert!(mails[0]
            .1
            .contains(&format!("{{app}}/tracks/{}?widget=collaborators", t.track)));
        assert_eq!(
            mails[0].2,
            Some(feed(&app, &t.owner).await[0]["id"].as_i64().unwrap())
        );

        // Track activity is in-app only by default; with its email channel on, it is emailed.
        app.add_member(t.track, "editor@example.com", "edit").await;
        comment(&app, &t.editor, t.track, "quiet").await;
        assert_eq!(outbox(&app, "owner@example.com").await.len(), 1);
        let mut p = prefs(&app, &t.owner).await;
        p["track"]["email"] = true.into();
        save(&app, &t.owner, &p).await.expect_ok();
        comment(&app, &t.editor, t.track, "loud").await;
        let mails = outbox(&app, "owner@example.com").await;
        assert_eq!(mails.len(), 2);
        assert!(
            mails[1].1.starts_with("Eddie Editor: loud"),
            "{}",
            mails[1].1
        );

        // A category switched off sends nothing by any channel.
        p["track"]["enabled"] = false.into();
        save(&app, &t.owner, &p).await.expect_ok();
        comment(&app, &t.editor, t.track, "silence").await;
        assert_eq!(outbox(&app, "owner@example.com").await.len(), 2);
    }
}

async fn notices(app: &TestApp, email: &str, kind: &str) -> Vec<(String, String)> {
    let uid = app.user_id(email).await;
    sqlx::query_as(
        "SELECT title, priority FROM notifications WHERE recipient_id = $1 AND kind = $2 ORDER BY id",
    )
    .bind(uid)
    .bind(kind)
    .fetch_all(&app.state.pool)
    .await
    .unwrap()
}

producer_dashboard::platform::testdb::db_test! {
    async fn due_date_reminders_arrive_once_at_each_threshold(pool: DbPool) {
        const DAY: i64 = 24 * 3600 * 1000;
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        // Each person chooses how early: the owner keeps 3 days, the editor 7, the viewer 1.
        for (cookie, days) in [(&t.editor, 7), (&t.viewer, 1)] {
            let mut p = prefs(&app, cookie).await;
            p["reminder_days"] = days.into();
            assert_eq!(save(&app, cookie, &p).await.status, StatusCode::OK);
        }
        let set_due = |offset: i64| {
            let date = (app.state.clock.today() + chrono::Duration::days(offset))
                .format("%Y-%m-%d")
                .to_string();
            let (app, owner, track) = (&app, t.owner.clone(), t.track.to_string());
            async move {
                let res = app
                    .call(
                        "tracks/due_date",
                        Some(&owner),
                        &[("track_id", &track), ("due_date", &date)],
                    )
                    .await;
                assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            }
        };
        let tick = || async {
            // Twice every time: a second run (or a second instance) adds nothing.
            producer_dashboard::server::tasks::tick(&app.state)
                .await
                .unwrap();
            producer_dashboard::server::tasks::tick(&app.state)
                .await
                .unwrap();
        };
        let count = |email: &'static str, kind: &'static str| {
            let app = &app;
            async move { notices(app, email, kind).await.len() }
        };
        set_due(5).await;
        tick().await;
        assert_eq!(count("editor@example.com", "due_soon").await, 1);
        assert_eq!(count("owner@example.com", "due_soon").await, 0);
        assert_eq!(count("viewer@example.com", "due_soon").await, 0);

        app.state.clock.advance(2 * DAY); // due in 3 days
        tick().await;
        let owner = notices(&app, "owner@example.com", "due_soon").await;
        assert_eq!(
            owner,
            [(
                "Song <b>One</b> is due in 3 days".to_string(),
                "normal".to_string()
            )]
        );
        assert_eq!(count("editor@example.com", "due_soon").await, 1);
        assert_eq!(count("viewer@example.com", "due_soon").await, 0);

        app.state.clock.advance(2 * DAY); // due tomorrow
        tick().await;
        let viewer = notices(&app, "viewer@example.com", "due_soon").await;
        assert_eq!(viewer[0].0, "Song <b>One</b> is due tomorrow");
        app.state.clock.advance(DAY); // due today: everyone was reminded already
        tick().await;
        for who in [
            "owner@example.com",
            "editor@example.com",
            "viewer@example.com",
        ] {
            assert_eq!(count(who, "due_soon").await, 1, "{who}");
            assert_eq!(count(who, "due_passed").await, 0, "{who}");
        }

        app.state.clock.advance(DAY); // the day after: the date has passed
        tick().await;
        for who in [
            "owner@example.com",
            "editor@example.com",
            "viewer@example.com",
        ] {
            let passed = notices(&app, who, "due_passed").await;
            assert_eq!(passed.len(), 1, "{who}");
            assert_eq!(passed[0].1, "high");
            assert_eq!(count(who, "overdue").await, 0, "{who}");
        }
        app.state.clock.advance(DAY); // overdue, once a day
        tick().await;
        app.state.clock.advance(3600 * 1000);
        tick().await;
        assert_eq!(count("owner@example.com", "overdue").await, 1);
        app.state.clock.advance(DAY);
        tick().await;
        assert_eq!(count("owner@example.com", "overdue").await, 2);
        assert_eq!(
            notices(&app, "owner@example.com", "overdue").await[1].0,
            "Song <b>One</b> is overdue"
        );

        // A new due date re-arms the reminders.
        set_due(1).await;
        tick().await;
        assert_eq!(count("owner@example.com", "due_soon").await, 2);
        assert_eq!(count("editor@example.com", "due_soon").await, 2);
        assert_eq!(count("viewer@example.com", "due_soon").await, 2);

        // Published: nothing more, however late it gets.
        let res = app
            .call(
                "tracks/stage",
                Some(&t.owner),
                &[("track_id", &t.track.to_string()), ("stage", "published")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        app.state.clock.advance(5 * DAY);
        tick().await;
        assert_eq!(count("owner@example.com", "due_passed").await, 1);
        assert_eq!(count("owner@example.com", "overdue").await, 2);

        // Cleared date on an unfinished track: nothing either.
        let res = app
            .call(
                "tracks/stage",
                Some(&t.owner),
                &[("track_id", &t.track.to_string()), ("stage", "editing")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let res = app
            .call(
                "tracks/due_date",
                Some(&t.owner),
                &[("track_id", &t.track.to_string()), ("due_date", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        app.state.clock.advance(DAY);
        tick().await;
        assert_eq!(count("owner@example.com", "overdue").await, 2);

        // Deadline reminders switched off in preferences: recorded, never shown. (Sixteen
        // days on, the editor's unused session has ended: they sign in again.)
        let editor = app.sign_in("editor@example.com").await;
        let mut p = prefs(&app, &editor).await;
        p["deadlines"]["enabled"] = false.into();
        save(&app, &editor, &p).await.expect_ok();
        set_due(2).await;
        tick().await;
        assert_eq!(
            count("editor@example.com", "due_soon").await,
            2,
            "as before"
        );
        assert_eq!(count("owner@example.com", "due_soon").await, 3);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_theme_is_remembered_and_rendered_by_the_server(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let cookie = app.user("tia@example.com", "Tia").await;
        let res = app
            .call("settings/theme", Some(&cookie), &[("theme", "neon")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let page = app.get("/", Some(&cookie)).await;
        assert!(
            page.body.contains("data-theme=\"light\""),
            "light by default"
        );
        let res = app
            .call("settings/theme", Some(&cookie), &[("theme", "dark")])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.json()["theme"], "dark");
        let page = app.get("/", Some(&cookie)).await;
        assert!(
            page.body.contains("data-theme=\"dark\""),
            "the first load is already dark"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_avatar_is_uploaded_served_and_removed(pool: DbPool) {
        const PNG: &[u8] = &[
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
        ];
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let owner_id = app.user_id("owner@example.com").await;
        let res = app
            .call_multipart(
                "settings/avatar",
                &t.owner,
                &[],
                Some(("avatar", "me.txt", b"hello")),
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let res = app
            .call_multipart(
                "settings/avatar",
                &t.owner,
                &[],
                Some(("avatar", "me.png", PNG)),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.json()["avatar_version"].is_i64());
        let url = format!("/media/avatars/{owner_id}");
        let res = app.get(&url, Some(&t.stranger)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.headers["content-type"], "image/png");
        assert_eq!(res.bytes, PNG);
        assert_eq!(app.get(&url, None).await.status, StatusCode::UNAUTHORIZED);
        // Collaborators hear of it.
        assert_eq!(
            feed(&app, &t.editor).await[0]["title"],
            "Olive Owner updated their avatar"
        );
        let res = app
            .call_multipart("settings/avatar", &t.owner, &[("clear", "1")], None)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.json()["avatar_version"].is_null());
        assert_eq!(
            app.get(&url, Some(&t.owner)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}
