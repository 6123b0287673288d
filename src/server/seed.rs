//! The demo workspace, seeded once into an empty database (turn off with DEMO_SEED=0).

use crate::auth::store::{self as users, NewUser};
use crate::auth::User;
use crate::error::AppResult;
use crate::invitations::store as invitations;
use crate::platform::{db::Work, AppState};
use crate::tracks::store::{self as tracks, NewTrack};
use crate::tracks::{Permission, Stage};

pub const DEMO_EMAIL: &str = "maya@demo.test";
pub const DEMO_PASSWORD: &str = "producer123";
const OTHERS_PASSWORD: &str = "collab1234";
/// The demo administrator (posts service announcements).
pub const ADMIN_EMAIL: &str = "ops@demo.test";

/// (owner, project, title, stage, due date as days from today)
type PlannedTrack = (i64, Option<i64>, &'static str, Stage, Option<i64>);

/// Seeds when the database has no users; returns whether it did. Invitations and
/// comments go through the same flows as in real use, so the feed holds what they would
/// have told people (at the time each happened).
pub async fn seed_if_empty(state: &AppState) -> AppResult<bool> {
    let mut work = Work::begin(state).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(work.db())
        .await?;
    if n > 0 {
        return Ok(false);
    }
    let now = work.now;
    let today = state.clock.today();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let hour = 3_600_000;

    let demo_hash = crate::auth::password::hash(DEMO_PASSWORD).await?;
    let others_hash = crate::auth::password::hash(OTHERS_PASSWORD).await?;
    fn user<'a>(email: &'a str, display_name: &'a str, password_hash: &'a str) -> NewUser<'a> {
        NewUser {
            email,
            display_name,
            password_hash,
            verified: true,
        }
    }
    let maya = users::create(work.db(), user(DEMO_EMAIL, "Maya Cole", &demo_hash), now).await?;
    let jordan = users::create(
        work.db(),
        user("jordan@demo.test", "Jordan Reyes", &others_hash),
        now,
    )
    .await?;
    let priya = users::create(
        work.db(),
        user("priya@demo.test", "Priya Shah", &others_hash),
        now,
    )
    .await?;
    let sam = users::create(
        work.db(),
        user("sam@demo.test", "Sam Okafor", &others_hash),
        now,
    )
    .await?;
    let ops = users::create(work.db(), user(ADMIN_EMAIL, "Ops Desk", &others_hash), now).await?;
    sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1")
        .bind(ops)
        .execute(work.db())
        .await?;

    let names = [
        (maya, DEMO_EMAIL, "Maya Cole"),
        (jordan, "jordan@demo.test", "Jordan Reyes"),
        (priya, "priya@demo.test", "Priya Shah"),
        (sam, "sam@demo.test", "Sam Okafor"),
    ];
    let person = |id: i64| {
        let (_, email, name) = names.iter().find(|p| p.0 == id).expect("a seeded person");
        User {
            id,
            email: email.to_string(),
            display_name: name.to_string(),
            email_verified: true,
            theme: Default::default(),
            is_admin: false,
            avatar_version: None,
        }
    };

    let summer = tracks::create_project(work.db(), maya, "Summer EP", now).await?;
    let sessions = tracks::create_project(work.db(), maya, "Late Night Sessions", now).await?;
    let jordan_album = tracks::create_project(work.db(), jordan, "Neon Skyline LP", now).await?;

    let plan: [PlannedTrack; 14] = [
        (maya, Some(summer), "Golden Hour", Stage::Editing, Some(1)),
        (maya, Some(summer), "Saltwater", Stage::Idea, Some(3)),
        (maya, Some(summer), "Paper Planes", Stage::Ready, Some(7)),
        (
            maya,
            Some(sessions),
            "After Midnight",
            Stage::Editing,
            Some(0),
        ),
        (maya, Some(sessions), "Static Bloom", Stage::Idea, Some(-2)),
        (maya, None, "First Light", Stage::Published, None),
        (maya, None, "Old Demo 2019", Stage::Archived, None),
        (maya, Some(sessions), "Velvet Room", Stage::Ready, Some(-5)),
        (
            jordan,
            Some(jordan_album),
            "Neon Skyline",
            Stage::Editing,
            Some(3),
        ),
        (
            jordan,
            Some(jordan_album),
            "Crosstown",
            Stage::Idea,
            Some(7),
        ),
        (priya, None, "Monsoon Tape", Stage::Ready, Some(1)),
        (sam, None, "Low Tide", Stage::Editing, Some(-1)),
        (
            jordan,
            Some(jordan_album),
            "Arcade Lights",
            Stage::Idea,
            None,
        ),
        (priya, None, "Lanterns", Stage::Editing, Some(0)),
    ];
    let mut ids = Vec::new();
    for (i, (owner, project, title, stage, due)) in plan.iter().enumerate() {
        let at = now - (plan.len() - i) as i64 * hour;
        let id = tracks::create_track(
            work.db(),
            *owner,
            &NewTrack {
                title: title.to_string(),
                project_id: *project,
                due_date: due.map(day),
            },
            at,
        )
        .await?;
        tracks::set_stage(work.db(), id, *stage, at).await?;
        ids.push(id);
    }
    let t = |title: &str| {
        ids[plan
            .iter()
            .position(|p| p.2 == title)
            .expect("seeded title")]
    };

    let member = |track: i64, user: i64, p: Permission| {
        sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, $3, $4)")
            .bind(track)
            .bind(user)
            .bind(p.as_str())
            .bind(now)
    };
    // Maya's tracks shared out, at every level.
    member(t("Golden Hour"), jordan, Permission::Edit)
        .execute(work.db())
        .await?;
    member(t("Golden Hour"), priya, Permission::View)
        .execute(work.db())
        .await?;
    member(t("After Midnight"), sam, Permission::Full)
        .execute(work.db())
        .await?;
    member(t("Paper Planes"), priya, Permission::Edit)
        .execute(work.db())
        .await?;
    // Tracks shared with Maya, at every level.
    member(t("Neon Skyline"), maya, Permission::Edit)
        .execute(work.db())
        .await?;
    member(t("Monsoon Tape"), maya, Permission::View)
        .execute(work.db())
        .await?;
    member(t("Low Tide"), maya, Permission::Full)
        .execute(work.db())
        .await?;
    member(t("Neon Skyline"), priya, Permission::View)
        .execute(work.db())
        .await?;

    // Pending invitations for Maya, and one she sent, each announced when it was sent.
    for (track, from, to, permission, at) in [
        (
            t("Crosstown"),
            jordan,
            DEMO_EMAIL,
            Permission::Edit,
            now - 5 * 60_000,
        ),
        (
            t("Lanterns"),
            priya,
            DEMO_EMAIL,
            Permission::View,
            now - 2 * hour,
        ),
        (
            t("Arcade Lights"),
            jordan,
            DEMO_EMAIL,
            Permission::Full,
            now - 3 * 24 * hour,
        ),
        (
            t("Saltwater"),
            maya,
            "sam@demo.test",
            Permission::Edit,
            now - hour,
        ),
    ] {
        let sent = invitations::create(work.db(), track, from, to, permission, at).await?;
        work.now = at;
        crate::invitations::flow::announce(&mut work, sent.id).await?;
    }

    // A few comments so the detail page has a conversation.
    for (track, author, body, ago) in [
        (
            t("Golden Hour"),
            jordan,
            "Bumped the kick by 2 dB, check the drop at 1:12.",
            3 * hour,
        ),
        (
            t("Golden Hour"),
            maya,
            "Sounds great. Can we try a longer reverb tail on the vocal?",
            2 * hour,
        ),
        (
            t("Neon Skyline"),
            jordan,
            "Stems are up. Mix notes in the description.",
            20 * hour,
        ),
    ] {
        let at = now - ago;
        tracks::add_comment(work.db(), track, author, body, at).await?;
        work.now = at;
        let actor = person(author);
        crate::tracks::notes::tell(
            &mut work,
            track,
            &actor,
            crate::tracks::notes::News::CommentAdded { body },
        )
        .await?;
    }
    work.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::platform::db::DbPool;

    crate::platform::testdb::db_test! {
        async fn seeds_a_full_workspace_once(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), 1_795_000_000_000);
            let clock = state.clock.clone();
            assert!(seed_if_empty(&state).await.unwrap());
            let count = |sql: &'static str| {
                let pool = pool.clone();
                async move {
                    sqlx::query_scalar::<_, i64>(sql)
                        .fetch_one(&pool)
                        .await
                        .unwrap()
                }
            };
            assert!(count("SELECT COUNT(*) FROM users").await >= 3);
            assert!(count("SELECT COUNT(*) FROM tracks").await >= 12);
            assert_eq!(
                count("SELECT COUNT(DISTINCT stage) FROM tracks").await,
                5,
                "every stage"
            );
            assert_eq!(
                count("SELECT COUNT(DISTINCT permission) FROM track_members").await,
                3,
                "every permission"
            );
            assert!(count("SELECT COUNT(*) FROM invitations WHERE status = 'pending'").await >= 3);
            // As in real use: each pending invitation is in its invitee's feed, from when it
            // was sent, and the comments told the others on the track.
            assert_eq!(
                count(
                    "SELECT COUNT(*) FROM invitations i JOIN users u ON u.email = i.email
                     JOIN notifications n ON n.invitation_id = i.id AND n.recipient_id = u.id
                         AND n.kind = 'invitation_received' AND n.created_at = i.created_at
                     WHERE i.status = 'pending'"
                )
                .await,
                4
            );
            assert!(
                count("SELECT COUNT(*) FROM notifications WHERE kind = 'comment_added'").await >= 3
            );
            let today = clock.today();
            for offset in [-2, 0, 1, 3, 7] {
                let day = (today + chrono::Duration::days(offset))
                    .format("%Y-%m-%d")
                    .to_string();
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracks WHERE due_date = $1")
                    .bind(&day)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                assert!(n > 0, "a track is due {offset} days from today");
            }
            // Never on top of existing data.
            let before = count("SELECT COUNT(*) FROM tracks").await;
            assert!(!seed_if_empty(&state).await.unwrap());
            assert_eq!(count("SELECT COUNT(*) FROM tracks").await, before);
            // The demo sign-in works.
            let (_, hash) = users::credentials(&pool, DEMO_EMAIL)
                .await
                .unwrap()
                .unwrap();
            assert!(crate::auth::password::verify(DEMO_PASSWORD, Some(&hash))
                .await
                .unwrap());
        }
    }

    crate::platform::testdb::db_test! {
        async fn does_not_seed_a_database_with_users(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), 0);
            users::create(
                &pool,
                NewUser {
                    email: "a@b.co",
                    display_name: "A",
                    password_hash: "not used",
                    verified: false,
                },
                0,
            )
            .await
            .unwrap();
            assert!(!seed_if_empty(&state).await.unwrap());
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracks")
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(n, 0);
        }
    }
}
