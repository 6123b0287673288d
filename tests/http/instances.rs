//! Two instances of the app on one PostgreSQL database, as an operator runs them behind
//! one address: each has its own process state (hub, workers), they share only the
//! database. A person on one sees what someone on the other does, live.

use super::*;
use producer_dashboard::platform::bus;
use producer_dashboard::platform::db::{self, DbPool, Engine};
use producer_dashboard::platform::testdb;

/// A second instance's pool on the database `pool` uses, and both listening on the bus.
async fn two_instances(pool: DbPool) -> (TestApp, TestApp) {
    let url = pool.connect_options().database_url.to_string();
    let other = db::open(&url, 4).await.unwrap();
    let a = TestApp::new(pool).await;
    let b = TestApp::new(other).await;
    for app in [&a, &b] {
        let s = &app.state;
        bus::spawn_listener(url.clone(), s.pool.clone(), s.hub.clone(), s.sync.clone())
            .await
            .unwrap();
    }
    (a, b)
}

#[tokio::test]
async fn people_on_two_instances_see_each_other_live() {
    let db = testdb::fresh(Engine::Postgres).await;
    let (a, b) = two_instances(db.pool.clone()).await;
    let t = team(&a).await;
    // Sessions live in the database: the owner's cookie from A is good on B.
    let (status, mut owner_on_b) = stream(&b, Some(&t.owner), None).await;
    assert_eq!(status, StatusCode::OK);
    read_until(&mut owner_on_b, "event: badges").await;

    // A comment posted on A reaches the owner's stream on B, as a notification.
    let id = t.track.to_string();
    a.call(
        "tracks/comment",
        Some(&t.editor),
        &[("track_id", &id), ("body", "Bridge from A")],
    )
    .await
    .expect_ok();
    let text = read_until(&mut owner_on_b, "Bridge from A").await;
    assert!(text.contains("event: notification"), "{text}");
    let seen = *ids_in(&text).last().expect("the notification's id");

    // A preference saved on A is pushed to the owner's tabs on B.
    let mut prefs = a
        .call("settings/notifications", Some(&t.owner), &[])
        .await
        .json();
    prefs["reminder_days"] = 7.into();
    a.call_json(
        "settings/notifications/save",
        Some(&t.owner),
        &serde_json::json!({ "prefs": prefs }),
    )
    .await
    .expect_ok();
    let text = read_until(&mut owner_on_b, "\"reminder_days\":7").await;
    assert!(text.contains("event: change"), "{text}");

    // An invitation sent on B reaches the invitee's stream on A, who accepts it on A;
    // the inviter on B hears of it.
    let guest = a.verified_user("guest@example.com", "Gus Guest").await;
    let (_, mut guest_on_a) = stream(&a, Some(&guest), None).await;
    read_until(&mut guest_on_a, "event: badges").await;
    b.call(
        "invitations/create",
        Some(&t.owner),
        &[
            ("track_id", &id),
            ("email", "guest@example.com"),
            ("permission", "view"),
        ],
    )
    .await
    .expect_ok();
    let text = read_until(&mut guest_on_a, "event: notification").await;
    assert!(text.contains("invited you"), "{text}");
    let pending = a
        .call("invitations/pending", Some(&guest), &[])
        .await
        .json();
    let invite = pending[0]["id"]
        .as_i64()
        .expect("the pending invitation")
        .to_string();
    a.call("invitations/accept", Some(&guest), &[("id", &invite)])
        .await
        .expect_ok();
    let text = read_until(&mut owner_on_b, "accepted").await;
    assert!(text.contains("Gus Guest"), "{text}");

    // A stream that reconnects to the other instance replays what it missed there.
    for body in ["Missed one", "Missed two"] {
        b.call(
            "tracks/comment",
            Some(&t.editor),
            &[("track_id", &id), ("body", body)],
        )
        .await
        .expect_ok();
    }
    let (_, mut again_on_a) = stream(&a, Some(&t.owner), Some(&seen.to_string())).await;
    let text = read_until(&mut again_on_a, "event: badges").await;
    // Everything after `seen`, once, in order: the acceptance and both comments.
    let replayed = ids_in(&text);
    assert_eq!(replayed.len(), 3, "{text}");
    assert!(
        replayed.windows(2).all(|w| w[0] < w[1]) && replayed[0] > seen,
        "{text}"
    );
    for what in ["accepted your invitation", "Missed one", "Missed two"] {
        assert!(text.contains(what), "{what}: {text}");
    }
}

#[tokio::test]
async fn an_instance_that_lost_the_bus_resyncs_its_streams_and_hears_again() {
    let db = testdb::fresh(Engine::Postgres).await;
    let (a, b) = two_instances(db.pool.clone()).await;
    let t = team(&a).await;
    let (_, mut owner_on_b) = stream(&b, Some(&t.owner), None).await;
    read_until(&mut owner_on_b, "event: badges").await;
    // The listening connections drop, as in a network blip or a database restart.
    let cut = sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE query LIKE 'LISTEN%' AND datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&db.pool)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(cut, 2, "one listening connection per instance");
    // Once listening again, B's streams re-read what they show (anything sent meanwhile
    // was missed)…
    let text = read_until(&mut owner_on_b, "event: resync").await;
    assert!(text.contains("event: resync"), "{text}");
    let text = read_until(&mut owner_on_b, "event: badges").await;
    assert!(text.contains("event: badges"), "{text}");
    // …and hear A again.
    let id = t.track.to_string();
    a.call(
        "tracks/comment",
        Some(&t.editor),
        &[("track_id", &id), ("body", "After the blip")],
    )
    .await
    .expect_ok();
    let text = read_until(&mut owner_on_b, "After the blip").await;
    assert!(text.contains("event: notification"), "{text}");
}
