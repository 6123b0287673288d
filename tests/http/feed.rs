//! The notification pipeline, feed actions and the event stream through the real router.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// Creates a project owned by `owner` with one track in it; returns (project id, track id).
async fn project_with_track(
    app: &TestApp,
    owner: &str,
    project: &str,
    track: &str,
) -> (String, i64) {
    let created = app
        .call("projects/create", Some(owner), &[("name", project)])
        .await
        .json();
    let pid = created["id"].as_i64().unwrap().to_string();
    let res = app
        .call_multipart(
            "tracks/create",
            owner,
            &[("title", track), ("project_id", &pid)],
            None,
        )
        .await;
    (pid, res.body.trim().parse().unwrap())
}

producer_dashboard::platform::testdb::db_test! {
    async fn track_activity_reaches_everyone_on_the_track_but_the_actor(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        let res = app
            .call(
                "tracks/comment",
                Some(&t.editor),
                &[("track_id", &id), ("body", "Love   the\nbridge")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        for who in [&t.owner, &t.viewer] {
            let items = feed(&app, who).await;
            assert_eq!(items.len(), 1);
            assert_eq!(items[0]["title"], "New comment on Song <b>One</b>");
            assert_eq!(items[0]["message"], "Eddie Editor: Love the bridge");
            assert_eq!(items[0]["category"], "Workflow");
            assert_eq!(items[0]["widget"], "comments");
            assert_eq!(items[0]["track_id"], t.track);
            assert_eq!(items[0]["read"], false);
            assert_eq!(unread(&app, who).await, 1);
        }
        assert!(feed(&app, &t.editor).await.is_empty(), "never the actor");
        assert!(feed(&app, &t.stranger).await.is_empty());

        let res = app
            .call(
                "tracks/stage",
                Some(&t.owner),
                &[("track_id", &id), ("stage", "ready")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let items = feed(&app, &t.editor).await;
        assert_eq!(items[0]["title"], "Song <b>One</b> moved to Ready to Post");
        assert_eq!(
            items[0]["message"],
            "Olive Owner moved Song <b>One</b> from Idea to Ready to Post."
        );
        assert_eq!(items[0]["widget"], "stage");
        // The same stage again changes nothing and tells nobody.
        app.call(
            "tracks/stage",
            Some(&t.owner),
            &[("track_id", &id), ("stage", "ready")],
        )
        .await
        .expect_ok();
        assert_eq!(feed(&app, &t.editor).await.len(), 1);
        app.call(
            "tracks/stage",
            Some(&t.editor),
            &[("track_id", &id), ("stage", "published")],
        )
        .await
        .expect_ok();
        let items = feed(&app, &t.owner).await;
        assert_eq!(items[0]["kind"], "track_published");
        assert_eq!(items[0]["title"], "Song <b>One</b> is published");

        let meta = [
            ("track_id", id.as_str()),
            ("title", "Song <b>One</b>"),
            ("bpm", "120"),
            ("musical_key", "Am"),
            ("genre", ""),
            ("description", ""),
        ];
        app.call("tracks/metadata", Some(&t.editor), &meta)
            .await
            .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await[0]["kind"], "metadata_updated");
        assert_eq!(unread(&app, &t.viewer).await, 4);
        assert_eq!(
            unread(&app, &t.editor).await,
            1,
            "only the owner's stage change"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_invitation_reaches_the_invitee_only(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let res = app
            .call(
                "invitations/create",
                Some(&t.owner),
                &[
                    ("track_id", &t.track.to_string()),
                    ("email", "stranger@example.com"),
                    ("permission", "edit"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let items = feed(&app, &t.stranger).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["category"], "Collaboration");
        assert_eq!(
            items[0]["title"],
            "Olive Owner invited you to Song <b>One</b>"
        );
        assert_eq!(items[0]["message"], "Join as a collaborator (can edit).");
        assert_eq!(items[0]["invitation_id"], res.json()["id"]);
        assert!(feed(&app, &t.editor).await.is_empty());
        assert!(feed(&app, &t.owner).await.is_empty());
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn read_and_dismiss_touch_only_my_notifications(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        for body in ["one", "two", "three"] {
            app.call(
                "tracks/comment",
                Some(&t.editor),
                &[("track_id", &id), ("body", body)],
            )
            .await
            .expect_ok();
        }
        // Three comments in a row on one track: one row, one unread on the badge.
        let items = feed(&app, &t.owner).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["group"]["size"], 3);
        assert_eq!(
            items[0]["group"]["title"],
            "Eddie Editor left 3 comments on Song <b>One</b>"
        );
        let ids: Vec<String> = group_items(&app, &t.owner, &items[0]["group"]["id"])
            .await
            .iter()
            .map(|n| n["id"].as_i64().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(unread(&app, &t.owner).await, 1);

        // Someone else's, a missing one: 404, nothing changes.
        for (who, nid) in [(&t.stranger, ids[0].as_str()), (&t.owner, "999999")] {
            for path in ["notifications/read", "notifications/dismiss"] {
                let res = app.call(path, Some(who), &[("id", nid)]).await;
                assert_eq!(
                    res.status,
                    StatusCode::NOT_FOUND,
                    "{path} {nid}: {}",
                    res.body
                );
            }
        }
        assert_eq!(unread(&app, &t.owner).await, 1);
        assert_eq!(unread(&app, &t.viewer).await, 1);
        // Someone else's group: not found, for reading, dismissing and opening.
        let group = items[0]["group"]["id"].to_string();
        for path in ["notifications/read_group", "notifications/dismiss_group"] {
            let res = app
                .call(path, Some(&t.stranger), &[("group", &group)])
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.body);
        }
        assert!(group_items(&app, &t.stranger, &items[0]["group"]["id"])
            .await
            .is_empty());

        assert_eq!(
            app.call("notifications/read", Some(&t.owner), &[("id", &ids[0])])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.call("notifications/read", Some(&t.owner), &[("id", &ids[0])])
                .await
                .status,
            StatusCode::OK
        );
        let row = |items: Vec<serde_json::Value>| items[0]["group"].clone();
        assert_eq!(
            row(feed(&app, &t.owner).await)["unread"],
            2,
            "reading twice counts once"
        );
        assert_eq!(
            unread(&app, &t.owner).await,
            1,
            "the group still has unread ones"
        );
        assert_eq!(
            app.call("notifications/dismiss", Some(&t.owner), &[("id", &ids[1])])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(unread(&app, &t.owner).await, 1);
        let group = row(feed(&app, &t.owner).await);
        assert_eq!(group["size"], 2, "a dismissed one leaves the group");
        assert_eq!(group["unread"], 1);
        for path in ["notifications/read", "notifications/dismiss"] {
            assert_eq!(
                app.call(path, Some(&t.owner), &[("id", &ids[1])])
                    .await
                    .status,
                StatusCode::NOT_FOUND,
                "{path} on a dismissed one"
            );
        }
        assert_eq!(
            app.call("notifications/read_all", Some(&t.owner), &[])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(unread(&app, &t.owner).await, 0);
        assert!(feed(&app, &t.owner).await.iter().all(|n| n["read"] == true));
        assert_eq!(
            row(feed(&app, &t.viewer).await)["unread"],
            3,
            "the viewer's are untouched"
        );
        assert_eq!(
            app.call("notifications/read", None, &[("id", &ids[2])])
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_stream_replays_exactly_what_was_missed_and_then_goes_live(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let (status, _) = stream(&app, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = stream(&app, Some(&t.owner), Some("yesterday")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let id = t.track.to_string();
        for body in ["a", "b", "c", "d"] {
            app.call(
                "tracks/comment",
                Some(&t.editor),
                &[("track_id", &id), ("body", body)],
            )
            .await
            .expect_ok();
        }
        let rows = feed(&app, &t.owner).await;
        let mut all: Vec<i64> = group_items(&app, &t.owner, &rows[0]["group"]["id"])
            .await
            .iter()
            .map(|n| n["id"].as_i64().unwrap())
            .collect();
        all.sort();
        assert_eq!(all.len(), 4);
        // Reconnect after the second: exactly the third and fourth, oldest first, then badges.
        let (status, mut body) = stream(&app, Some(&t.owner), Some(&all[1].to_string())).await;
        assert_eq!(status, StatusCode::OK);
        let text = read_until(&mut body, "event: badges").await;
        assert_eq!(ids_in(&text), vec![all[2], all[3]], "{text}");
        // Each carries its group as it stands: four comments, one unread group.
        assert!(text.contains(r#""size":4"#), "{text}");
        assert!(text.contains(r#""unread":1"#), "{text}");

        // Live: a new comment arrives on the open stream, once.
        app.call(
            "tracks/comment",
            Some(&t.editor),
            &[("track_id", &id), ("body", "live one")],
        )
        .await
        .expect_ok();
        let text = read_until(&mut body, "event: badges").await;
        let live = ids_in(&text);
        assert_eq!(live.len(), 1, "{text}");
        assert!(live[0] > all[3]);
        assert!(text.contains("live one"));

        // Reading in another tab is pushed as a change with the new badge count.
        app.call(
            "notifications/read",
            Some(&t.owner),
            &[("id", &live[0].to_string())],
        )
        .await
        .expect_ok();
        let text = read_until(&mut body, "event: badges").await;
        assert!(
            text.contains("event: change") && text.contains(&format!(r#"{{"Read":[{}]}}"#, live[0])),
            "{text}"
        );
        let next = read_until(&mut body, "event: badges").await;
        assert!(
            next.contains(r#"{"Group":"#),
            "the group's row follows: {next}"
        );
        assert!(text.contains(r#""unread":1"#), "{text}");

        // A fresh connection with no id starts at the newest: nothing replayed.
        let (_, mut fresh) = stream(&app, Some(&t.viewer), None).await;
        let text = read_until(&mut fresh, "event: badges").await;
        assert!(ids_in(&text).is_empty(), "{text}");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn profile_project_and_sign_in_events(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;

        // A collaborator's profile change reaches the people they share tracks with.
        let res = app
            .call(
                "settings/profile",
                Some(&t.editor),
                &[("display_name", "Eddie E.")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        for who in [&t.owner, &t.viewer] {
            let items = feed(&app, who).await;
            assert_eq!(items[0]["kind"], "profile_changed");
            assert_eq!(items[0]["title"], "Eddie Editor is now Eddie E.");
        }
        assert!(feed(&app, &t.editor).await.is_empty());
        assert!(feed(&app, &t.stranger).await.is_empty());
        // Saving the same name again tells nobody.
        app.call(
            "settings/profile",
            Some(&t.editor),
            &[("display_name", "Eddie E.")],
        )
        .await
        .expect_ok();
        assert_eq!(feed(&app, &t.owner).await.len(), 1);

        // Projects: a new track in a project reaches the people in it; so does a rename.
        let (pid, first) = project_with_track(&app, &t.owner, "Summer", "First").await;
        app.add_member(first, "viewer@example.com", "view").await;
        app.call_multipart(
            "tracks/create",
            &t.owner,
            &[("title", "Second"), ("project_id", &pid)],
            None,
        )
        .await
        .expect_ok();
        let items = feed(&app, &t.viewer).await;
        assert_eq!(items[0]["kind"], "project_track_added");
        assert_eq!(items[0]["title"], "New track in Summer");
        assert_eq!(items[0]["message"], "Olive Owner added Second.");
        app.call(
            "projects/rename",
            Some(&t.owner),
            &[("project_id", &pid), ("name", "Summer EP")],
        )
        .await
        .expect_ok();
        let items = feed(&app, &t.viewer).await;
        assert_eq!(items[0]["title"], "Bucket renamed: Summer EP");
        assert_eq!(
            items[0]["message"],
            "Olive Owner renamed Summer to Summer EP."
        );
        assert!(
            feed(&app, &t.editor)
                .await
                .iter()
                .all(|n| n["kind"] != "project_renamed"),
            "not in the project"
        );

        // A sign-in from a browser the account has not used tells the account holder (a
        // system notification, normal priority: nothing unusual happened).
        let res = app
            .call(
                "auth/sign_in",
                None,
                &[
                    ("email", "stranger@example.com"),
                    ("password", "password123"),
                ],
            )
            .await;
        let cookie = session_cookie(&res).unwrap();
        let items = feed(&app, &cookie).await;
        assert_eq!(items[0]["kind"], "new_sign_in");
        assert_eq!(items[0]["category"], "System");
        assert_eq!(items[0]["high_priority"], false);
        assert!(items[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Signed in from an unknown browser on "));
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_personal_reminder_fires_once_for_its_owner_only(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        let now = app.state.clock.now_ms();
        let hour = 3_600_000;
        let at = (now + hour).to_string();
        let past = (now - 1).to_string();
        let res = app
            .call(
                "reminders/create",
                Some(&t.viewer),
                &[("track_id", &id), ("remind_at", &past), ("note", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "a time in the past");
        let res = app
            .call(
                "reminders/create",
                Some(&t.stranger),
                &[("track_id", &id), ("remind_at", &at), ("note", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "not on the track");
        let res = app
            .call(
                "reminders/create",
                Some(&t.viewer),
                &[
                    ("track_id", &id),
                    ("remind_at", &at),
                    ("note", "Check the mix"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let rid = res.body.trim().to_string();
        let doomed = app
            .call(
                "reminders/create",
                Some(&t.viewer),
                &[("track_id", &id), ("remind_at", &at), ("note", "never")],
            )
            .await;
        let doomed = doomed.body.trim().to_string();
        assert_eq!(
            app.call("reminders/delete", Some(&t.owner), &[("id", &doomed)])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "someone else's"
        );
        assert_eq!(
            app.call("reminders/delete", Some(&t.viewer), &[("id", &doomed)])
                .await
                .status,
            StatusCode::OK
        );
        let list = app
            .call("reminders/list", Some(&t.viewer), &[("track_id", &id)])
            .await
            .json();
        assert_eq!(list.as_array().unwrap().len(), 1);

        assert_eq!(
            producer_dashboard::server::tasks::tick(&app.state)
                .await
                .unwrap(),
            0,
            "not yet"
        );
        app.state.clock.advance(hour);
        assert_eq!(
            producer_dashboard::server::tasks::tick(&app.state)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            producer_dashboard::server::tasks::tick(&app.state)
                .await
                .unwrap(),
            0,
            "exactly once"
        );
        let items = feed(&app, &t.viewer).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["category"], "Reminder");
        assert_eq!(items[0]["title"], "Reminder: Song <b>One</b>");
        assert_eq!(items[0]["message"], "Check the mix");
        assert!(
            feed(&app, &t.owner).await.is_empty() && feed(&app, &t.editor).await.is_empty(),
            "only its owner"
        );
        let later = (now + 3 * hour).to_string();
        let res = app
            .call(
                "reminders/update",
                Some(&t.viewer),
                &[("id", &rid), ("remind_at", &later), ("note", "x")],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "a fired reminder cannot be edited"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn password_change_and_announcements(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;

        // Password: the current one must match; other sessions end; a security alert follows.
        let res = app
            .call(
                "auth/sign_in",
                None,
                &[("email", "viewer@example.com"), ("password", "password123")],
            )
            .await;
        let other_device = session_cookie(&res).unwrap();
        let wrong = app
            .call(
                "settings/password",
                Some(&t.viewer),
                &[("current", "nope-nope"), ("new", "a brand new one")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            wrong.json()["Invalid"],
            "Your current password is not correct."
        );
        let short = app
            .call(
                "settings/password",
                Some(&t.viewer),
                &[("current", "password123"), ("new", "short")],
            )
            .await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST);
        let ok = app
            .call(
                "settings/password",
                Some(&t.viewer),
                &[("current", "password123"), ("new", "a brand new one")],
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        assert_eq!(
            app.call("shell", Some(&other_device), &[]).await.json(),
            serde_json::Value::Null,
            "other device signed out"
        );
        let items = feed(&app, &t.viewer).await;
        assert_eq!(items[0]["kind"], "password_changed");
        assert_eq!(items[0]["high_priority"], true);
        let res = app
            .call(
                "auth/sign_in",
                None,
                &[
                    ("email", "viewer@example.com"),
                    ("password", "a brand new one"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);

        // Service announcements: administrators only, to everyone else.
        let denied = app
            .call(
                "announcements/service",
                Some(&t.owner),
                &[("title", "Hi"), ("body", "All")],
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        assert!(
            producer_dashboard::auth::store::make_admin(&app.state.pool, "owner@example.com")
                .await
                .unwrap()
        );
        let empty = app
            .call(
                "announcements/service",
                Some(&t.owner),
                &[("title", " "), ("body", "All")],
            )
            .await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        let sent = app
            .call(
                "announcements/service",
                Some(&t.owner),
                &[
                    ("title", "Maintenance tonight"),
                    ("body", "02:00–02:30 UTC."),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        assert_eq!(sent.body.trim(), "3");
        for who in [&t.editor, &t.viewer, &t.stranger] {
            let items = feed(&app, who).await;
            assert_eq!(items[0]["kind"], "service_announcement");
            assert_eq!(items[0]["category"], "System");
            assert_eq!(items[0]["track_id"], serde_json::Value::Null);
        }

        // Project announcements: the owner, to the people in the project.
        let (pid, track) = project_with_track(&app, &t.owner, "Tour", "Opener").await;
        app.add_member(track, "editor@example.com", "edit").await;
        let fields = [
            ("project_id", pid.as_str()),
            ("title", "Rehearsal moved"),
            ("body", "Now on Friday."),
        ];
        assert_eq!(
            app.call("announcements/project", Some(&t.editor), &fields)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let res = app
            .call("announcements/project", Some(&t.owner), &fields)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let items = feed(&app, &t.editor).await;
        assert_eq!(items[0]["kind"], "project_announcement");
        assert_eq!(items[0]["title"], "Tour: Rehearsal moved");
        assert_ne!(
            feed(&app, &t.stranger).await[0]["kind"],
            "project_announcement"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn support_replies_reach_the_author_who_answers_from_the_feed(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        assert_eq!(
            app.call(
                "support/submit",
                Some(&t.viewer),
                &[("subject", " "), ("body", "x")]
            )
            .await
            .status,
            StatusCode::BAD_REQUEST
        );
        let res = app
            .call(
                "support/submit",
                Some(&t.viewer),
                &[
                    ("subject", "Upload stuck"),
                    ("body", "My stem stops at 50%."),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let ticket = res.body.trim().to_string();
        assert_eq!(
            app.call("support/inbox", Some(&t.viewer), &[]).await.status,
            StatusCode::FORBIDDEN
        );
        let reply = [
            ("ticket_id", ticket.as_str()),
            ("body", "Fixed on our side, try again?"),
        ];
        assert_eq!(
            app.call("support/reply", Some(&t.owner), &reply)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        producer_dashboard::auth::store::make_admin(&app.state.pool, "owner@example.com")
            .await
            .unwrap();
        assert_eq!(
            app.call("support/inbox", Some(&t.owner), &[]).await.json()[0]["subject"],
            "Upload stuck"
        );
        assert_eq!(
            app.call(
                "support/reply",
                Some(&t.owner),
                &[("ticket_id", "999"), ("body", "x")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.call("support/reply", Some(&t.owner), &reply)
                .await
                .status,
            StatusCode::OK
        );

        let items = feed(&app, &t.viewer).await;
        assert_eq!(items[0]["category"], "Support");
        assert_eq!(items[0]["title"], "Reply to your ticket: Upload stuck");
        assert_eq!(items[0]["ticket_status"], "answered");
        let choose = |who: &str, choice: &str| {
            let fields = [
                ("ticket_id", ticket.clone()),
                ("resolution", choice.to_string()),
            ];
            let who = who.to_string();
            let app = &app;
            async move {
                let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call("support/resolution", Some(&who), &f).await.status
            }
        };
        assert_eq!(
            choose(&t.editor, "resolved").await,
            StatusCode::NOT_FOUND,
            "not their ticket"
        );
        assert_eq!(choose(&t.viewer, "fixed?").await, StatusCode::BAD_REQUEST);
        assert_eq!(choose(&t.viewer, "still_open").await, StatusCode::OK);
        assert_eq!(
            feed(&app, &t.viewer).await[0]["ticket_status"],
            "still_open"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_stream_that_falls_behind_is_told_to_resync_and_loses_nothing(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let (status, mut body) = stream(&app, Some(&t.owner), None).await;
        assert_eq!(status, StatusCode::OK);
        read_until(&mut body, "event: badges").await;
        // Many pushes while the client reads nothing: more than the hub keeps for it.
        let owner = app.user_id("owner@example.com").await;
        let mut work = producer_dashboard::platform::db::Work::begin(&app.state)
            .await
            .unwrap();
        for i in 0..40 {
            work.push(
                owner,
                &producer_dashboard::notifications::live::Change::Dismissed(i),
            );
        }
        work.commit().await.unwrap();
        let comment = app
            .call(
                "tracks/comment",
                Some(&t.editor),
                &[
                    ("track_id", &t.track.to_string()),
                    ("body", "after the flood"),
                ],
            )
            .await;
        assert_eq!(comment.status, StatusCode::OK, "{}", comment.body);
        let text = read_until(&mut body, "after the flood").await;
        assert!(text.contains("event: resync"), "{text}");
        assert_eq!(text.matches("after the flood").count(), 1, "{text}");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn consecutive_news_of_one_kind_on_one_track_is_one_row(pool: DbPool) {
        let app = TestApp::new(pool.clone()).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        // Something done on the track by the holder of `cookie`: a server function with one field.
        let act = |cookie: &String, path: &'static str, field: (&'static str, &'static str)| {
            let (app, id, cookie) = (&app, id.clone(), cookie.clone());
            async move {
                app.call(path, Some(&cookie), &[("track_id", &id), field])
                    .await
                    .expect_ok();
            }
        };
        let say = |who: &'static str, body: &'static str| {
            let cookie = if who == "editor" { &t.editor } else { &t.owner };
            act(cookie, "tracks/comment", ("body", body))
        };
        let stage = |value: &'static str| act(&t.editor, "tracks/stage", ("stage", value));
        // Comments, a stage change, then comments again: three runs, newest first.
        say("editor", "one").await;
        say("editor", "two").await;
        stage("editing").await;
        say("editor", "three").await;
        say("owner", "four").await;
        let rows = feed(&app, &t.viewer).await;
        let shape: Vec<(String, i64)> = rows
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap().to_string(),
                    n["group"]["size"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("comment_added".to_string(), 2),
                ("stage_changed".to_string(), 1),
                ("comment_added".to_string(), 2)
            ]
        );
        // Two people: both named; the row is the newest notification of the run.
        assert_eq!(
            rows[0]["group"]["title"],
            "Eddie Editor and Olive Owner left 2 comments on Song <b>One</b>"
        );
        assert!(rows[0]["message"].as_str().unwrap().contains("four"));
        assert_eq!(
            rows[1]["group"]["title"],
            serde_json::Value::Null,
            "a single one keeps its own title"
        );
        // The badge counts what there is to look at: three rows.
        assert_eq!(unread(&app, &t.viewer).await, 3);

        // A new comment joins the newest row instead of adding one; the badge stays.
        say("editor", "five").await;
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["group"]["size"], 3);
        assert_eq!(unread(&app, &t.viewer).await, 3);

        // Opened in place: its notifications, newest first, each on its own.
        let singles = group_items(&app, &t.viewer, &rows[0]["group"]["id"]).await;
        let bodies: Vec<&str> = singles
            .iter()
            .map(|n| n["message"].as_str().unwrap())
            .collect();
        assert!(
            bodies[0].contains("five") && bodies[2].contains("three"),
            "{bodies:?}"
        );

        // Reading the group reads all of it: one fewer on the badge.
        let group = rows[0]["group"]["id"].to_string();
        app.call(
            "notifications/read_group",
            Some(&t.viewer),
            &[("group", &group)],
        )
        .await
        .expect_ok();
        assert_eq!(unread(&app, &t.viewer).await, 2);
        assert!(group_items(&app, &t.viewer, &rows[0]["group"]["id"])
            .await
            .iter()
            .all(|n| n["read"] == true));
        // Another comment after it was read: the row is unread again (one more to look at).
        say("editor", "six").await;
        assert_eq!(unread(&app, &t.viewer).await, 3);
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(
            (
                rows[0]["group"]["size"].as_i64(),
                rows[0]["group"]["unread"].as_i64()
            ),
            (Some(4), Some(1))
        );

        // Computed from the data alone: grouping everything again gives the same feed.
        let before = feed(&app, &t.viewer).await;
        let mut conn = pool.acquire().await.unwrap();
        producer_dashboard::notifications::store::regroup(&mut conn)
            .await
            .unwrap();
        drop(conn);
        assert_eq!(feed(&app, &t.viewer).await, before);
        assert_eq!(unread(&app, &t.viewer).await, 3);

        // Dismissing the group takes all of it away; the next comment starts afresh.
        app.call(
            "notifications/dismiss_group",
            Some(&t.viewer),
            &[("group", &group)],
        )
        .await
        .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 2);
        assert_eq!(unread(&app, &t.viewer).await, 2);
        say("editor", "seven").await;
        let rows = feed(&app, &t.viewer).await;
        // (The newest row left is the stage change, so the comment starts a new run.)
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["group"]["size"], 1);
        for bad in ["nope", "-1", ""] {
            let res = app
                .call(
                    "notifications/read_group",
                    Some(&t.viewer),
                    &[("group", bad)],
                )
                .await;
            assert!(res.status.is_client_error(), "{bad}: {}", res.body);
        }
        let res = app
            .call("notifications/group", None, &[("group", &group)])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_snoozed_group_leaves_the_feed_and_comes_back_unread_at_the_top_once(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let id = t.track.to_string();
        for body in ["one", "two"] {
            app.call(
                "tracks/comment",
                Some(&t.editor),
                &[("track_id", &id), ("body", body)],
            )
            .await
            .expect_ok();
        }
        app.call(
            "tracks/stage",
            Some(&t.editor),
            &[("track_id", &id), ("stage", "editing")],
        )
        .await
        .expect_ok();
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 2);
        let comments = rows[1]["group"]["id"].to_string();
        assert_eq!(unread(&app, &t.viewer).await, 2);
        let now = app.state.clock.now_ms();
        let hour = 3_600_000;
        let until = (now + hour).to_string();

        // Only its owner may snooze it; the time must be ahead and within 31 days.
        for who in [&t.owner, &t.editor, &t.stranger] {
            let res = app
                .call(
                    "notifications/snooze",
                    Some(who),
                    &[("group", &comments), ("until", &until)],
                )
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        }
        let res = app
            .call(
                "notifications/snooze",
                None,
                &[("group", &comments), ("until", &until)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        for bad in [
            now.to_string(),
            (now - hour).to_string(),
            (now + 32 * 24 * hour).to_string(),
        ] {
            let res = app
                .call(
                    "notifications/snooze",
                    Some(&t.viewer),
                    &[("group", &comments), ("until", &bad)],
                )
                .await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.body);
            assert_eq!(
                res.json()["Invalid"],
                "Choose a time in the next 31 days to snooze until."
            );
        }
        for bad in ["soon", "", "1e99"] {
            let res = app
                .call(
                    "notifications/snooze",
                    Some(&t.viewer),
                    &[("group", &comments), ("until", bad)],
                )
                .await;
            assert!(res.status.is_client_error(), "{bad}: {}", res.body);
        }

        // Snoozed: out of the feed and off the badge; what arrives meanwhile starts its own row.
        app.call(
            "notifications/snooze",
            Some(&t.viewer),
            &[("group", &comments), ("until", &until)],
        )
        .await
        .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 1);
        assert_eq!(unread(&app, &t.viewer).await, 1);
        app.call(
            "tracks/comment",
            Some(&t.editor),
            &[("track_id", &id), ("body", "three")],
        )
        .await
        .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 2);
        assert_eq!(unread(&app, &t.viewer).await, 2);
        // Reading everything meanwhile does not stop it coming back unread.
        app.call("notifications/read_all", Some(&t.viewer), &[])
            .await
            .expect_ok();

        // Not yet: nothing comes back.
        app.state.clock.advance(hour - 1);
        producer_dashboard::server::tasks::tick(&app.state)
            .await
            .unwrap();
        assert_eq!(feed(&app, &t.viewer).await.len(), 2);
        // At its time: back at the top, unread (all of it), on the badge.
        app.state.clock.advance(1);
        producer_dashboard::server::tasks::tick(&app.state)
            .await
            .unwrap();
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["group"]["id"].to_string(), comments);
        assert_eq!(
            (
                rows[0]["group"]["size"].as_i64(),
                rows[0]["group"]["unread"].as_i64()
            ),
            (Some(2), Some(2))
        );
        assert_eq!(unread(&app, &t.viewer).await, 1);
        // Exactly once: later passes (or a restarted server) bring nothing back again.
        app.state.clock.advance(hour);
        producer_dashboard::server::tasks::tick(&app.state)
            .await
            .unwrap();
        assert_eq!(feed(&app, &t.viewer).await.len(), 3);
        assert_eq!(unread(&app, &t.viewer).await, 1);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn group_endpoints_answer_only_the_group_owner(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        app.call(
            "tracks/comment",
            Some(&t.editor),
            &[("track_id", &t.track.to_string()), ("body", "hello")],
        )
        .await
        .expect_ok();
        // The viewer's group: owner, editor and stranger are told it does not exist (and
        // see nothing in it); signed out is 401; the viewer may do all of it.
        let rows = feed(&app, &t.viewer).await;
        let group = rows[0]["group"]["id"].to_string();
        let until = (app.state.clock.now_ms() + 3_600_000).to_string();
        let calls: [(&str, Vec<(&str, &str)>); 3] = [
            ("notifications/read_group", vec![("group", &group)]),
            (
                "notifications/snooze",
                vec![("group", &group), ("until", &until)],
            ),
            ("notifications/dismiss_group", vec![("group", &group)]),
        ];
        for who in [&t.owner, &t.editor, &t.stranger] {
            assert!(group_items(&app, who, &rows[0]["group"]["id"])
                .await
                .is_empty());
            for (path, fields) in &calls {
                let res = app.call(path, Some(who), fields).await;
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.body);
            }
        }
        let res = app
            .call("notifications/group", None, &[("group", &group)])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        for (path, fields) in &calls {
            let res = app.call(path, None, fields).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}: {}", res.body);
        }
        assert_eq!(unread(&app, &t.viewer).await, 1, "nobody else changed it");
        assert_eq!(
            group_items(&app, &t.viewer, &rows[0]["group"]["id"])
                .await
                .len(),
            1
        );
        for (path, fields) in &calls {
            app.call(path, Some(&t.viewer), fields).await.expect_ok();
        }
        assert!(feed(&app, &t.viewer).await.is_empty());
        assert_eq!(unread(&app, &t.viewer).await, 0);
    }
}
