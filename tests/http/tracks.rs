//! Tracks through the real router: permissions, bad input, uploads, invitations.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
];

producer_dashboard::platform::testdb::db_test! {
    async fn viewers_read_editors_edit_strangers_see_nothing(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        let viewer = app.user("viewer@example.com", "Viewer").await;
        let editor = app.user("editor@example.com", "Editor").await;
        let stranger = app.user("stranger@example.com", "Stranger").await;
        let t = app.track(&owner, "Shared Song").await;
        app.add_member(t, "viewer@example.com", "view").await;
        app.add_member(t, "editor@example.com", "edit").await;
        let id = t.to_string();

        // Reading.
        let d = app
            .call("tracks/get", Some(&viewer), &[("track_id", &id)])
            .await;
        assert_eq!(d.status, StatusCode::OK);
        assert_eq!(d.json()["card"]["role"]["Member"], "View");
        let s = app
            .call("tracks/get", Some(&stranger), &[("track_id", &id)])
            .await;
        assert_eq!(s.status, StatusCode::NOT_FOUND);
        assert_eq!(
            s.json()["NotFound"],
            "This track does not exist or is not shared with you."
        );
        assert_eq!(
            app.call("tracks/get", Some(&owner), &[("track_id", "424242")])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let dash = app
            .call("tracks/dashboard", Some(&stranger), &[])
            .await
            .json();
        assert_eq!(dash["tracks"].as_array().unwrap().len(), 0);

        // Writing: the server refuses a viewer, whatever the UI shows.
        for (path, fields) in [
            (
                "tracks/comment",
                vec![("track_id", id.as_str()), ("body", "hi")],
            ),
            (
                "tracks/stage",
                vec![("track_id", id.as_str()), ("stage", "editing")],
            ),
            (
                "tracks/due_date",
                vec![("track_id", id.as_str()), ("due_date", "2030-01-01")],
            ),
            (
                "tracks/metadata",
                vec![
                    ("track_id", id.as_str()),
                    ("title", "X"),
                    ("bpm", ""),
                    ("musical_key", ""),
                    ("genre", ""),
                    ("description", ""),
                ],
            ),
        ] {
            assert_eq!(
                app.call(path, Some(&viewer), &fields).await.status,
                StatusCode::FORBIDDEN,
                "viewer {path}"
            );
            assert_eq!(
                app.call(path, Some(&stranger), &fields).await.status,
                StatusCode::NOT_FOUND,
                "stranger {path}"
            );
            assert_eq!(
                app.call(path, Some(&editor), &fields).await.status,
                StatusCode::OK,
                "editor {path}"
            );
        }
        let stage: String = sqlx::query_scalar("SELECT stage FROM tracks WHERE id = $1")
            .bind(t)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(stage, "editing");

        // An editor cannot manage collaborators; the owner can.
        let invite = [
            ("track_id", id.as_str()),
            ("email", "stranger@example.com"),
            ("permission", "view"),
        ];
        assert_eq!(
            app.call("invitations/create", Some(&editor), &invite)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.call("invitations/create", Some(&owner), &invite)
                .await
                .status,
            StatusCode::OK
        );
    }
}

/// (server function, fields, expected status, part of the expected message)
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, StatusCode, &'a str);

producer_dashboard::platform::testdb::db_test! {
    async fn bad_input_is_a_clear_4xx(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        let t = app.track(&owner, "Song").await.to_string();
        let cases: Vec<Case> = vec![
            (
                "tracks/stage",
                vec![("track_id", &t), ("stage", "done")],
                StatusCode::BAD_REQUEST,
                "Unknown stage",
            ),
            (
                "tracks/stage",
                vec![("track_id", "abc"), ("stage", "idea")],
                StatusCode::BAD_REQUEST,
                "not understood",
            ),
            (
                "tracks/comment",
                vec![("track_id", &t), ("body", "   ")],
                StatusCode::BAD_REQUEST,
                "Write something",
            ),
            (
                "tracks/due_date",
                vec![("track_id", &t), ("due_date", "2026-02-30")],
                StatusCode::BAD_REQUEST,
                "YYYY-MM-DD",
            ),
            (
                "tracks/metadata",
                vec![
                    ("track_id", &t),
                    ("title", ""),
                    ("bpm", ""),
                    ("musical_key", ""),
                    ("genre", ""),
                    ("description", ""),
                ],
                StatusCode::BAD_REQUEST,
                "Give the track a title.",
            ),
            (
                "tracks/metadata",
                vec![
                    ("track_id", &t),
                    ("title", "ok"),
                    ("bpm", "fast"),
                    ("musical_key", ""),
                    ("genre", ""),
                    ("description", ""),
                ],
                StatusCode::BAD_REQUEST,
                "BPM",
            ),
            (
                "invitations/create",
                vec![("track_id", &t), ("email", "nope"), ("permission", "view")],
                StatusCode::BAD_REQUEST,
                "valid email",
            ),
            (
                "invitations/create",
                vec![
                    ("track_id", &t),
                    ("email", "a@b.co"),
                    ("permission", "admin"),
                ],
                StatusCode::BAD_REQUEST,
                "permission",
            ),
            (
                "invitations/create",
                vec![
                    ("track_id", &t),
                    ("email", "owner@example.com"),
                    ("permission", "view"),
                ],
                StatusCode::BAD_REQUEST,
                "yourself",
            ),
            (
                "projects/rename",
                vec![("project_id", "999"), ("name", "x")],
                StatusCode::NOT_FOUND,
                "project",
            ),
            (
                "projects/create",
                vec![("name", "")],
                StatusCode::BAD_REQUEST,
                "name",
            ),
        ];
        for (path, fields, status, msg) in cases {
            let res = app.call(path, Some(&owner), &fields).await;
            assert_eq!(res.status, status, "{path} {fields:?}: {}", res.body);
            assert!(res.body.contains(msg), "{path}: {}", res.body);
            assert!(
                !res.body.to_lowercase().contains("sqlite"),
                "no database error leaks: {}",
                res.body
            );
        }
        let res = app
            .call_multipart("tracks/create", &owner, &[("title", "")], None)
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = app
            .call_multipart(
                "tracks/create",
                &owner,
                &[("title", "Art"), ("project_id", "77")],
                None,
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "a project that is not mine"
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn invitations_are_created_once(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        app.verified_user("bea@example.com", "Bea").await;
        let t = app.track(&owner, "Song").await.to_string();
        let invite = [
            ("track_id", t.as_str()),
            ("email", "BEA@example.com"),
            ("permission", "edit"),
        ];
        let res = app.call("invitations/create", Some(&owner), &invite).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let sent = res.json();
        assert_eq!(sent["email"], "bea@example.com");
        assert!(sent.get("invitee_name").is_none(), "no name: {sent}");
        let again = app.call("invitations/create", Some(&owner), &invite).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(
            again.json()["Conflict"],
            "bea@example.com has already been invited to this track."
        );
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(n, 1);
        app.add_member(t.parse().unwrap(), "bea@example.com", "view")
            .await;
        sqlx::query("DELETE FROM invitations")
            .execute(&app.state.pool)
            .await
            .unwrap();
        let member = app.call("invitations/create", Some(&owner), &invite).await;
        assert_eq!(
            member.json()["Conflict"],
            "bea@example.com is already a collaborator on this track."
        );
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn uploads_are_stored_limited_and_served_to_members_only(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        let stranger = app.user("stranger@example.com", "Stranger").await;
        let t = app.track(&owner, "Song").await;
        let id = t.to_string();

        let res = app
            .call_multipart(
                "tracks/files",
                &owner,
                &[("track_id", &id)],
                Some(("file", "stem.wav", b"RIFFdata")),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let file_id = res.json()["id"].as_i64().unwrap();
        let got = app
            .get(&format!("/media/files/{file_id}"), Some(&owner))
            .await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.body, "RIFFdata");
        assert!(got
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("stem.wav"));
        assert_eq!(
            app.get(&format!("/media/files/{file_id}"), Some(&stranger))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/media/files/{file_id}"), None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );

        // Over the limit (1 MiB in tests): 413, and nothing is kept.
        let big = vec![0u8; 1024 * 1024 + 10];
        let res = app
            .call_multipart(
                "tracks/files",
                &owner,
                &[("track_id", &id)],
                Some(("file", "huge.wav", &big)),
            )
            .await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
        assert!(res.json()["TooLarge"]
            .as_str()
            .unwrap()
            .contains("huge.wav is larger than the 1.0 MB limit"));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM files")
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(n, 1);
        let tmp = app.dir.join("uploads/tmp");
        assert_eq!(
            std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0),
            0,
            "no temporary file left behind"
        );

        // Artwork must really be an image.
        let res = app
            .call_multipart(
                "tracks/artwork",
                &owner,
                &[("track_id", &id)],
                Some(("artwork", "a.png", b"<svg>")),
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = app
            .call_multipart(
                "tracks/artwork",
                &owner,
                &[("track_id", &id)],
                Some(("artwork", "a.png", PNG)),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let art = app.get(&format!("/media/artwork/{t}"), Some(&owner)).await;
        assert_eq!(art.status, StatusCode::OK);
        assert_eq!(art.headers.get("content-type").unwrap(), "image/png");
        assert_eq!(
            app.get(&format!("/media/artwork/{t}"), Some(&stranger))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // A viewer may not upload.
        app.add_member(t, "stranger@example.com", "view").await;
        let res = app
            .call_multipart(
                "tracks/files",
                &stranger,
                &[("track_id", &id)],
                Some(("file", "x.wav", b"x")),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn only_the_author_edits_a_comment(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        let editor = app.user("editor@example.com", "Editor").await;
        let stranger = app.user("stranger@example.com", "Stranger").await;
        let t = app.track(&owner, "Song").await;
        app.add_member(t, "editor@example.com", "edit").await;
        let res = app
            .call(
                "tracks/comment",
                Some(&editor),
                &[("track_id", &t.to_string()), ("body", "<i>first</i> take")],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let comment = res.json();
        assert_eq!(
            comment["body"], "<i>first</i> take",
            "stored as typed; rendered as text"
        );
        let id = comment["id"].as_i64().unwrap().to_string();

        async fn edit(app: &TestApp, who: &str, id: &str) -> Res {
            app.call(
                "tracks/comment_edit",
                Some(who),
                &[("comment_id", id), ("body", "second take")],
            )
            .await
        }
        let forbidden = edit(&app, &owner, &id).await;
        assert_eq!(
            forbidden.status,
            StatusCode::FORBIDDEN,
            "the owner cannot rewrite someone's words"
        );
        assert_eq!(
            edit(&app, &stranger, &id).await.status,
            StatusCode::NOT_FOUND
        );
        let res = edit(&app, &editor, &id).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.json()["body"], "second take");
        assert!(res.json()["edited_at"].is_i64());
        let missing = app
            .call(
                "tracks/comment_edit",
                Some(&editor),
                &[("comment_id", "987654"), ("body", "x")],
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        let detail = app
            .call("tracks/get", Some(&owner), &[("track_id", &t.to_string())])
            .await
            .json();
        assert_eq!(detail["comments"][0]["body"], "second take");
        assert_eq!(detail["comments"][0]["author_name"], "Editor");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_file_is_served_in_ranges_for_seeking(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Owner").await;
        let stranger = app.user("stranger@example.com", "Stranger").await;
        let t = app.track(&owner, "Song").await;
        let audio: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
        let res = app
            .call_multipart(
                "tracks/files",
                &owner,
                &[("track_id", &t.to_string())],
                Some(("file", "mix.wav", &audio)),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let path = format!("/media/files/{}", res.json()["id"].as_i64().unwrap());
        let ranged = |range: &'static str, cookie: Option<String>| {
            let mut req = Request::get(&path)
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::RANGE, range);
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            req.body(Body::empty()).unwrap()
        };

        // A player seeking: the bytes asked for, 206, with where they sit in the whole.
        let part = app.send(ranged("bytes=1000-1099", Some(owner.clone()))).await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.bytes, audio[1000..1100]);
        assert_eq!(part.headers["content-range"], "bytes 1000-1099/4096");
        let tail = app.send(ranged("bytes=-96", Some(owner.clone()))).await;
        assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(tail.bytes, audio[4000..]);
        let open = app.send(ranged("bytes=4000-", Some(owner.clone()))).await;
        assert_eq!(open.bytes, audio[4000..]);
        // Past the end: 416 and the length; nonsense: the whole file.
        let past = app.send(ranged("bytes=5000-6000", Some(owner.clone()))).await;
        assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(past.headers["content-range"], "bytes */4096");
        // Overlapping ranges too: the whole file or 416, never the bytes twice.
        for nonsense in ["bytes=abc", "pages=1-2", "bytes=9-3", "bytes=0-10,5-20", "bytes=-0"] {
            let whole = app.send(ranged(nonsense, Some(owner.clone()))).await;
            assert!(
                whole.status == StatusCode::OK || whole.status == StatusCode::RANGE_NOT_SATISFIABLE,
                "{nonsense}: {}",
                whole.status
            );
            if whole.status == StatusCode::OK {
                assert_eq!(whole.bytes, audio, "{nonsense}");
            }
        }
        // A range asks nothing of access: a stranger is not told the file exists.
        let theirs = app.send(ranged("bytes=0-9", Some(stranger))).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        assert!(theirs.bytes.len() < 200 && !theirs.bytes.starts_with(&audio[..10]));
        let nobody = app.send(ranged("bytes=0-9", None)).await;
        assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    }
}
