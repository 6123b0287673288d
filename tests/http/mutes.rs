//! Muting a track through the real router: who may, what it holds back (in the app and
//! by email), what still comes, unmuting, and bad input.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// Turns track activity email on for the holder of `cookie`.
async fn email_track_activity(app: &TestApp, cookie: &str) {
    let mut prefs = app
        .call("settings/notifications", Some(cookie), &[])
        .await
        .json();
    prefs["track"]["email"] = true.into();
    app.call_json(
        "settings/notifications/save",
        Some(cookie),
        &serde_json::json!({ "prefs": prefs }),
    )
    .await
    .expect_ok();
}

async fn emails_to(app: &TestApp, to: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM email_outbox WHERE to_address = $1")
        .bind(to)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

async fn muted_titles(app: &TestApp, cookie: &str) -> Vec<String> {
    let res = app
        .call("settings/notifications/muted", Some(cookie), &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_muted_track_notifies_nothing_until_unmuted(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        email_track_activity(&app, &t.viewer).await;
        // (Its address was verified by email before.)
        let before = emails_to(&app, "viewer@example.com").await;
        app.call("tracks/mute", Some(&t.viewer), &[("track_id", &id)])
            .await
            .expect_ok();
        // Muting again changes nothing.
        app.call("tracks/mute", Some(&t.viewer), &[("track_id", &id)])
            .await
            .expect_ok();
        assert_eq!(muted_titles(&app, &t.viewer).await, vec!["Song <b>One</b>".to_string()]);
        let page = app.get(&format!("/tracks/{id}"), Some(&t.viewer)).await;
        assert!(page.body.contains(">Muted<"), "the page says so");
        assert!(page.body.contains(">Unmute<"));

        comment(&app, &t.editor, t.track, "quiet please").await;
        app.call("tracks/stage", Some(&t.editor), &[("track_id", &id), ("stage", "ready")])
            .await
            .expect_ok();
        assert!(feed(&app, &t.viewer).await.is_empty(), "nothing for the one who muted");
        assert_eq!(unread(&app, &t.viewer).await, 0);
        assert_eq!(emails_to(&app, "viewer@example.com").await, before, "nor by email");
        assert_eq!(feed(&app, &t.owner).await.len(), 2, "everyone else as before");

        // Unmuted: the next event comes again; a second unmute says it is not muted.
        app.call("tracks/unmute", Some(&t.viewer), &[("track_id", &id)])
            .await
            .expect_ok();
        let res = app.call("tracks/unmute", Some(&t.viewer), &[("track_id", &id)]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(res.body.contains("This track is not muted."), "{}", res.body);
        assert!(muted_titles(&app, &t.viewer).await.is_empty());
        comment(&app, &t.editor, t.track, "back again").await;
        let items = feed(&app, &t.viewer).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["message"], "Eddie Editor: back again");
        assert_eq!(emails_to(&app, "viewer@example.com").await, before + 1);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn what_muting_leaves_alone_still_comes(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        app.call("tracks/mute", Some(&t.owner), &[("track_id", &id)])
            .await
            .expect_ok();
        // A collaborator accepting an invitation (collaborator updates) still reaches the
        // owner; so does an invitation to the muted track for the one invited.
        let guest = app.verified_user("guest@example.com", "Gus Guest").await;
        app.call("tracks/mute", Some(&t.editor), &[("track_id", &id)])
            .await
            .expect_ok();
        app.call(
            "invitations/create",
            Some(&t.owner),
            &[("track_id", &id), ("email", "guest@example.com"), ("permission", "view")],
        )
        .await
        .expect_ok();
        let items = feed(&app, &guest).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["kind"], "invitation_received");
        let invite = items[0]["invitation_id"].to_string();
        app.call("invitations/accept", Some(&guest), &[("id", &invite)])
            .await
            .expect_ok();
        let owner_kinds: Vec<String> = feed(&app, &t.owner)
            .await
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(owner_kinds, vec!["invitation_accepted".to_string()]);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn who_may_mute_and_bad_input(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        for who in [&t.owner, &t.editor, &t.viewer] {
            app.call("tracks/mute", Some(who), &[("track_id", &id)])
                .await
                .expect_ok();
            assert_eq!(muted_titles(&app, who).await.len(), 1);
        }
        let res = app.call("tracks/mute", Some(&t.stranger), &[("track_id", &id)]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let res = app.call("tracks/unmute", Some(&t.stranger), &[("track_id", &id)]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        assert!(muted_titles(&app, &t.stranger).await.is_empty());
        for path in ["tracks/mute", "tracks/unmute"] {
            let res = app.call(path, None, &[("track_id", &id)]).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
            for bad in ["abc", "", "99999999999999999999", "-1"] {
                let res = app.call(path, Some(&t.viewer), &[("track_id", bad)]).await;
                assert!(
                    res.status == StatusCode::BAD_REQUEST || res.status == StatusCode::NOT_FOUND,
                    "{path} {bad}: {} {}",
                    res.status,
                    res.body
                );
            }
            let res = app.call(path, Some(&t.viewer), &[("track_id", "424242")]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
        let res = app.call("settings/notifications/muted", None, &[]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        // The stranger's attempts changed nothing for anyone.
        for who in [&t.owner, &t.editor, &t.viewer] {
            assert_eq!(muted_titles(&app, who).await.len(), 1);
        }
    }
}
