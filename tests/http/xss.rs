//! No user text ever reaches a page as markup: every user-writable field is filled with
//! breakout payloads (one round per payload), then every page that shows it is fetched
//! server-rendered. A payload found verbatim in the HTML is a raw sink; the escaped form
//! must be there, so the page really showed the field.

use super::*;
use axum::http::StatusCode;
use producer_dashboard::platform::db::DbPool;

/// Each breaks out of one context: `<title>`, `<textarea>`, an attribute, `<noscript>`,
/// a link, an inline `<script>` (the resource data), `<style>`. All fit a 40-character field.
pub const PAYLOADS: [&str; 7] = [
    "</title><script>__x(1)</script>",
    "</textarea><img src=x onerror=__x(2)>",
    "\"><svg onload=__x(3)>",
    "</noscript><img src=x onerror=__x(4)>",
    "<a href=\"javascript:__x(5)\">k</a>",
    "</script><script>__x(6)</script>",
    "</style><img src=x onerror=__x(7)>",
];

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn ok(res: &Res, what: &str) -> serde_json::Value {
    assert_eq!(res.status, StatusCode::OK, "{what}: {}", res.body);
    res.json()
}

producer_dashboard::platform::testdb::db_test! {
    async fn no_field_reaches_a_page_as_markup(pool: DbPool) {
        let app = TestApp::new(pool).await;
        let owner = app.user("owner@example.com", "Olive").await;
        let editor = app.user("editor@example.com", "Eddie").await;
        let viewer = app.user("viewer@example.com", "Vera").await;
        let admin = app.user("admin@example.com", "Ada").await;
        sqlx::query("UPDATE users SET is_admin = 1 WHERE email = 'admin@example.com'")
            .execute(&app.state.pool)
            .await
            .unwrap();
        let now = app.state.clock.now_ms();
        for (round, payload) in PAYLOADS.iter().enumerate() {
            let p = *payload;
            // The people: display names.
            for cookie in [&owner, &editor, &admin] {
                ok(
                    &app.call("settings/profile", Some(cookie), &[("display_name", p)])
                        .await,
                    "name",
                );
            }
            // Project (bucket), renamed too, and its announcement.
            let project = ok(
                &app.call("projects/create", Some(&owner), &[("name", p)])
                    .await,
                "project",
            );
            let project_id = project["id"].to_string();
            ok(
                &app.call(
                    "projects/rename",
                    Some(&owner),
                    &[("project_id", &project_id), ("name", p)],
                )
                .await,
                "rename",
            );
            // Track: title, details, comment, file, reminder, with an editor and a viewer.
            let res = app
                .call_multipart(
                    "tracks/create",
                    &owner,
                    &[("title", p), ("project_id", &project_id)],
                    None,
                )
                .await;
            let track = ok(&res, "track").to_string();
            app.add_member(track.parse().unwrap(), "editor@example.com", "edit")
                .await;
            app.add_member(track.parse().unwrap(), "viewer@example.com", "view")
                .await;
            let details = |bpm: &'static str| {
                let track = track.clone();
                let app = &app;
                let owner = &owner;
                async move {
                    app.call(
                        "tracks/metadata",
                        Some(owner),
                        &[
                            ("track_id", &track),
                            ("title", p),
                            ("bpm", if bpm.is_empty() { "" } else { p }),
                            ("musical_key", p),
                            ("genre", p),
                            ("description", p),
                        ],
                    )
                    .await
                }
            };
            assert_eq!(
                details("x").await.status,
                StatusCode::BAD_REQUEST,
                "bpm is a number"
            );
            ok(&details("").await, "metadata");
            ok(
                &app.call(
                    "tracks/comment",
                    Some(&editor),
                    &[("track_id", &track), ("body", p)],
                )
                .await,
                "comment",
            );
            let file_name = p.replace('"', "'");
            let res = app
                .call_multipart(
                    "tracks/files",
                    &owner,
                    &[("track_id", &track)],
                    Some(("file", &file_name, b"RIFF")),
                )
                .await;
            ok(&res, "file");
            let at = (now + 86_400_000).to_string();
            ok(
                &app.call(
                    "reminders/create",
                    Some(&owner),
                    &[("track_id", &track), ("remind_at", &at), ("note", p)],
                )
                .await,
                "reminder",
            );
            ok(
                &app.call(
                    "announcements/project",
                    Some(&owner),
                    &[("project_id", &project_id), ("title", p), ("body", p)],
                )
                .await,
                "project announcement",
            );
            // Support: a ticket, the administrator's reply, a service announcement.
            let ticket = ok(
                &app.call(
                    "support/submit",
                    Some(&owner),
                    &[("subject", p), ("body", p)],
                )
                .await,
                "ticket",
            )
            .to_string();
            ok(
                &app.call(
                    "support/reply",
                    Some(&admin),
                    &[("ticket_id", &ticket), ("body", p)],
                )
                .await,
                "reply",
            );
            ok(
                &app.call(
                    "announcements/service",
                    Some(&admin),
                    &[("title", p), ("body", p)],
                )
                .await,
                "service announcement",
            );
            // A pending invitation shows the title and the sender's name on the invitee's grid.
            let invitee = app
                .verified_user(&format!("invitee{round}@example.com"), "Ivy")
                .await;
            ok(
                &app.call(
                    "invitations/create",
                    Some(&owner),
                    &[
                        ("track_id", &track),
                        ("email", &format!("invitee{round}@example.com")),
                        ("permission", "view"),
                    ],
                )
                .await,
                "invite",
            );

            let track_page = format!("/tracks/{track}");
            let pages: [(&str, &String); 8] = [
                ("/", &owner),
                (&track_page, &owner),
                (&track_page, &viewer),
                ("/settings/profile", &owner),
                ("/settings/support", &owner),
                ("/settings/support-inbox", &admin),
                ("/settings/notifications", &owner),
                ("/", &invitee),
            ];
            for (path, cookie) in pages {
                let res = app.get(path, Some(cookie)).await;
                assert_eq!(res.status, StatusCode::OK, "{path}");
                for raw in PAYLOADS {
                    assert!(
                        !res.body.contains(raw),
                        "round {round}: {path} has user text as markup: {raw}"
                    );
                }
                // As text, or as an attribute value (where `"` is escaped too).
                let shown = [
                    escaped(p),
                    escaped(p).replace('"', "&quot;"),
                    escaped(&file_name),
                ];
                assert!(
                    shown.iter().any(|s| res.body.contains(s)),
                    "round {round}: {path} shows the field (escaped)"
                );
            }
            // The track page's <title> holds the escaped title.
            let res = app.get(&track_page, Some(&viewer)).await;
            assert!(
                res.body.contains(&format!(
                    "<title>{} · Producer Dashboard</title>",
                    escaped(p)
                )),
                "round {round}: the title is escaped"
            );
            // The description's <textarea> holds it escaped.
            let res = app.get(&track_page, Some(&owner)).await;
            assert!(
                res.body
                    .contains(&format!("maxlength=\"2000\">{}</textarea>", escaped(p))),
                "round {round}: the description is escaped"
            );
        }
    }
}
