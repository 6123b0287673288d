//! Acting on several rows at once through the real router: mark read, dismiss and snooze
//! a selection, all of it or none, only one's own, Undo of a dismissal and a snooze, and
//! bad input.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// The selection as the server function's form fields (`groups[0]=…`).
fn fields<'a>(groups: &'a [String], rest: &[(&'a str, &'a str)]) -> Vec<(String, &'a str)> {
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| (format!("groups[{i}]"), g.as_str()))
        .chain(rest.iter().map(|(k, v)| (k.to_string(), *v)))
        .collect()
}

async fn act(app: &TestApp, cookie: Option<&str>, path: &str, f: &[(String, &str)]) -> Res {
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.call(path, cookie, &f).await
}

/// A viewer with three rows: two runs of comments (on two tracks) and a stage change.
async fn three_rows(app: &TestApp) -> (Team, Vec<String>) {
    let t = team(app).await;
    comment(app, &t.editor, t.track, "one").await;
    stage(app, &t.editor, t.track, "editing").await;
    comment(app, &t.editor, t.track, "two").await;
    let groups: Vec<String> = feed(app, &t.viewer)
        .await
        .iter()
        .map(|n| n["group"]["id"].to_string())
        .collect();
    assert_eq!(groups.len(), 3);
    (t, groups)
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_selection_is_read_dismissed_or_snoozed_together(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let (t, groups) = three_rows(&app).await;
        let two = groups[..2].to_vec();
        assert_eq!(unread(&app, &t.viewer).await, 3);

        // Only its owner: anyone else's attempt is 404 and changes nothing.
        for who in [&t.owner, &t.editor, &t.stranger] {
            let res = act(&app, Some(who), "notifications/selection", &fields(&two, &[("action", "read")])).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        }
        let res = act(&app, None, "notifications/selection", &fields(&two, &[("action", "read")])).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        // One of them not the viewer's: none of it happens.
        let owners = feed(&app, &t.owner).await;
        let mixed = vec![two[0].clone(), owners[0]["group"]["id"].to_string()];
        let res = act(&app, Some(&t.viewer), "notifications/selection", &fields(&mixed, &[("action", "dismiss")])).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(feed(&app, &t.viewer).await.len(), 3, "all or nothing");

        // Read together.
        act(&app, Some(&t.viewer), "notifications/selection", &fields(&two, &[("action", "read")]))
            .await
            .expect_ok();
        assert_eq!(unread(&app, &t.viewer).await, 1);

        // Dismissed together, then undone together.
        let res = act(&app, Some(&t.viewer), "notifications/selection", &fields(&two, &[("action", "dismiss")])).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let at = res.json().as_i64().unwrap().to_string();
        assert_eq!(feed(&app, &t.viewer).await.len(), 1);
        let undo = fields(&two, &[("action", "dismiss"), ("at", &at)]);
        let res = act(&app, Some(&t.owner), "notifications/selection/undo", &undo).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        act(&app, Some(&t.viewer), "notifications/selection/undo", &undo).await.expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 3);
        let res = act(&app, Some(&t.viewer), "notifications/selection/undo", &undo).await;
        assert_eq!(res.status, StatusCode::CONFLICT, "nothing left to undo");

        // Snoozed together (off the badge), then undone: back where they were.
        let until = (app.state.clock.now_ms() + 3_600_000).to_string();
        let all = groups.clone();
        act(&app, Some(&t.viewer), "notifications/selection", &fields(&all, &[("action", "snooze"), ("until", &until)]))
            .await
            .expect_ok();
        assert!(feed(&app, &t.viewer).await.is_empty());
        assert_eq!(unread(&app, &t.viewer).await, 0);
        act(&app, Some(&t.viewer), "notifications/selection/undo", &fields(&all, &[("action", "snooze"), ("at", &until)]))
            .await
            .expect_ok();
        let back: Vec<String> = feed(&app, &t.viewer).await.iter().map(|n| n["group"]["id"].to_string()).collect();
        assert_eq!(back, groups);
        assert_eq!(unread(&app, &t.viewer).await, 1);
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn a_bad_selection_is_refused_with_a_sentence(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let (t, groups) = three_rows(&app).await;
        let none: Vec<String> = Vec::new();
        let too_many: Vec<String> = (0..201).map(|i| i.to_string()).collect();
        for (sel, rest, says) in [
            (&none, vec![("action", "read")], "Select between 1 and 200 notifications."),
            (&too_many, vec![("action", "read")], "Select between 1 and 200 notifications."),
            (&groups, vec![("action", "archive")], "Choose Mark read, Dismiss or Snooze for the selection."),
            (&groups, vec![("action", "snooze")], "Choose a time in the next 31 days to snooze until."),
            (&groups, vec![("action", "snooze"), ("until", "1")], "Choose a time in the next 31 days to snooze until."),
            (&groups, vec![("action", "snooze"), ("hours", "0")], "Choose a time in the next 31 days to snooze until."),
            (&groups, vec![("action", "snooze"), ("hours", "745")], "Choose a time in the next 31 days to snooze until."),
        ] {
            let res = act(&app, Some(&t.viewer), "notifications/selection", &fields(sel, &rest)).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{rest:?}: {}", res.body);
            assert!(res.body.contains(says), "{}", res.body);
        }
        let res = act(&app, Some(&t.viewer), "notifications/selection", &[("groups[0]".to_string(), "abc"), ("action".to_string(), "read")]).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        let res = act(&app, Some(&t.viewer), "notifications/selection/undo", &fields(&groups, &[("action", "read"), ("at", "1")])).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
        assert!(res.body.contains("Only a dismissal or a snooze can be undone."));
        assert_eq!(unread(&app, &t.viewer).await, 3, "nothing changed");
    }
}

producer_dashboard::platform::testdb::db_test! {
    async fn the_activity_pages_forms_snooze_for_hours_and_select_with_ticked_boxes(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let (t, groups) = three_rows(&app).await;
        let now = app.state.clock.now_ms();
        // A row snoozed for 3 hours: only its owner; the answer is when it comes back.
        let one = [("group", groups[0].as_str()), ("hours", "3")];
        for who in [&t.owner, &t.editor, &t.stranger] {
            let res = app.call("notifications/snooze_for", Some(who), &one).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
        }
        assert_eq!(app.call("notifications/snooze_for", None, &one).await.status, StatusCode::UNAUTHORIZED);
        for hours in ["0", "-1", "745", "three", ""] {
            let res = app.call("notifications/snooze_for", Some(&t.viewer), &[("group", &groups[0]), ("hours", hours)]).await;
            assert_eq!(res.status, StatusCode::BAD_REQUEST, "{hours}: {}", res.body);
        }
        assert_eq!(feed(&app, &t.viewer).await.len(), 3, "nothing snoozed yet");
        let res = app.call("notifications/snooze_for", Some(&t.viewer), &one).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let until = res.json().as_i64().unwrap();
        assert_eq!(until, now + 3 * 3_600_000);
        assert_eq!(feed(&app, &t.viewer).await.len(), 2);
        // Its Undo (what the toast posts: the same fields and the answer as `until`).
        let until = until.to_string();
        app.call("notifications/unsnooze", Some(&t.viewer), &[("group", &groups[0]), ("hours", "3"), ("until", &until)])
            .await
            .expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 3);

        // The page's selection form, as a browser posts it without JavaScript: the ticked
        // boxes as `groups[]`, the pressed button's `action`, the chosen `hours`.
        let form = |action: &'static str| {
            vec![
                ("groups[]", groups[1].as_str()),
                ("groups[]", groups[2].as_str()),
                ("action", action),
                ("hours", "24"),
            ]
        };
        let res = app.call("notifications/selection", Some(&t.viewer), &form("snooze")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let until = res.json().as_i64().unwrap();
        assert_eq!(until, now + 24 * 3_600_000, "a snooze answers with when it ends");
        assert_eq!(feed(&app, &t.viewer).await.len(), 1);
        let mut undo = form("snooze");
        let at = until.to_string();
        undo.push(("at", &at));
        app.call("notifications/selection/undo", Some(&t.viewer), &undo).await.expect_ok();
        assert_eq!(feed(&app, &t.viewer).await.len(), 3);
        for who in [&t.owner, &t.stranger] {
            let res = app.call("notifications/selection", Some(who), &form("dismiss")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
        }
        app.call("notifications/selection", Some(&t.viewer), &form("read")).await.expect_ok();
        assert_eq!(unread(&app, &t.viewer).await, 1);
    }
}
