//! Listening through the real router: versions (upload, remove, who may), comments at a
//! moment (and what is refused), the notifications and emails that point at a moment,
//! and a track page cued there.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// A WAV of `seconds` seconds (8 kHz mono, a tone at half scale).
fn wav(seconds: u32) -> Vec<u8> {
    let frames = 8_000 * seconds as usize;
    let tone = (0..frames).map(|i| (i as f32 * std::f32::consts::TAU / 8.0).sin() * 0.5);
    producer_dashboard::audio::write_wav(8_000, 1, tone)
}

/// Uploads `bytes` as `name` on `track` (as the holder of `cookie`): the answer.
async fn upload(app: &TestApp, cookie: &str, track: i64, name: &str, bytes: &[u8]) -> Res {
    app.call_multipart(
        "tracks/files",
        cookie,
        &[("track_id", &track.to_string())],
        Some(("file", name, bytes)),
    )
    .await
}

async fn new_version(app: &TestApp, cookie: &str, track: i64, of: &str, bytes: &[u8]) -> Res {
    app.call_multipart(
        "tracks/files/version",
        cookie,
        &[("track_id", &track.to_string()), ("file_id", of)],
        Some(("file", "mix-next.wav", bytes)),
    )
    .await
}

/// Runs the waveform pass now (the worker's work).
async fn analyse(app: &TestApp) {
    producer_dashboard::tracks::waveforms::drain(&app.state)
        .await
        .unwrap();
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.pool)
        .await
        .unwrap()
}

producer_dashboard::platform::testdb::db_test! {
    /// Owner and editors add versions; a viewer may not, a stranger is not told the file
    /// exists, nobody signed out gets in; the track's people hear of each version.
    async fn versions_follow_the_permission_matrix(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let first = upload(&app, &t.owner, t.track, "mix.wav", &wav(1)).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        let v1 = first.json()["id"].as_i64().unwrap().to_string();

        let by_owner = new_version(&app, &t.owner, t.track, &v1, &wav(1)).await;
        assert_eq!(by_owner.status, StatusCode::OK, "{}", by_owner.body);
        assert_eq!(by_owner.json()["version"], 2);
        assert_eq!(by_owner.json()["line_id"].as_i64().unwrap().to_string(), v1);
        let v2 = by_owner.json()["id"].as_i64().unwrap().to_string();
        // Any version names the file.
        let by_editor = new_version(&app, &t.editor, t.track, &v2, &wav(1)).await;
        assert_eq!(by_editor.status, StatusCode::OK, "{}", by_editor.body);
        assert_eq!(by_editor.json()["version"], 3);
        let by_viewer = new_version(&app, &t.viewer, t.track, &v1, &wav(1)).await;
        assert_eq!(by_viewer.status, StatusCode::FORBIDDEN, "{}", by_viewer.body);
        let by_stranger = new_version(&app, &t.stranger, t.track, &v1, &wav(1)).await;
        assert_eq!(by_stranger.status, StatusCode::NOT_FOUND, "{}", by_stranger.body);
        let signed_out = new_version(&app, "", t.track, &v1, &wav(1)).await;
        assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM files").await, 3, "nothing stored for them");

        // Bad input: no id, a file on another track, no file.
        let bad = new_version(&app, &t.owner, t.track, "abc", &wav(1)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.json()["Invalid"], "The file is not a valid id.");
        let elsewhere = app.track(&t.owner, "Other").await;
        let theirs = upload(&app, &t.owner, elsewhere, "other.wav", &wav(1)).await;
        let other_id = theirs.json()["id"].as_i64().unwrap().to_string();
        let wrong = new_version(&app, &t.owner, t.track, &other_id, &wav(1)).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        assert_eq!(wrong.json()["NotFound"], "That file is not on this track any more.");
        let empty = app
            .call_multipart("tracks/files/version", &t.owner, &[("track_id", &t.track.to_string()), ("file_id", &v1)], None)
            .await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert_eq!(empty.json()["Invalid"], "Choose the new version's file.");
        // Not a multipart form at all: refused before it is read.
        let plain = app
            .call("tracks/files/version", Some(&t.owner), &[("track_id", &t.track.to_string()), ("file_id", &v1)])
            .await;
        assert_eq!(plain.status, StatusCode::BAD_REQUEST, "{}", plain.body);

        // The viewer heard of both versions, each pointing at its file.
        let items = feed(&app, &t.viewer).await;
        let titles: Vec<&str> = items.iter().map(|n| n["title"].as_str().unwrap()).collect();
        assert!(titles.contains(&"Eddie Editor uploaded v3 of mix.wav on Song <b>One</b>"), "{titles:?}");
        assert!(titles.contains(&"Olive Owner uploaded v2 of mix.wav on Song <b>One</b>"), "{titles:?}");
        let newest = &items[0];
        assert_eq!(newest["kind"], "version_added");
        assert_eq!(newest["cue"]["file_id"].as_i64(), by_editor.json()["id"].as_i64());
    }
}

producer_dashboard::platform::testdb::db_test! {
    /// A version is removed by its uploader (with edit rights) or by someone who manages
    /// the track; its bytes, its space and collaborators' copies go with it.
    async fn removing_a_version_frees_its_space(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let v1 = upload(&app, &t.owner, t.track, "mix.wav", &wav(2)).await.json()["id"].as_i64().unwrap();
        let v2 = new_version(&app, &t.editor, t.track, &v1.to_string(), &wav(1)).await.json()["id"].as_i64().unwrap();
        producer_dashboard::tracks::sync::drain(&app.state).await.unwrap();
        let remove = |cookie: &str, id: i64| {
            let cookie = cookie.to_string();
            let app = &app;
            async move { app.call("tracks/files/remove", Some(&cookie), &[("file_id", &id.to_string())]).await }
        };
        let used = "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM files";
        let before = count(&app, used).await;

        assert_eq!(remove(&t.viewer, v2).await.status, StatusCode::FORBIDDEN);
        let not_theirs = remove(&t.editor, v1).await;
        assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
        assert_eq!(
            not_theirs.json()["Forbidden"],
            "Only the file's uploader, the owner or a collaborator with full control can remove it."
        );
        let stranger = remove(&t.stranger, v1).await;
        assert_eq!(stranger.status, StatusCode::NOT_FOUND);
        assert_eq!(stranger.json()["NotFound"], "This file does not exist or is not shared with you.");
        assert_eq!(app.call("tracks/files/remove", None, &[("file_id", &v1.to_string())]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(remove(&t.owner, 424_242).await.status, StatusCode::NOT_FOUND);
        let bad = app.call("tracks/files/remove", Some(&t.owner), &[("file_id", "x")]).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(count(&app, used).await, before, "nothing removed yet");

        // The editor removes their own version; the owner removes the first.
        let replica = app.dir.join("synced").join(app.user_id("viewer@example.com").await.to_string()).join(v2.to_string());
        assert!(replica.exists(), "the viewer kept a copy");
        assert_eq!(remove(&t.editor, v2).await.status, StatusCode::OK);
        assert!(!replica.exists(), "the copy went with it");
        assert_eq!(count(&app, used).await, before - wav(1).len() as i64);
        assert_eq!(remove(&t.owner, v1).await.status, StatusCode::OK);
        assert_eq!(count(&app, used).await, 0);
        assert_eq!(app.get(&format!("/media/files/{v1}"), Some(&t.owner)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(remove(&t.owner, v1).await.status, StatusCode::NOT_FOUND, "gone");
    }
}

producer_dashboard::platform::testdb::db_test! {
    /// A comment pinned to a moment of an analysed version: kept with it, told with it
    /// (title, link, email), and refused with a sentence when the moment is not one.
    async fn comments_at_a_moment(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let file = upload(&app, &t.owner, t.track, "mix.wav", &wav(3)).await.json()["id"].as_i64().unwrap();
        let (track, file_id) = (t.track.to_string(), file.to_string());
        let pinned = |at: &'static str, until: &'static str, file: String| {
            let track = track.clone();
            let app = &app;
            let cookie = t.editor.clone();
            async move {
                app.call(
                    "tracks/comment",
                    Some(&cookie),
                    &[("track_id", &track), ("body", "vocal too loud"), ("file_id", &file), ("at", at), ("until", until)],
                )
                .await
            }
        };
        let early = pinned("0:01", "", file_id.clone()).await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST);
        assert_eq!(early.json()["Invalid"], "mix.wav has no known length yet, so a comment cannot point at a moment in it.");
        analyse(&app).await;

        // The viewer wants track activity by email.
        let viewer = app.user_id("viewer@example.com").await;
        let mut prefs = producer_dashboard::notifications::preferences::Preferences::default();
        prefs.track.email = true;
        let mut db = app.state.pool.acquire().await.unwrap();
        producer_dashboard::notifications::preferences::store::save(&mut db, viewer, &prefs, 0).await.unwrap();
        drop(db);

        let ok = pinned("0:01.5", "0:02", file_id.clone()).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let moment = &ok.json()["moment"];
        assert_eq!((moment["at_ms"].as_i64(), moment["until_ms"].as_i64()), (Some(1_500), Some(2_000)));
        assert_eq!((moment["file_id"].as_i64(), moment["version"].as_i64()), (Some(file), Some(1)));
        let n = &feed(&app, &t.viewer).await[0];
        assert_eq!(n["title"], "Eddie Editor commented at 0:01 on Song <b>One</b>");
        assert_eq!(n["message"], "Eddie Editor at 0:01: vocal too loud");
        assert_eq!((n["cue"]["file_id"].as_i64(), n["cue"]["at_ms"].as_i64()), (Some(file), Some(1_500)));
        let body: String = sqlx::query_scalar("SELECT body FROM email_outbox WHERE user_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(viewer)
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert!(
            body.contains(&format!("/tracks/{}?widget=comments&file={file}&t=1.5", t.track)),
            "{body}"
        );

        // A second one joins the first's group, which shows the newest with its moment.
        let again = pinned("0:02.25", "", file_id.clone()).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        let row = &feed(&app, &t.viewer).await[0];
        assert_eq!(row["group"]["size"], 2);
        assert_eq!(row["group"]["title"], "Eddie Editor left 2 comments on Song <b>One</b>");
        assert_eq!(row["message"], "Eddie Editor at 0:02: vocal too loud");
        assert_eq!(row["cue"]["at_ms"], 2_250);

        // Refused, each with its sentence, and nothing stored.
        let other = app.track(&t.owner, "Other").await;
        let elsewhere = upload(&app, &t.owner, other, "else.wav", &wav(1)).await.json()["id"].as_i64().unwrap();
        for (at, until, file, said) in [
            ("0:04", "", file_id.clone(), "That moment is outside mix.wav, which is 0:03 long."),
            ("0:02", "0:09", file_id.clone(), "That moment is outside mix.wav, which is 0:03 long."),
            ("1:75", "", file_id.clone(), "Write the moment as minutes and seconds, like 1:32."),
            ("-1", "", file_id.clone(), "Write the moment as minutes and seconds, like 1:32."),
            ("0:02", "0:01", file_id.clone(), "The end of the range must come after its start."),
            ("", "0:01", file_id.clone(), "Give the start of the range as well as its end."),
            ("0:01", "", String::new(), "Choose the file the moment is in."),
            ("0:01", "", "abc".to_string(), "The file is not a valid id."),
            ("0:01", "", elsewhere.to_string(), "That file is not on this track. Choose one of its audio files."),
        ] {
            let res = pinned(at, until, file).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{at} {until}: {}", res.body);
            assert_eq!(res.json()["Invalid"], said, "{at} {until}");
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM comments").await, 2);

        // Without a moment it is a comment as before.
        let plain = app.call("tracks/comment", Some(&t.editor), &[("track_id", &track), ("body", "nice")]).await;
        assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
        assert!(plain.json()["moment"].is_null());

        // The page opened at the moment (once the viewer's copy is there): that version,
        // at that time, not playing.
        producer_dashboard::tracks::sync::drain(&app.state).await.unwrap();
        let page = app
            .get(&format!("/tracks/{}?widget=comments&file={file}&t=1.5", t.track), Some(&t.viewer))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let at = page.body.find("<audio").unwrap_or(0);
        assert!(page.body.contains(&format!("src=\"/media/files/{file}#t=1.5\"")), "cued: {}", &page.body[at..(at + 300).min(page.body.len())]);
        assert!(page.body.contains("<span data-now=\"\">0:01</span>"));
        assert!(page.body.contains("aria-label=\"Play from 0:01–0:02\""), "the moment as a link");
        assert!(!page.body.contains("autoplay"));
        // Nonsense in the address is ignored, not an error.
        for query in ["file=abc&t=1", "file=1&t=-5", "file=1&t=NaN", "t=99999999"] {
            let res = app.get(&format!("/tracks/{}?{query}", t.track), Some(&t.viewer)).await;
            assert_eq!(res.status, StatusCode::OK, "{query}");
        }
    }
}
