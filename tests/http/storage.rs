//! Storage quotas: uploads and synced copies count; what would pass the quota is refused
//! before it is stored or copied.

use super::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use producer_dashboard::platform::db::DbPool;

const KB: usize = 1024;

async fn upload(app: &TestApp, cookie: &str, track: i64, bytes: usize) -> Res {
    app.call_multipart(
        "tracks/files",
        cookie,
        &[("track_id", &track.to_string())],
        Some(("file", "take.wav", &vec![7u8; bytes])),
    )
    .await
}

async fn used(app: &TestApp, cookie: &str) -> (u64, u64) {
    let s = app.call("settings/storage", Some(cookie), &[]).await.json();
    (s["used"].as_u64().unwrap(), s["quota"].as_u64().unwrap())
}

async fn files(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM files")
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

producer_dashboard::platform::testdb::db_test! {
    async fn uploads_and_copies_count_and_what_would_not_fit_is_refused(pool: DbPool) {
        let app = TestApp::with_config(pool, |c| c.storage_quota_bytes = 100 * KB as u64).await;
        let t = team(&app).await;
        assert_eq!(used(&app, &t.owner).await, (0, 100 * 1024));
        assert_eq!(
            app.call("settings/storage", None, &[]).await.status,
            StatusCode::UNAUTHORIZED
        );

        // The owner's upload counts for her, and its copies for the editor and the viewer.
        let res = upload(&app, &t.owner, t.track, 30 * KB).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        for cookie in [&t.owner, &t.editor, &t.viewer] {
            assert_eq!(used(&app, cookie).await.0, 30 * 1024);
        }
        assert_eq!(used(&app, &t.stranger).await.0, 0);

        // One that would pass her quota: refused, nothing stored, with the figures.
        let res = upload(&app, &t.owner, t.track, 80 * KB).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
        assert_eq!(
            res.json()["TooLarge"],
            "Not enough storage: this upload is 80 KB and you have 70 KB left of your 100 KB. Remove files you no longer need and try again."
        );
        assert_eq!(files(&app).await, 1);
        // A request that declares more than the room left is refused before it is read
        // (its body here is tiny: had it been read, it would have fitted).
        let boundary = "b";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"track_id\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.wav\"\r\n\r\nxx\r\n--{boundary}--\r\n",
            t.track
        );
        let req = Request::post("/api/tracks/files")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &t.owner)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::CONTENT_LENGTH, (500 * KB).to_string())
            .body(Body::from(body))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
        assert!(res.body.contains("this upload is 500 KB"), "{}", res.body);
        assert_eq!(files(&app).await, 1);

        // A collaborator without room for the copy: refused, and told who.
        let editors_own = app.track(&t.editor, "Eddie's own").await;
        let res = upload(&app, &t.editor, editors_own, 60 * KB).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = upload(&app, &t.owner, t.track, 20 * KB).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
        assert_eq!(
            res.json()["TooLarge"],
            "Not enough storage: Eddie Editor has 10 KB left, and everyone on this track keeps a copy of its files."
        );
        assert_eq!(files(&app).await, 2);

        // Joining a track whose files would not fit: refused, the invitation stays pending.
        let strangers_own = app.track(&t.stranger, "Stan's own").await;
        assert_eq!(
            upload(&app, &t.stranger, strangers_own, 80 * KB)
                .await
                .status,
            StatusCode::OK
        );
        let res = app
            .call(
                "invitations/create",
                Some(&t.owner),
                &[
                    ("track_id", &t.track.to_string()),
                    ("email", "stranger@example.com"),
                    ("permission", "view"),
                ],
            )
            .await;
        let invite = res.json()["id"].to_string();
        let res = app
            .call("invitations/accept", Some(&t.stranger), &[("id", &invite)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(
            res.json()["Conflict"],
            "Not enough storage to accept: this track's files take 30 KB and you have 20 KB left of your 100 KB. Remove files you no longer need and try again."
        );
        let pending = app
            .call("invitations/pending", Some(&t.stranger), &[])
            .await
            .json();
        assert_eq!(pending.as_array().unwrap().len(), 1);
        let copies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file_syncs WHERE user_id = $1")
            .bind(app.user_id("stranger@example.com").await)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(copies, 0, "no byte was queued for copying");
        // The Profile page shows the figures.
        let page = app.get("/settings/profile", Some(&t.stranger)).await;
        assert!(
            page.body.contains("80 KB of 100 KB used"),
            "storage on Profile"
        );
    }
}
