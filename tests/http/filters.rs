//! The feed's filters (unread only, a category, a track) through the real router: the
//! server function, what the filters offer, the activity page's URL, and bad input.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// The first page of `cookie`'s feed with `fields` as filters.
async fn filtered(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> Vec<serde_json::Value> {
    let res = app.call("notifications/feed", Some(cookie), fields).await;
    assert_eq!(res.status, StatusCode::OK, "{fields:?}: {}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

/// Each category's unread count and the tracks listed, as the filters offer them.
async fn choices(app: &TestApp, cookie: &str) -> (Vec<(String, i64)>, Vec<String>) {
    let res = app.call("notifications/filters", Some(cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    let counts = v["unread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_i64().unwrap(),
            )
        })
        .collect();
    let tracks = v["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect();
    (counts, tracks)
}

fn count(counts: &[(String, i64)], category: &str) -> i64 {
    counts
        .iter()
        .find(|(c, _)| c == category)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("{category} is listed"))
}

producer_dashboard::platform::testdb::db_test! {
    async fn filters_show_only_what_they_name(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        let second = app.track(&t.owner, "Aria").await;
        app.add_member(second, "viewer@example.com", "view").await;
        app.add_member(second, "editor@example.com", "edit").await;
        for (track, body) in [(t.track, "first"), (second, "second")] {
            comment(&app, &t.editor, track, body).await;
        }
        let v = &t.viewer;
        assert_eq!(filtered(&app, v, &[]).await.len(), 2);
        assert_eq!(filtered(&app, v, &[("category", "workflow")]).await.len(), 2);
        assert!(filtered(&app, v, &[("category", "deadline")]).await.is_empty());
        let on_second = filtered(&app, v, &[("track", &second.to_string())]).await;
        assert_eq!(on_second.len(), 1);
        assert_eq!(on_second[0]["track_id"], second);

        // Both unread: Workflow counts both rows; the tracks are listed by title.
        let (counts, tracks) = choices(&app, v).await;
        assert_eq!(counts.len(), 6, "every category, Support too");
        assert_eq!(count(&counts, "Workflow"), 2);
        assert_eq!(count(&counts, "Deadline"), 0);
        assert_eq!(count(&counts, "Support"), 0);
        assert_eq!(tracks, vec!["Aria".to_string(), "Song <b>One</b>".to_string()]);

        // Reading the first track's row takes it out of "Unread only" and the count.
        let first = filtered(&app, v, &[("track", &t.track.to_string())]).await;
        app.call(
            "notifications/read_group",
            Some(v),
            &[("group", &first[0]["group"]["id"].to_string())],
        )
        .await
        .expect_ok();
        let unread_only = filtered(&app, v, &[("unread", "1")]).await;
        assert_eq!(unread_only.len(), 1);
        assert_eq!(unread_only[0]["track_id"], second);
        assert!(filtered(&app, v, &[("unread", "1"), ("track", &t.track.to_string())])
            .await
            .is_empty());
        assert_eq!(filtered(&app, v, &[("unread", "0")]).await.len(), 2);
        assert_eq!(count(&choices(&app, v).await.0, "Workflow"), 1);

        // A snoozed row leaves the count and the track list until it is back.
        app.call(
            "notifications/snooze",
            Some(v),
            &[
                ("group", &unread_only[0]["group"]["id"].to_string()),
                ("until", &(app.state.clock.now_ms() + 3_600_000).to_string()),
            ],
        )
        .await
        .expect_ok();
        let (counts, tracks) = choices(&app, v).await;
        assert_eq!(count(&counts, "Workflow"), 0);
        assert_eq!(tracks, vec!["Song <b>One</b>".to_string()]);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn bad_filters_are_refused_with_a_reason(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "hello").await;
        let other = app.track(&t.stranger, "Private").await;
        // (filters, answer, what it says)
        type Case<'a> = (&'a [(&'a str, &'a str)], StatusCode, &'a str);
        let cases: [Case; 7] = [
            (&[("unread", "maybe")], StatusCode::BAD_REQUEST, "Unread only"),
            (&[("category", "gossip")], StatusCode::BAD_REQUEST, "There is no category"),
            (&[("category", "Deadline")], StatusCode::BAD_REQUEST, "There is no category"),
            (&[("track", "abc")], StatusCode::BAD_REQUEST, "Choose a track"),
            (&[("track", "-3")], StatusCode::BAD_REQUEST, "Choose a track"),
            (&[("track", "999999")], StatusCode::NOT_FOUND, "no notifications about that track"),
            (&[("track", &other.to_string())], StatusCode::NOT_FOUND, "no notifications about that track"),
        ];
        for (fields, status, says) in cases {
            let res = app.call("notifications/feed", Some(&t.viewer), fields).await;
            assert_eq!(res.status, status, "{fields:?}: {}", res.body);
            assert!(res.body.contains(says), "{fields:?}: {}", res.body);
        }
        // A long unknown value is shown cut short, never as markup.
        let long = format!("<script>{}</script>", "x".repeat(500));
        let res = app
            .call("notifications/feed", Some(&t.viewer), &[("category", &long)])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert!(res.body.len() < 400, "{}", res.body);
        assert_eq!(unread(&app, &t.viewer).await, 1, "nothing changed");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn every_person_filters_only_their_own_feed(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "hello").await;
        let track = t.track.to_string();
        // Owner and viewer were told; the editor (who wrote it) and the stranger were not:
        // filtering by the track is "no notifications about that track" for them.
        for who in [&t.owner, &t.viewer] {
            assert_eq!(filtered(&app, who, &[("track", &track)]).await.len(), 1);
            assert_eq!(count(&choices(&app, who).await.0, "Workflow"), 1);
        }
        for who in [&t.editor, &t.stranger] {
            let res = app
                .call("notifications/feed", Some(who), &[("track", &track)])
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
            let (counts, tracks) = choices(&app, who).await;
            assert!(counts.iter().all(|(_, n)| *n == 0));
            assert!(tracks.is_empty());
        }
        for (path, fields) in [
            ("notifications/feed", vec![("track", track.as_str())]),
            ("notifications/filters", vec![]),
        ] {
            let res = app.call(path, None, &fields).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}: {}", res.body);
        }
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_activity_page_filters_from_its_url(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        for body in ["one", "two"] {
            comment(&app, &t.editor, t.track, body).await;
        }
        let v = &t.viewer;
        let page = app.get("/activity?category=workflow&unread=1", Some(v)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Eddie Editor: two"), "the row is listed");
        assert!(page.body.contains(r#"aria-current="page""#));
        let at = page.body.find(r#"name="unread""#).expect("the Unread only box");
        let tag = &page.body[at..at + page.body[at..].find('>').unwrap()];
        assert!(tag.contains("checked"), "{tag}");
        assert!(page.body.contains("Clear filters"));

        let page = app.get("/activity?category=deadline", Some(v)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Nothing here with these filters: Deadline."), "{}", page.body);
        assert!(!page.body.contains("Eddie Editor: two"));

        let page = app
            .get(&format!("/activity?track={}&unread=1", t.track), Some(v))
            .await;
        assert!(page.body.contains("Eddie Editor: two"));

        let page = app.get("/activity?category=%3Cb%3Ebold", Some(v)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.body.contains("There is no category"));
        assert!(!page.body.contains("<b>bold"), "shown as text");
        let page = app.get("/activity?track=424242", Some(v)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("no notifications about that track"));
    }
}
