//! Taking triage back through the real router: Undo of a dismissal, of Mark all as read
//! and of a snooze; the Dismissed view and its Restore; the purge after 30 days. Each
//! restores exactly what its action changed, only for the person it belongs to, and says
//! 409 when that was changed since.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

const DAY: i64 = 24 * 3_600_000;

async fn dismissed(app: &TestApp, cookie: &str) -> Vec<serde_json::Value> {
    let res = app.call("notifications/dismissed", Some(cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().unwrap().clone()
}

/// Per-category unread counts of the holder of `cookie`, which must add up to the badge.
async fn counts_add_up(app: &TestApp, cookie: &str) -> i64 {
    let res = app.call("notifications/filters", Some(cookie), &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let sum: i64 = res.json()["unread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_i64().unwrap())
        .sum();
    assert_eq!(
        sum,
        unread(app, cookie).await,
        "the categories add up to the badge"
    );
    sum
}

/// Someone other than the holder, or nobody, may not take it back: 404, 401.
async fn only_its_owner(app: &TestApp, t: &Team, path: &str, fields: &[(&str, &str)]) {
    for who in [&t.owner, &t.editor, &t.stranger] {
        let res = app.call(path, Some(who), fields).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.body);
    }
    let res = app.call(path, None, fields).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_dismissal_comes_back_exactly_as_it_went(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        for body in ["one", "two", "three"] {
            comment(&app, &t.editor, t.track, body).await;
        }
        stage(&app, &t.editor, t.track, "editing").await;
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 2);
        let group = rows[1]["group"]["id"].clone();
        let g = group.to_string();
        assert_eq!(counts_add_up(&app, &t.viewer).await, 2);

        // One of the run dismissed on its own first, then (a minute later) the whole run.
        let items = group_items(&app, &t.viewer, &group).await;
        let oldest = items[2]["id"].to_string();
        app.call("notifications/dismiss", Some(&t.viewer), &[("id", &oldest)])
            .await
            .expect_ok();
        app.state.clock.advance(60_000);
        let res = app.call("notifications/dismiss_group", Some(&t.viewer), &[("group", &g)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let at = res.json().as_i64().expect("the time it dismissed them").to_string();
        assert_eq!(feed(&app, &t.viewer).await.len(), 1);
        assert_eq!(counts_add_up(&app, &t.viewer).await, 1);
        let gone = dismissed(&app, &t.viewer).await;
        assert_eq!(gone.len(), 3, "the Dismissed view lists each");
        assert!(dismissed(&app, &t.owner).await.is_empty(), "and only to its owner");

        // Undo brings back what the last dismissal took: two of the three.
        let undo = [("group", g.as_str()), ("at", at.as_str())];
        only_its_owner(&app, &t, "notifications/restore_group", &undo).await;
        app.call("notifications/restore_group", Some(&t.viewer), &undo)
            .await
            .expect_ok();
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1]["group"]["id"], group, "where it was");
        assert_eq!(rows[1]["group"]["size"], 2);
        assert_eq!(rows[1]["group"]["unread"], 2);
        assert_eq!(counts_add_up(&app, &t.viewer).await, 2);
        assert_eq!(dismissed(&app, &t.viewer).await.len(), 1);
        // A second Undo finds nothing of that dismissal left: 409, nothing changes.
        let res = app.call("notifications/restore_group", Some(&t.viewer), &undo).await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert!(res.body.contains("Nothing to undo"), "{}", res.body);
        assert_eq!(feed(&app, &t.viewer).await[1]["group"]["size"], 2);

        // Restore from the Dismissed view: the oldest rejoins its run.
        only_its_owner(&app, &t, "notifications/restore", &[("id", &oldest)]).await;
        app.call("notifications/restore", Some(&t.viewer), &[("id", &oldest)])
            .await
            .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await[1]["group"]["size"], 3);
        assert!(dismissed(&app, &t.viewer).await.is_empty());
        let res = app.call("notifications/restore", Some(&t.viewer), &[("id", &oldest)]).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("in your activity already"), "{}", res.body);
        assert_eq!(counts_add_up(&app, &t.viewer).await, 2);

        // Bad input: 400 for what is not a number, 404 for what is not there.
        for (path, field) in [("notifications/restore", "id"), ("notifications/restore_group", "group")] {
            let res = app.call(path, Some(&t.viewer), &[(field, "abc"), ("at", &at)]).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}");
            let res = app.call(path, Some(&t.viewer), &[(field, "987654321"), ("at", &at)]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
        let res = app
            .call("notifications/restore_group", Some(&t.viewer), &[("group", &g), ("at", "x")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = app.call("notifications/dismissed", None, &[]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        let res = app.call("notifications/dismissed", Some(&t.viewer), &[("before", "x")]).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn undoing_mark_all_read_brings_back_only_what_it_read(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "one").await;
        stage(&app, &t.editor, t.track, "editing").await;
        comment(&app, &t.owner, t.track, "two").await;
        let rows = feed(&app, &t.viewer).await;
        assert_eq!(rows.len(), 3);
        // One was read before, on its own: Undo leaves it read.
        let read_before = rows[2]["id"].to_string();
        app.call("notifications/read", Some(&t.viewer), &[("id", &read_before)])
            .await
            .expect_ok();
        app.state.clock.advance(1_000);
        let res = app.call("notifications/read_all", Some(&t.viewer), &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let at = res.json().as_i64().expect("the time it marked them").to_string();
        assert_eq!(counts_add_up(&app, &t.viewer).await, 0);

        // Someone else's Undo of it changes nothing of the viewer's.
        let res = app.call("notifications/unread_again", Some(&t.owner), &[("at", &at)]).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let res = app.call("notifications/unread_again", None, &[("at", &at)]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        let res = app.call("notifications/unread_again", Some(&t.viewer), &[("at", "soon")]).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert_eq!(unread(&app, &t.viewer).await, 0);

        app.call("notifications/unread_again", Some(&t.viewer), &[("at", &at)])
            .await
            .expect_ok();
        assert_eq!(counts_add_up(&app, &t.viewer).await, 2);
        let rows = feed(&app, &t.viewer).await;
        let read: Vec<bool> = rows.iter().map(|n| n["read"].as_bool().unwrap()).collect();
        assert_eq!(read, [false, false, true]);
        // Twice: nothing left to undo.
        let res = app.call("notifications/unread_again", Some(&t.viewer), &[("at", &at)]).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(unread(&app, &t.viewer).await, 2);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn undoing_a_snooze_puts_the_row_back_where_it_was(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "one").await;
        stage(&app, &t.editor, t.track, "editing").await;
        let rows = feed(&app, &t.viewer).await;
        let g = rows[1]["group"]["id"].to_string();
        let until = (app.state.clock.now_ms() + 3_600_000).to_string();
        app.call("notifications/snooze", Some(&t.viewer), &[("group", &g), ("until", &until)])
            .await
            .expect_ok();
        assert_eq!(counts_add_up(&app, &t.viewer).await, 1);

        only_its_owner(&app, &t, "notifications/unsnooze", &[("group", &g), ("until", &until)]).await;
        // Not snoozed until then: it was snoozed again, or came back.
        let other = (app.state.clock.now_ms() + 7_200_000).to_string();
        let res = app
            .call("notifications/unsnooze", Some(&t.viewer), &[("group", &g), ("until", &other)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        let res = app
            .call("notifications/unsnooze", Some(&t.viewer), &[("group", &g), ("until", "later")])
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);

        app.call("notifications/unsnooze", Some(&t.viewer), &[("group", &g), ("until", &until)])
            .await
            .expect_ok();
        let back = feed(&app, &t.viewer).await;
        assert_eq!(back.len(), 2);
        assert_eq!(back[1]["group"]["id"].to_string(), g, "in its place, not on top");
        assert_eq!(counts_add_up(&app, &t.viewer).await, 2);
        let res = app
            .call("notifications/unsnooze", Some(&t.viewer), &[("group", &g), ("until", &until)])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn dismissed_notifications_are_kept_30_days_then_purged(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "old").await;
        let old = feed(&app, &t.viewer).await[0]["id"].to_string();
        app.call("notifications/dismiss", Some(&t.viewer), &[("id", &old)])
            .await
            .expect_ok();
        app.state.clock.advance(2 * DAY);
        stage(&app, &t.editor, t.track, "editing").await;
        let newer = feed(&app, &t.viewer).await[0]["id"].to_string();
        app.call("notifications/dismiss", Some(&t.viewer), &[("id", &newer)])
            .await
            .expect_ok();
        assert_eq!(dismissed(&app, &t.viewer).await.len(), 2);

        // 30 days and a minute after the first dismissal: only the second is kept.
        app.state.clock.advance(28 * DAY + 60_000);
        let viewer = app.sign_in("viewer@example.com").await;
        let t = Team { viewer, ..t };
        assert_eq!(dismissed(&app, &t.viewer).await.len(), 1, "the view shows 30 days");
        producer_dashboard::server::tasks::sweep(&app.state).await.unwrap();
        let left: Vec<String> = dismissed(&app, &t.viewer)
            .await
            .iter()
            .map(|n| n["id"].to_string())
            .collect();
        assert_eq!(left, [newer]);
        let res = app.call("notifications/restore", Some(&t.viewer), &[("id", &old)]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "purged");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE id = $1")
            .bind(old.parse::<i64>().unwrap())
            .fetch_one(&app.state.pool)
            .await
            .unwrap();
        assert_eq!(rows, 0);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_dismissed_view_is_a_page_that_works_without_javascript(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let t = team(&app).await;
        comment(&app, &t.editor, t.track, "<script>alert(1)</script>").await;
        let n = feed(&app, &t.viewer).await[0]["id"].to_string();
        app.call("notifications/dismiss", Some(&t.viewer), &[("id", &n)])
            .await
            .expect_ok();
        let page = app.get("/activity?view=dismissed", Some(&t.viewer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Dismissed notifications are kept for 30 days"), "{}", page.body);
        assert!(page.body.contains("action=\"/api/notifications/restore\""), "a real form");
        assert!(page.body.contains(&format!("name=\"id\" value=\"{n}\"")));
        assert!(!page.body.contains("<script>alert(1)"), "text, not markup");
        let page = app.get("/activity?view=everything", Some(&t.viewer)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.body.contains("There is no such view of your activity."));
        let page = app.get("/activity?view=dismissed", None).await;
        assert_ne!(page.status, StatusCode::OK, "signed out: sign in first");
    }
}
