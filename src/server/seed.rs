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
        tracks::add_comment(work.db(), track, author, body, None, at).await?;
        work.now = at;
        let actor = person(author);
        crate::tracks::notes::tell(
            &mut work,
            track,
            &actor,
            crate::tracks::notes::News::CommentAdded { body, at: None },
        )
        .await?;
    }

    // Golden Hour's mix in two versions (v2 by Jordan) and a comment at a moment of v2:
    // real audio, made here, analysed for its waveform and synced like any upload.
    let golden = t("Golden Hour");
    let name = "golden-hour-mix.wav";
    let mut line = None;
    let mut latest = 0;
    for (version, uploader, ago) in [(1, maya, 26 * hour), (2, jordan, 4 * hour)] {
        let bytes = crate::audio::write_wav(22_050, 1, demo_mix(version).into_iter());
        let rel = format!("tracks/{golden}/demo-mix-v{version}.wav");
        let path = state.config.uploads_dir().join(&rel);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::write(&path, &bytes).await?;
        let at = now - ago;
        let (id, _) = tracks::files::add(
            work.db(),
            &tracks::files::NewFile {
                track_id: golden,
                uploader_id: uploader,
                name,
                mime: "audio/wav",
                size_bytes: bytes.len() as i64,
                storage_path: &rel,
                audio: true,
                line_id: line,
            },
            at,
        )
        .await?;
        tracks::sync::queue_file(work.db(), id, golden, uploader, at).await?;
        if line.is_some() {
            work.now = at;
            let news = crate::tracks::notes::News::VersionAdded {
                name,
                version,
                file_id: id,
            };
            crate::tracks::notes::tell(&mut work, golden, &person(uploader), news).await?;
        }
        line.get_or_insert(id);
        latest = id;
    }
    let body = "The snare is too loud here, can you pull it back a little?";
    let at = now - 3 * hour;
    tracks::add_comment(
        work.db(),
        golden,
        jordan,
        body,
        Some((latest, 12_000, None)),
        at,
    )
    .await?;
    work.now = at;
    let cue = crate::notifications::Cue {
        file_id: latest,
        at_ms: 12_000,
    };
    let news = crate::tracks::notes::News::CommentAdded {
        body,
        at: Some(cue),
    };
    crate::tracks::notes::tell(&mut work, golden, &person(jordan), news).await?;
    work.signal(&state.analysis);
    work.signal(&state.sync);
    work.commit().await?;
    Ok(true)
}

/// 24 seconds of a four-bar loop at 100 BPM, 22.05 kHz: kick, off-beat hats, snare on
/// two and four (louder in version 2), bass and a slow pad, faded in and out.
fn demo_mix(version: i64) -> Vec<f32> {
    use std::f32::consts::TAU;
    const RATE: f32 = 22_050.0;
    const BEAT: f32 = 0.6;
    const SECONDS: f32 = 24.0;
    let bass = [55.0, 55.0, 65.41, 49.0];
    let chords = [
        [220.0, 261.63, 329.63],
        [220.0, 261.63, 329.63],
        [261.63, 329.63, 392.0],
        [196.0, 246.94, 293.66],
    ];
    let snare_level = if version >= 2 { 0.75 } else { 0.35 };
    let mut noise: u32 = 0x2545_f491;
    (0..(SECONDS * RATE) as usize)
        .map(|i| {
            let t = i as f32 / RATE;
            let in_beat = t % BEAT;
            let beat = (t / BEAT) as usize;
            let bar = (beat / 4) % 4;
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            let white = noise as f32 / u32::MAX as f32 * 2.0 - 1.0;
            let kick = (-in_beat * 18.0).exp()
                * (TAU * (50.0 + 120.0 * (-in_beat * 30.0).exp()) * in_beat).sin();
            let hat = white * (-((t + BEAT / 2.0) % BEAT) * 60.0).exp() * 0.2;
            let snare = if beat % 2 == 1 {
                white * (-in_beat * 18.0).exp() * snare_level
            } else {
                0.0
            };
            let low = (TAU * bass[bar] * t).sin() * 0.3;
            let pad = chords[bar].iter().map(|f| (TAU * f * t).sin()).sum::<f32>()
                * 0.06
                * (0.6 + 0.4 * (TAU * 0.25 * t).sin());
            let fade = (t / 1.5).min((SECONDS - t) / 2.0).clamp(0.0, 1.0);
            ((kick * 0.8 + hat + snare + low + pad) * 0.7 * fade).clamp(-1.0, 1.0)
        })
        .collect()
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
