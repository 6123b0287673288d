//! Email digests through the real router: choosing them (and bad choices), what waits,
//! Send my digest now, and the unsubscribe link, for everyone who may or may not.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

async fn outbox(app: &TestApp, email: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, body FROM email_outbox WHERE to_address = $1 ORDER BY id")
        .bind(email)
        .fetch_all(&app.state.pool)
        .await
        .unwrap()
}

async fn waiting(app: &TestApp, cookie: Option<&str>) -> Res {
    app.call("settings/notifications/digest", cookie, &[]).await
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_hourly_digest_is_chosen_sent_now_and_unsubscribed_by_its_link(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        // The viewer asks for track activity by email, as an hourly digest.
        let mut prefs = app.call("settings/notifications", Some(&t.viewer), &[]).await.json();
        prefs["track"]["email"] = true.into();
        prefs["track"]["email_when"] = "hourly".into();
        prefs["digest"] = serde_json::json!({ "hour": 7, "zone": "Europe/Berlin" });
        let res = app
            .call_json("settings/notifications/save", Some(&t.viewer), &serde_json::json!({ "prefs": prefs }))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        let before = outbox(&app, "viewer@example.com").await.len();
        comment(&app, &t.editor, t.track, "first <i>take</i>").await;
        comment(&app, &t.editor, t.track, "second").await;
        stage(&app, &t.editor, t.track, "ready").await;
        // Nothing went at once; three wait (each person sees only their own count).
        assert_eq!(outbox(&app, "viewer@example.com").await.len(), before);
        assert_eq!(waiting(&app, Some(&t.viewer)).await.json(), 3);
        assert_eq!(waiting(&app, Some(&t.stranger)).await.json(), 0);
        assert_eq!(waiting(&app, None).await.status, StatusCode::UNAUTHORIZED);

        // Send my digest now: signed out 401; someone with nothing waiting is told so.
        let res = app.call("settings/notifications/digest/send", None, &[]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        for who in [&t.owner, &t.stranger] {
            let res = app.call("settings/notifications/digest/send", Some(who), &[]).await;
            assert_eq!(res.json(), "Nothing waits for your digest.");
        }
        let res = app.call("settings/notifications/digest/send", Some(&t.viewer), &[]).await;
        assert_eq!(res.json(), "Your digest is on its way.", "{}", res.body);
        assert_eq!(waiting(&app, Some(&t.viewer)).await.json(), 0);
        let mails = outbox(&app, "viewer@example.com").await;
        assert_eq!(mails.len(), before + 1);
        let (subject, body) = &mails[before];
        assert_eq!(subject, "Your hourly digest: 3 updates on Song <b>One</b>");
        assert!(
            body.contains("Song <b>One</b>: 2 comments from Eddie Editor, stage → Ready to Post\n"),
            "{body}"
        );
        let token = body.split("token=").nth(1).unwrap().split('\n').next().unwrap().to_string();

        // The unsubscribe page shows a form; only posting it unsubscribes.
        let page = app.get(&format!("/digest/unsubscribe?token={token}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Unsubscribe from digest emails"));
        let prefs = app.call("settings/notifications", Some(&t.viewer), &[]).await.json();
        assert_eq!(prefs["track"]["email_when"], "hourly");
        // A token that is not one: 404, nothing changes; the real one works signed out.
        for bad in ["", "nope", &"f".repeat(64), &"x".repeat(5000)] {
            let res = app.call("digest/unsubscribe", None, &[("token", bad)]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{bad}");
        }
        let res = app.call("digest/unsubscribe", None, &[("token", &token)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let prefs = app.call("settings/notifications", Some(&t.viewer), &[]).await.json();
        assert_eq!(prefs["track"]["email"], false);
        assert_eq!(prefs["track"]["email_when"], "immediately");
        // From now on no track email reaches the viewer, now or later.
        comment(&app, &t.editor, t.track, "third").await;
        assert_eq!(waiting(&app, Some(&t.viewer)).await.json(), 0);
        assert_eq!(outbox(&app, "viewer@example.com").await.len(), before + 1);
        // A page with markup in its token shows it as text.
        let page = app.get("/digest/unsubscribe?token=%3Cscript%3Ealert(1)%3C/script%3E", None).await;
        assert!(!page.body.contains("<script>alert(1)"));
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn bad_digest_choices_are_refused_and_change_nothing(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let me = app.verified_user("me@example.com", "Me").await;
        let before = app.call("settings/notifications", Some(&me), &[]).await.json();
        let form = |extra: &[(&'static str, &'static str)]| {
            let mut f = vec![("on[]", "track"), ("on[]", "track.email"), ("confirm_security_off", "1")];
            f.extend_from_slice(extra);
            f
        };
        for (fields, says) in [
            (form(&[("when[]", "track:weekly")]), "Choose Immediately, Hourly digest or Daily digest for each category's email."),
            (form(&[("digest_hour", "24")]), "Choose the hour of your daily digest, from 0 to 23."),
            (form(&[("digest_hour", "-1")]), "Choose the hour of your daily digest, from 0 to 23."),
            (form(&[("digest_hour", "seven")]), "Choose the hour of your daily digest, from 0 to 23."),
            (form(&[("digest_zone", "Mars/Olympus")]), "Choose the time zone of your daily digest from the list."),
        ] {
            let res = app.call("settings/notifications/save_form", Some(&me), &fields).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{fields:?}");
            assert!(res.body.contains(says), "{}", res.body);
        }
        // The same through JSON.
        for (key, value) in [
            ("hour", serde_json::json!(30)),
            ("zone", serde_json::json!("Nowhere/Land")),
        ] {
            let mut prefs = before.clone();
            prefs["digest"][key] = value;
            let res = app
                .call_json("settings/notifications/save", Some(&me), &serde_json::json!({ "prefs": prefs }))
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{key}");
        }
        let mut prefs = before.clone();
        prefs["projects"]["email_when"] = "fortnightly".into();
        let res = app
            .call_json("settings/notifications/save", Some(&me), &serde_json::json!({ "prefs": prefs }))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.call("settings/notifications", Some(&me), &[]).await.json(), before);
        // A good one, without JavaScript: a daily digest at 18:00 in Tokyo.
        let res = app
            .call(
                "settings/notifications/save_form",
                Some(&me),
                &form(&[("when[]", "track:daily"), ("digest_hour", "18"), ("digest_zone", "Asia/Tokyo")]),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let after = app.call("settings/notifications", Some(&me), &[]).await.json();
        assert_eq!(after["track"]["email_when"], "daily");
        assert_eq!(after["digest"], serde_json::json!({ "hour": 18, "zone": "Asia/Tokyo" }));
        // Signed out: 401.
        let res = app.call("settings/notifications/save_form", None, &form(&[("digest_hour", "5")])).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
}
