//! The demo workspace, seeded once into an empty database (turn off with DEMO_SEED=0).

use crate::auth::store::{self as users, NewUser};
use crate::error::AppResult;
use crate::platform::{db::begin_write, Clock, Config};
use crate::tracks::store::{self as tracks, NewTrack};
use crate::tracks::{Permission, Stage};
use sqlx::SqlitePool;

pub const DEMO_EMAIL: &str = "maya@demo.test";
pub const DEMO_PASSWORD: &str = "producer123";
const OTHERS_PASSWORD: &str = "collab1234";
/// The demo administrator (posts service announcements).
pub const ADMIN_EMAIL: &str = "ops@demo.test";

/// (owner, project, title, stage, due date as days from today)
type PlannedTrack = (i64, Option<i64>, &'static str, Stage, Option<i64>);

/// Seeds when the database has no users; returns whether it did.
pub async fn seed_if_empty(pool: &SqlitePool, clock: &Clock, _config: &Config) -> AppResult<bool> {
    let mut tx = begin_write(pool).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *tx)
        .await?;
    if n > 0 {
        return Ok(false);
    }
    let now = clock.now_ms();
    let today = clock.today();
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
    let maya = users::create(&mut *tx, user(DEMO_EMAIL, "Maya Cole", &demo_hash), now).await?;
    let jordan = users::create(
        &mut *tx,
        user("jordan@demo.test", "Jordan Reyes", &others_hash),
        now,
    )
    .await?;
    let priya = users::create(
        &mut *tx,
        user("priya@demo.test", "Priya Shah", &others_hash),
        now,
    )
    .await?;
    let sam = users::create(
        &mut *tx,
        user("sam@demo.test", "Sam Okafor", &others_hash),
        now,
    )
    .await?;
    let ops = users::create(&mut *tx, user(ADMIN_EMAIL, "Ops Desk", &others_hash), now).await?;
    sqlx::query("UPDATE users SET is_admin = 1 WHERE id = ?")
        .bind(ops)
        .execute(&mut *tx)
        .await?;

    let summer = tracks::create_project(&mut tx, maya, "Summer EP", now).await?;
    let sessions = tracks::create_project(&mut tx, maya, "Late Night Sessions", now).await?;
    let jordan_album = tracks::create_project(&mut tx, jordan, "Neon Skyline LP", now).await?;

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
            &mut tx,
            *owner,
            &NewTrack {
                title: title.to_string(),
                project_id: *project,
                due_date: due.map(day),
            },
            at,
        )
        .await?;
        tracks::set_stage(&mut tx, id, *stage, at).await?;
        ids.push(id);
    }
    let t = |title: &str| {
        ids[plan
            .iter()
            .position(|p| p.2 == title)
            .expect("seeded title")]
    };

    let member = |track: i64, user: i64, p: Permission| {
        sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES (?, ?, ?, ?)")
            .bind(track)
            .bind(user)
            .bind(p.as_str())
            .bind(now)
    };
    // Maya's tracks shared out, at every level.
    member(t("Golden Hour"), jordan, Permission::Edit)
        .execute(&mut *tx)
        .await?;
    member(t("Golden Hour"), priya, Permission::View)
        .execute(&mut *tx)
        .await?;
    member(t("After Midnight"), sam, Permission::Full)
        .execute(&mut *tx)
        .await?;
    member(t("Paper Planes"), priya, Permission::Edit)
        .execute(&mut *tx)
        .await?;
    // Tracks shared with Maya, at every level.
    member(t("Neon Skyline"), maya, Permission::Edit)
        .execute(&mut *tx)
        .await?;
    member(t("Monsoon Tape"), maya, Permission::View)
        .execute(&mut *tx)
        .await?;
    member(t("Low Tide"), maya, Permission::Full)
        .execute(&mut *tx)
        .await?;
    member(t("Neon Skyline"), priya, Permission::View)
        .execute(&mut *tx)
        .await?;

    // Pending invitations for Maya, and one she sent.
    let invite = |track: i64, from: i64, to: &'static str, p: Permission, at: i64| {
        sqlx::query(
            "INSERT INTO invitations (track_id, inviter_id, email, permission, status, created_at)
             VALUES (?, ?, ?, ?, 'pending', ?)",
        )
        .bind(track)
        .bind(from)
        .bind(to)
        .bind(p.as_str())
        .bind(at)
    };
    invite(
        t("Crosstown"),
        jordan,
        DEMO_EMAIL,
        Permission::Edit,
        now - 5 * 60_000,
    )
    .execute(&mut *tx)
    .await?;
    invite(
        t("Lanterns"),
        priya,
        DEMO_EMAIL,
        Permission::View,
        now - 2 * hour,
    )
    .execute(&mut *tx)
    .await?;
    invite(
        t("Arcade Lights"),
        jordan,
        DEMO_EMAIL,
        Permission::Full,
        now - 3 * 24 * hour,
    )
    .execute(&mut *tx)
    .await?;
    invite(
        t("Saltwater"),
        maya,
        "sam@demo.test",
        Permission::Edit,
        now - hour,
    )
    .execute(&mut *tx)
    .await?;

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
        tracks::add_comment(&mut tx, track, author, body, now - ago).await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::platform::db::MIGRATOR")]
    async fn seeds_a_full_workspace_once(pool: SqlitePool) {
        let clock = Clock::fixed(1_795_000_000_000);
        let config = Config::for_tests(std::env::temp_dir());
        assert!(seed_if_empty(&pool, &clock, &config).await.unwrap());
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
        let today = clock.today();
        for offset in [-2, 0, 1, 3, 7] {
            let day = (today + chrono::Duration::days(offset))
                .format("%Y-%m-%d")
                .to_string();
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracks WHERE due_date = ?")
                .bind(&day)
                .fetch_one(&pool)
                .await
                .unwrap();
            assert!(n > 0, "a track is due {offset} days from today");
        }
        // Never on top of existing data.
        let before = count("SELECT COUNT(*) FROM tracks").await;
        assert!(!seed_if_empty(&pool, &clock, &config).await.unwrap());
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

    #[sqlx::test(migrator = "crate::platform::db::MIGRATOR")]
    async fn does_not_seed_a_database_with_users(pool: SqlitePool) {
        let clock = Clock::fixed(0);
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
        assert!(
            !seed_if_empty(&pool, &clock, &Config::for_tests(std::env::temp_dir()))
                .await
                .unwrap()
        );
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tracks")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}
