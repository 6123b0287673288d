//! Invitations and the end of a collaboration, through the real router.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

async fn is_member(app: &TestApp, track: i64, email: &str) -> bool {
    let uid = app.user_id(email).await;
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM track_members WHERE track_id = $1 AND user_id = $2",
    )
    .bind(track)
    .bind(uid)
    .fetch_one(&app.state.pool)
    .await
    .unwrap()
        == 1
}

fn titles(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect()
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_owner_removes_a_collaborator_and_both_sides_hear_of_it(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let track = t.track.to_string();
        let viewer_id = app.user_id("viewer@example.com").await.to_string();

        // Only someone who manages collaborators may remove one: an editor is refused,
        // a stranger does not learn that the track exists.
        let res = app
            .call(
                "collaborators/remove",
                Some(&t.editor),
                &[("track_id", &track), ("user_id", &viewer_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        let res = app
            .call(
                "collaborators/remove",
                Some(&t.stranger),
                &[("track_id", &track), ("user_id", &viewer_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        assert!(is_member(&app, t.track, "viewer@example.com").await);

        let res = app
            .call(
                "collaborators/remove",
                Some(&t.owner),
                &[("track_id", &track), ("user_id", &viewer_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(!is_member(&app, t.track, "viewer@example.com").await);
        // The removed viewer is told, and the notice points at nothing they can no longer open.
        let items = feed(&app, &t.viewer).await;
        assert_eq!(titles(&items), ["You were removed from Song <b>One</b>"]);
        assert_eq!(
            items[0]["message"],
            "Olive Owner removed you as a collaborator."
        );
        assert!(items[0]["track_id"].is_null());
        // The owner acted, so hears nothing; the editor was not involved.
        assert!(feed(&app, &t.owner).await.is_empty());
        assert!(feed(&app, &t.editor).await.is_empty());
        // The track is gone for the viewer.
        let res = app
            .call("tracks/get", Some(&t.viewer), &[("track_id", &track)])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);

        // Removing them again, or removing the owner, changes nothing.
        let res = app
            .call(
                "collaborators/remove",
                Some(&t.owner),
                &[("track_id", &track), ("user_id", &viewer_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let owner_id = app.user_id("owner@example.com").await.to_string();
        let res = app
            .call(
                "collaborators/remove",
                Some(&t.owner),
                &[("track_id", &track), ("user_id", &owner_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert_eq!(
            res.json()["Invalid"],
            "You own this track, so you cannot leave it."
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_full_control_collaborator_removes_someone_and_the_owner_is_told(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let manager = app.user("full@example.com", "Fran Full").await;
        app.add_member(t.track, "full@example.com", "full").await;
        let editor_id = app.user_id("editor@example.com").await.to_string();
        let res = app
            .call(
                "collaborators/remove",
                Some(&manager),
                &[("track_id", &t.track.to_string()), ("user_id", &editor_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(
            titles(&feed(&app, &t.owner).await),
            ["Fran Full removed Eddie Editor from Song <b>One</b>"]
        );
        assert_eq!(
            titles(&feed(&app, &t.editor).await),
            ["You were removed from Song <b>One</b>"]
        );
        assert!(feed(&app, &manager).await.is_empty());
        assert!(feed(&app, &t.viewer).await.is_empty());
        // The owner cannot be removed by anyone else either.
        let owner_id = app.user_id("owner@example.com").await.to_string();
        let res = app
            .call(
                "collaborators/remove",
                Some(&manager),
                &[("track_id", &t.track.to_string()), ("user_id", &owner_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_collaborator_leaves_and_the_owner_is_told(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let track = t.track.to_string();
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.viewer),
                &[("track_id", &track)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(!is_member(&app, t.track, "viewer@example.com").await);
        let items = feed(&app, &t.owner).await;
        assert_eq!(titles(&items), ["Vera Viewer left Song <b>One</b>"]);
        assert_eq!(items[0]["track_id"], t.track);
        assert_eq!(items[0]["widget"], "collaborators");
        assert!(feed(&app, &t.viewer).await.is_empty());
        assert!(feed(&app, &t.editor).await.is_empty());

        // Leaving twice, leaving a stranger's track, and the owner leaving are refused.
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.viewer),
                &[("track_id", &track)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.stranger),
                &[("track_id", &track)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.owner),
                &[("track_id", &track)],
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        let res = app
            .call("collaborators/leave", Some(&t.editor), &[("track_id", "x")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert!(is_member(&app, t.track, "editor@example.com").await);
    }
}

async fn invite(app: &TestApp, from: &str, track: i64, email: &str, permission: &str) -> Res {
    app.call(
        "invitations/create",
        Some(from),
        &[
            ("track_id", &track.to_string()),
            ("email", email),
            ("permission", permission),
        ],
    )
    .await
}

async fn pending_invites(app: &TestApp, cookie: &str) -> i64 {
    app.call("shell", Some(cookie), &[]).await.json()["badges"]["invites"]
        .as_i64()
        .unwrap()
}

async fn permission_of(app: &TestApp, track: i64, email: &str) -> Option<String> {
    let uid = app.user_id(email).await;
    sqlx::query_scalar("SELECT permission FROM track_members WHERE track_id = $1 AND user_id = $2")
        .bind(track)
        .bind(uid)
        .fetch_optional(&app.state.pool)
        .await
        .unwrap()
}

producer_dashboard::platform::testdb::db_test! {
    async fn accepting_grants_exactly_the_offered_permission_once(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let res = invite(&app, &t.owner, t.track, "stranger@example.com", "view").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = res.json()["id"].as_i64().unwrap().to_string();
        assert_eq!(pending_invites(&app, &t.stranger).await, 1);
        let listed = app
            .call("invitations/pending", Some(&t.stranger), &[])
            .await
            .json();
        assert_eq!(listed[0]["track_title"], "Song <b>One</b>");
        assert_eq!(listed[0]["inviter_name"], "Olive Owner");

        // Nobody but the invitee can accept or dismiss it; it is simply not found for them.
        for who in [&t.owner, &t.editor, &t.viewer] {
            for action in ["invitations/accept", "invitations/dismiss"] {
                let res = app.call(action, Some(who), &[("id", &id)]).await;
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{action}: {}", res.body);
            }
        }
        let res = app.call("invitations/accept", None, &[("id", &id)]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", "999999")])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", "nope")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
        assert_eq!(
            permission_of(&app, t.track, "stranger@example.com").await,
            None
        );

        // The permission is the invitation's, whatever the request says.
        let res = app
            .call(
                "invitations/accept",
                Some(&t.stranger),
                &[("id", &id), ("permission", "full")],
            )
            .await;
        assert!(
            res.status == StatusCode::OK || res.status == StatusCode::BAD_REQUEST,
            "{}",
            res.body
        );
        if res.status == StatusCode::BAD_REQUEST {
            let res = app
                .call("invitations/accept", Some(&t.stranger), &[("id", &id)])
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        assert_eq!(
            permission_of(&app, t.track, "stranger@example.com")
                .await
                .as_deref(),
            Some("view")
        );
        assert_eq!(pending_invites(&app, &t.stranger).await, 0);
        // Its notification asks nothing any more: read, and out of the unread count.
        let item = &feed(&app, &t.stranger).await[0];
        assert_eq!(item["invitation_status"], "accepted");
        assert_eq!(item["read"], true);
        assert_eq!(unread(&app, &t.stranger).await, 0);
        // A viewer now sees the track and can change nothing.
        let res = app
            .call(
                "tracks/get",
                Some(&t.stranger),
                &[("track_id", &t.track.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = app
            .call(
                "tracks/comment",
                Some(&t.stranger),
                &[("track_id", &t.track.to_string()), ("body", "hi")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

        // Only once: accepting, dismissing or revoking it again is 404.
        for (who, action) in [
            (&t.stranger, "invitations/accept"),
            (&t.stranger, "invitations/dismiss"),
            (&t.owner, "invitations/revoke"),
        ] {
            let res = app.call(action, Some(who), &[("id", &id)]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{action}: {}", res.body);
        }
        let told: Vec<String> = feed(&app, &t.owner)
            .await
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(told, ["Stan Stranger accepted your invitation"]);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn two_tabs_accepting_at_once_make_one_membership_and_one_notice(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let res = invite(&app, &t.owner, t.track, "stranger@example.com", "edit").await;
        let id = res.json()["id"].as_i64().unwrap().to_string();
        let fields = [("id", id.as_str())];
        let (a, b) = tokio::join!(
            app.call("invitations/accept", Some(&t.stranger), &fields),
            app.call("invitations/accept", Some(&t.stranger), &fields),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::NOT_FOUND],
            "{} / {}",
            a.body,
            b.body
        );
        let uid = app.user_id("stranger@example.com").await;
        let members: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM track_members WHERE track_id = $1 AND user_id = $2")
                .bind(t.track)
                .bind(uid)
                .fetch_one(&app.state.pool)
                .await
                .unwrap();
        assert_eq!(members, 1);
        let accepted: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'invitation_accepted'")
                .fetch_one(&app.state.pool)
                .await
                .unwrap();
        assert_eq!(accepted, 1);
        // The invitee can now comment (edit).
        let res = app
            .call(
                "tracks/comment",
                Some(&t.stranger),
                &[("track_id", &t.track.to_string()), ("body", "On it")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn dismissing_and_revoking(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let first = invite(&app, &t.owner, t.track, "stranger@example.com", "edit").await;
        let first = first.json()["id"].as_i64().unwrap().to_string();

        // Dismissing removes the invite without joining; it can be sent again afterwards.
        let res = app
            .call("invitations/dismiss", Some(&t.stranger), &[("id", &first)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(pending_invites(&app, &t.stranger).await, 0);
        assert_eq!(
            permission_of(&app, t.track, "stranger@example.com").await,
            None
        );
        let item = &feed(&app, &t.stranger).await[0];
        assert_eq!(item["invitation_status"], "dismissed");
        // Answered, so nothing is left to look at: its notification is read.
        assert_eq!(item["read"], true);
        assert_eq!(unread(&app, &t.stranger).await, 0);

        let second = invite(&app, &t.owner, t.track, "stranger@example.com", "full").await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.body);
        let second = second.json()["id"].as_i64().unwrap().to_string();
        // Only someone who manages the track's collaborators can withdraw it: for anyone
        // else it does not exist.
        for who in [&t.editor, &t.viewer, &t.stranger] {
            let res = app
                .call("invitations/revoke", Some(who), &[("id", &second)])
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        }
        assert_eq!(pending_invites(&app, &t.stranger).await, 1);
        let res = app
            .call("invitations/revoke", Some(&t.owner), &[("id", &second)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(pending_invites(&app, &t.stranger).await, 0);
        let listed = app
            .call("invitations/pending", Some(&t.stranger), &[])
            .await
            .json();
        assert_eq!(listed.as_array().unwrap().len(), 0);
        assert_eq!(
            feed(&app, &t.stranger).await[0]["invitation_status"],
            "revoked"
        );
        // A withdrawn invitation cannot be accepted.
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", &second)])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        assert_eq!(
            permission_of(&app, t.track, "stranger@example.com").await,
            None
        );
    }
}

async fn upload(app: &TestApp, cookie: &str, track: i64, name: &str, bytes: &[u8]) -> i64 {
    let res = app
        .call_multipart(
            "tracks/files",
            cookie,
            &[("track_id", &track.to_string())],
            Some(("file", name, bytes)),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["id"].as_i64().unwrap()
}

fn card_sync(dashboard: &serde_json::Value, track: i64) -> serde_json::Value {
    dashboard["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == track)
        .expect("the track is in the grid")["sync"]
        .clone()
}

producer_dashboard::platform::testdb::db_test! {
    async fn accepted_files_sync_per_file_with_progress_and_then_download(pool: DbPool) {
        // Slow enough that a large file reports progress on its way.
        let app = TestApp::with_config(pool, |c| c.sync_bytes_per_sec = 2 * 1024 * 1024).await;
        let t = team(&app).await;
        let small: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let large: Vec<u8> = (0..900_000u32).map(|i| (i % 241) as u8).collect();
        let small_id = upload(&app, &t.owner, t.track, "click.wav", &small).await;
        let large_id = upload(&app, &t.owner, t.track, "stems.zip", &large).await;
        let res = invite(&app, &t.owner, t.track, "stranger@example.com", "view").await;
        let id = res.json()["id"].as_i64().unwrap().to_string();
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", &id)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        // In the grid at once, with both files still to sync; not downloadable yet.
        let dashboard = app
            .call("tracks/dashboard", Some(&t.stranger), &[])
            .await
            .json();
        let sync = card_sync(&dashboard, t.track);
        assert_eq!(sync["files_left"], 2);
        assert_eq!(sync["bytes_total"], 910_000);
        assert_eq!(sync["bytes_done"], 0);
        let res = app
            .get(&format!("/media/files/{large_id}"), Some(&t.stranger))
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        let detail = app
            .call(
                "tracks/get",
                Some(&t.stranger),
                &[("track_id", &t.track.to_string())],
            )
            .await
            .json();
        assert!(detail["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["syncing"] == 0));
        // The owner still has the originals.
        let detail = app
            .call(
                "tracks/get",
                Some(&t.owner),
                &[("track_id", &t.track.to_string())],
            )
            .await
            .json();
        assert!(detail["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["syncing"].is_null()));

        // Run the copies while listening: progress arrives per file, then the end.
        let (status, mut body) = stream(&app, Some(&t.stranger), None).await;
        assert_eq!(status, StatusCode::OK);
        producer_dashboard::tracks::sync::drain(&app.state)
            .await
            .unwrap();
        let text = read_until(&mut body, "\"files_left\":0").await;
        let events: Vec<serde_json::Value> = text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<serde_json::Value>(d).ok())
            .filter_map(|v| v.get("Sync").cloned())
            .collect();
        assert!(events
            .iter()
            .any(|e| e["file_id"] == small_id && e["file_done"] == true));
        assert!(events
            .iter()
            .any(|e| e["file_id"] == large_id && e["file_done"] == true));
        assert!(
            events
                .iter()
                .any(|e| e["file_id"] == large_id && e["file_done"] == false),
            "the large file reports progress before it is done: {events:?}"
        );
        let done: Vec<i64> = events
            .iter()
            .map(|e| e["bytes_done"].as_i64().unwrap())
            .collect();
        assert!(
            done.windows(2).all(|w| w[0] <= w[1]),
            "progress only grows: {done:?}"
        );
        assert_eq!(events.last().unwrap()["bytes_done"], 910_000);

        // Now each file downloads, byte for byte, from the collaborator's own copy.
        for (id, bytes) in [(small_id, &small), (large_id, &large)] {
            assert!(producer_dashboard::tracks::sync::replica_path(
                &app.state,
                app.user_id("stranger@example.com").await,
                id
            )
            .exists());
            let res = app
                .get(&format!("/media/files/{id}"), Some(&t.stranger))
                .await;
            assert_eq!(res.status, StatusCode::OK);
            assert_eq!(&res.bytes, bytes);
        }
        let dashboard = app
            .call("tracks/dashboard", Some(&t.stranger), &[])
            .await
            .json();
        assert!(card_sync(&dashboard, t.track).is_null());

        // A file added later syncs to every collaborator but its uploader.
        let later = upload(&app, &t.editor, t.track, "vocals.wav", &small).await;
        let queued: Vec<i64> =
            sqlx::query_scalar("SELECT user_id FROM file_syncs WHERE file_id = $1 ORDER BY user_id")
                .bind(later)
                .fetch_all(&app.state.pool)
                .await
                .unwrap();
        let mut expected = vec![
            app.user_id("viewer@example.com").await,
            app.user_id("stranger@example.com").await,
        ];
        expected.sort();
        assert_eq!(queued, expected);

        // Leaving the track removes the copies.
        let stranger = app.user_id("stranger@example.com").await;
        let res = app
            .call(
                "collaborators/leave",
                Some(&t.stranger),
                &[("track_id", &t.track.to_string())],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(
            !producer_dashboard::tracks::sync::replica_path(&app.state, stranger, large_id).exists()
        );
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file_syncs WHERE user_id = $1")
            .bind(stranger)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(left, 0);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn default_project_collaborators_are_invited_to_every_new_track(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let project = app
            .call("projects/create", Some(&t.owner), &[("name", "EP")])
            .await
            .json()["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let add = |who: &str, email: &str, permission: &str| {
            let (who, email, permission, project) = (
                who.to_string(),
                email.to_string(),
                permission.to_string(),
                project.clone(),
            );
            let app = &app;
            async move {
                app.call(
                    "projects/collaborators/add",
                    Some(&who),
                    &[
                        ("project_id", &project),
                        ("email", &email),
                        ("permission", &permission),
                    ],
                )
                .await
            }
        };
        assert_eq!(
            add(&t.owner, "stranger@example.com", "edit").await.status,
            StatusCode::OK
        );
        assert_eq!(
            add(&t.owner, "viewer@example.com", "view").await.status,
            StatusCode::OK
        );
        // Twice, yourself, a bad permission, someone else's project. An address nobody
        // uses yet is answered like any other (whether an account exists is not told).
        let res = add(&t.owner, "stranger@example.com", "full").await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(
            res.json()["Conflict"],
            "stranger@example.com is already a default collaborator of this project."
        );
        assert_eq!(
            add(&t.owner, "owner@example.com", "edit").await.status,
            StatusCode::BAD_REQUEST
        );
        let unknown = add(&t.owner, "nobody@example.com", "edit").await;
        assert_eq!(unknown.status, StatusCode::OK, "{}", unknown.body);
        assert_eq!(
            unknown.body,
            add(&t.owner, "nobody2@example.com", "edit").await.body
        );
        assert_eq!(
            add(&t.owner, "editor@example.com", "admin").await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            add(&t.editor, "stranger@example.com", "edit").await.status,
            StatusCode::NOT_FOUND
        );
        let res = app
            .call(
                "projects/collaborators",
                Some(&t.editor),
                &[("project_id", &project)],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        let listed = app
            .call(
                "projects/collaborators",
                Some(&t.owner),
                &[("project_id", &project)],
            )
            .await
            .json();
        let emails: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["email"].as_str().unwrap())
            .collect();
        assert_eq!(
            emails,
            [
                "nobody2@example.com",
                "nobody@example.com",
                "stranger@example.com",
                "viewer@example.com"
            ]
        );
        assert!(
            listed[0].get("display_name").is_none(),
            "no names: {listed}"
        );

        // A new track in the project invites them with their permission; others only hear
        // that a track was added.
        let res = app
            .call_multipart(
                "tracks/create",
                &t.owner,
                &[("title", "Opener"), ("project_id", &project)],
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let invites = app
            .call("invitations/pending", Some(&t.stranger), &[])
            .await
            .json();
        assert_eq!(invites[0]["track_title"], "Opener");
        assert_eq!(invites[0]["permission"], "Edit");
        let items = feed(&app, &t.stranger).await;
        assert_eq!(items.len(), 1, "one notice, the invitation: {items:?}");
        assert_eq!(items[0]["kind"], "invitation_received");
        let viewer = app
            .call("invitations/pending", Some(&t.viewer), &[])
            .await
            .json();
        assert_eq!(viewer[0]["permission"], "View");

        // Only the project's owner removes defaults: others are told nothing exists.
        for (who, status) in [
            (Some(&t.editor), StatusCode::NOT_FOUND),
            (Some(&t.viewer), StatusCode::NOT_FOUND),
            (Some(&t.stranger), StatusCode::NOT_FOUND),
            (None, StatusCode::UNAUTHORIZED),
        ] {
            let res = app
                .call(
                    "projects/collaborators/remove",
                    who.map(String::as_str),
                    &[("project_id", &project), ("email", "stranger@example.com")],
                )
                .await;
            assert_eq!(res.status, status, "{}", res.body);
        }

        // Removed from the defaults: the next track does not invite them.
        let res = app
            .call(
                "projects/collaborators/remove",
                Some(&t.owner),
                &[("project_id", &project), ("email", "Stranger@example.com")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = app
            .call(
                "projects/collaborators/remove",
                Some(&t.owner),
                &[("project_id", &project), ("email", "stranger@example.com")],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        app.call_multipart(
            "tracks/create",
            &t.owner,
            &[("title", "Closer"), ("project_id", &project)],
            None,
        )
        .await
        .expect_ok();
        let invites = app
            .call("invitations/pending", Some(&t.stranger), &[])
            .await
            .json();
        assert_eq!(invites.as_array().unwrap().len(), 1);
        assert_eq!(
            app.call("invitations/pending", Some(&t.viewer), &[])
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn an_invitation_belongs_to_whoever_verifies_the_address(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        // Nobody uses the address yet: the invitation waits.
        let res = invite(&app, &t.owner, t.track, "zoe@example.com", "edit").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = res.json()["id"].to_string();
        // Registering the address is no claim to it: nothing shows, nothing can be answered.
        let zoe = app.user("zoe@example.com", "Zoe").await;
        assert_eq!(pending_invites(&app, &zoe).await, 0);
        assert!(feed(&app, &zoe).await.is_empty());
        for path in ["invitations/accept", "invitations/dismiss"] {
            let res = app.call(path, Some(&zoe), &[("id", &id)]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.body);
        }
        let res = app
            .get(&format!("/media/artwork/{}", t.track), Some(&zoe))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // Once the address is verified (the link reached its owner), it is theirs, with a notice.
        app.verify("zoe@example.com").await;
        assert_eq!(pending_invites(&app, &zoe).await, 1);
        let items = feed(&app, &zoe).await;
        assert!(
            items.iter().any(|n| n["kind"] == "invitation_received"
                && n["title"] == "Olive Owner invited you to Song <b>One</b>"),
            "{items:?}"
        );
        let res = app
            .call("invitations/accept", Some(&zoe), &[("id", &id)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(
            permission_of(&app, t.track, "zoe@example.com")
                .await
                .as_deref(),
            Some("edit")
        );

        // An address someone is only changing to is not theirs until its link is opened.
        let res = invite(&app, &t.owner, t.track, "new-viewer@example.com", "view").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        app.state.clock.advance(61_000);
        let res = app
            .call(
                "settings/email",
                Some(&t.stranger),
                &[("email", "new-viewer@example.com")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(pending_invites(&app, &t.stranger).await, 0);
        app.verify("new-viewer@example.com").await;
        assert_eq!(pending_invites(&app, &t.stranger).await, 1);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn inviting_does_not_tell_whether_an_account_exists(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        app.user("unverified@example.com", "Una").await;
        let mut shapes = Vec::new();
        for email in [
            "stranger@example.com",
            "unverified@example.com",
            "nobody@example.com",
        ] {
            let res = invite(&app, &t.owner, t.track, email, "view").await;
            assert_eq!(res.status, StatusCode::OK, "{email}: {}", res.body);
            let sent = res.json();
            assert_eq!(sent["email"], email);
            assert!(
                !res.body.contains("Stan") && !res.body.contains("Una"),
                "{}",
                res.body
            );
            let mut keys: Vec<String> = sent.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            shapes.push(keys);
        }
        assert!(shapes.windows(2).all(|w| w[0] == w[1]), "{shapes:?}");
        // The track page lists pending invitations by address only.
        let page = app
            .get(&format!("/tracks/{}", t.track), Some(&t.owner))
            .await;
        assert!(
            page.body.contains("nobody@example.com") && page.body.contains("unverified@example.com")
        );
        assert!(!page.body.contains("Stan Stranger") && !page.body.contains("Una"));
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn invitations_of_someone_who_can_no_longer_invite_are_withdrawn(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let fran = app.verified_user("full@example.com", "Fran Full").await;
        app.add_member(t.track, "full@example.com", "full").await;
        let res = invite(&app, &fran, t.track, "stranger@example.com", "edit").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = res.json()["id"].to_string();
        assert_eq!(pending_invites(&app, &t.stranger).await, 1);
        // Downgraded behind the app's back: the invitation is no longer acceptable.
        sqlx::query("UPDATE track_members SET permission = 'edit' WHERE user_id = $1")
            .bind(app.user_id("full@example.com").await)
            .execute(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(pending_invites(&app, &t.stranger).await, 0);
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", &id)])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        // Removed: the invitations Fran sent are withdrawn, and the invitee's open stream hears it.
        sqlx::query("UPDATE track_members SET permission = 'full' WHERE user_id = $1")
            .bind(app.user_id("full@example.com").await)
            .execute(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(pending_invites(&app, &t.stranger).await, 1);
        let (_, mut events) = stream(&app, Some(&t.stranger), None).await;
        read_until(&mut events, "event: badges").await;
        let fran_id = app.user_id("full@example.com").await.to_string();
        let res = app
            .call(
                "collaborators/remove",
                Some(&t.owner),
                &[("track_id", &t.track.to_string()), ("user_id", &fran_id)],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let text = read_until(&mut events, "revoked").await;
        assert!(text.contains("event: change"), "{text}");
        let status: String = sqlx::query_scalar("SELECT status FROM invitations WHERE id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(status, "revoked");
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", &id)])
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    }
}
