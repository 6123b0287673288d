//! Waveforms: every audio file stored (an upload, a new version) is analysed once, in
//! the background, for its length and its peaks (`audio.rs`), off the async runtime and
//! within a time budget. Until then its page shows "Analysing…"; when it is done, the
//! track's people are told live and their pages refresh the file.
//!
//! Exactly once, also with several instances: a worker claims a file with a lease, and
//! only its claim may record the outcome. A worker that stops mid-way (its instance
//! killed) leaves the lease to run out, and another takes the file over. Files stored
//! before waveforms existed wait in the same queue, so the same pass analyses them.
//! Its SQL is in `store/waveforms.rs`.

use super::store::waveforms::{self as store, Claimed, Outcome};
use crate::audio::{self, Unreadable};
use crate::error::AppResult;
use crate::notifications::live::Change;
use crate::platform::db::{Engine, Work};
use crate::platform::AppState;
use std::time::Duration;

/// How long one file may take to analyse (a 5-minute WAV takes about 0.12 s, so a file
/// several hours long fits).
pub const BUDGET: Duration = Duration::from_secs(60);
/// A claim older than this is taken over: its worker stopped (the budget, and more).
const LEASE_MS: i64 = 3 * 60_000;

/// Analyses one claimed file: on a blocking thread, within [`BUDGET`].
async fn analyse(state: &AppState, job: &Claimed) -> Result<audio::Analysis, Unreadable> {
    let path = state.config.uploads_dir().join(&job.storage_path);
    let extension = audio::extension(&job.name);
    let run = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(path).map_err(|_| Unreadable::Damaged)?;
        let reader = std::io::BufReader::with_capacity(64 * 1024, file);
        audio::analyse(reader, extension.as_deref(), BUDGET)
    });
    run.await.unwrap_or(Err(Unreadable::Damaged))
}

/// Analyses the claimed file and records what was found; its people are told.
async fn run(state: &AppState, job: Claimed) -> AppResult<()> {
    let found = analyse(state, &job).await;
    let (peaks, note);
    let outcome = match &found {
        Ok(a) => {
            peaks = audio::peaks_to_bytes(&a.peaks);
            Outcome::Done {
                duration_ms: a.duration_ms,
                peaks: &peaks,
            }
        }
        Err(why) => {
            note = why.to_string();
            Outcome::Failed(&note)
        }
    };
    let mut work = Work::begin(state).await?;
    if store::finish(work.db(), &job, outcome).await? {
        let people = super::store::audience(work.db(), job.track_id).await?;
        for person in people {
            work.push(
                person,
                &Change::Analysed {
                    track_id: job.track_id,
                    file_id: job.file_id,
                },
            );
        }
    }
    work.commit().await?;
    Ok(())
}

/// Analyses every waiting file now (tests and the worker).
pub async fn drain(state: &AppState) -> AppResult<usize> {
    let mut n = 0;
    loop {
        let now = state.clock.now_ms();
        let Some(job) = store::claim(&state.pool, now, now - LEASE_MS).await? else {
            return Ok(n);
        };
        let id = job.file_id;
        if let Err(e) = run(state, job).await {
            // The claim stands: the file is tried again once its lease runs out.
            tracing::warn!("waveform of file {id}: {e}");
        }
        n += 1;
    }
}

/// Starts the worker: one per instance, so one core at most analyses. On SQLite (one
/// instance) the claims a stop left are freed at once.
pub async fn spawn(state: AppState) -> AppResult<()> {
    if Engine::of(&state.pool) == Engine::Sqlite {
        store::release_claims(&state.pool).await?;
    }
    // A new file wakes it; a periodic look finds what other instances left.
    let signal = state.analysis.clone();
    signal.spawn_worker("waveforms", Duration::from_secs(15), move || {
        let state = state.clone();
        async move { drain(&state).await }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::db::DbPool;
    use crate::tracks::store::files::{self, NewFile};
    use crate::tracks::Sound;

    const NOW: i64 = 1_795_000_000_000;

    /// A track owned by a new user, with a collaborator; (track, owner, guest).
    async fn track(pool: &DbPool) -> (i64, i64, i64) {
        let owner = crate::auth::store::test_user(pool, "owner@example.com", true, NOW).await;
        let guest = crate::auth::store::test_user(pool, "guest@example.com", true, NOW).await;
        let track: i64 = sqlx::query_scalar(
            "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, 'Song', $2, $2) RETURNING id",
        )
        .bind(owner)
        .bind(NOW)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, 'view', $3)")
            .bind(track)
            .bind(guest)
            .bind(NOW)
            .execute(pool)
            .await
            .unwrap();
        (track, owner, guest)
    }

    /// Stores `bytes` as a file named `name` on `track`, as its store does; its id.
    async fn stored(state: &AppState, track: i64, owner: i64, name: &str, bytes: &[u8]) -> i64 {
        let rel = format!("tracks/{track}/{}", crate::platform::tokens::new_token());
        let path = state.config.uploads_dir().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let mut work = Work::begin(state).await.unwrap();
        let (id, _) = files::add(
            work.db(),
            &NewFile {
                track_id: track,
                uploader_id: owner,
                name,
                mime: "application/octet-stream",
                size_bytes: bytes.len() as i64,
                storage_path: &rel,
                audio: crate::audio::is_audio(name, ""),
                line_id: None,
            },
            NOW,
        )
        .await
        .unwrap();
        work.commit().await.unwrap();
        id
    }

    async fn sound(state: &AppState, user: i64, track: i64, file: i64) -> Sound {
        let mut db = state.pool.acquire().await.unwrap();
        files::of_track(&mut db, user, track)
            .await
            .unwrap()
            .into_iter()
            .find(|f| f.id == file)
            .unwrap()
            .sound
    }

    crate::platform::testdb::db_test! {
        /// An audio file is analysed once (its length and peaks stored, everyone on the
        /// track told live); a damaged one says why it has no waveform; a file that is
        /// not audio is never queued.
        async fn each_file_is_analysed_once_and_its_people_told(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let (track, owner, guest) = track(&pool).await;
            let mut tabs = state.hub.subscribe(guest);
            let wav = crate::audio::tests::wav(8_000, 1, 8_000 * 2, 0.5);
            let good = stored(&state, track, owner, "mix.wav", &wav).await;
            let bad = stored(&state, track, owner, "broken.mp3", b"not audio at all").await;
            let notes = stored(&state, track, owner, "notes.pdf", b"%PDF-1.4").await;
            assert_eq!(sound(&state, owner, track, good).await, Sound::Analysing);
            assert_eq!(drain(&state).await.unwrap(), 2, "the two audio files");
            assert_eq!(drain(&state).await.unwrap(), 0, "each once");
            match sound(&state, guest, track, good).await {
                Sound::Ready { duration_ms, peaks } => {
                    assert_eq!(duration_ms, 2_000);
                    assert!(!peaks.is_empty() && peaks.len() <= crate::audio::PEAKS);
                    assert!(peaks.iter().all(|(lo, hi)| *lo <= -60 && *hi >= 60), "half scale");
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(
                sound(&state, owner, track, bad).await,
                Sound::NoWaveform("The file is damaged or in a format we cannot read.".into())
            );
            assert_eq!(sound(&state, owner, track, notes).await, Sound::NotAudio);
            let mut told = Vec::new();
            while let Ok(push) = tabs.try_recv() {
                if let crate::platform::hub::Push::Change(live) = push {
                    told.push(live.0.to_string());
                }
            }
            assert_eq!(told.len(), 2, "{told:?}");
            assert!(told.iter().all(|c| c.contains("Analysed")), "{told:?}");
        }
    }

    crate::platform::testdb::db_test! {
        /// A file goes to one worker; it is taken over once the lease of a worker that
        /// stopped has run out, and only the claim that holds it records the outcome.
        async fn a_claim_is_exclusive_and_taken_over_after_its_lease(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let (track, owner, _) = track(&pool).await;
            let file = stored(&state, track, owner, "mix.wav", &crate::audio::tests::wav(8_000, 1, 800, 0.5)).await;
            let claims = futures::future::join_all((0..8).map(|_| store::claim(&pool, NOW, NOW - LEASE_MS))).await;
            let won: Vec<_> = claims.into_iter().filter_map(Result::unwrap).collect();
            assert_eq!(won.len(), 1, "one worker");
            assert_eq!(won[0].file_id, file);
            let later = NOW + LEASE_MS - 1;
            assert!(store::claim(&pool, later, later - LEASE_MS).await.unwrap().is_none(), "lease running");
            let later = NOW + LEASE_MS + 1;
            let taken = store::claim(&pool, later, later - LEASE_MS).await.unwrap().expect("taken over");
            let mut db = pool.acquire().await.unwrap();
            let failed = Outcome::Failed("late");
            assert!(!store::finish(&mut db, &won[0], failed).await.unwrap(), "the stale claim records nothing");
            let done = Outcome::Done { duration_ms: 100, peaks: &[0, 1] };
            assert!(store::finish(&mut db, &taken, done).await.unwrap());
            let again = Outcome::Done { duration_ms: 5, peaks: &[] };
            assert!(!store::finish(&mut db, &taken, again).await.unwrap(), "once");
        }
    }

    crate::platform::testdb::db_test! {
        /// Files stored before waveforms existed (no analysis recorded) are analysed by
        /// the same background pass.
        async fn files_from_before_get_their_waveform(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let (track, owner, _) = track(&pool).await;
            let rel = format!("tracks/{track}/old");
            let path = state.config.uploads_dir().join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, crate::audio::tests::wav(8_000, 2, 8_000, 0.25)).unwrap();
            // As an older version of the app wrote it (the columns take their defaults).
            let file: i64 = sqlx::query_scalar(
                "INSERT INTO files (track_id, uploader_id, name, mime, size_bytes, storage_path, created_at)
                 VALUES ($1, $2, 'old.wav', 'audio/wav', 10, $3, $4) RETURNING id",
            )
            .bind(track)
            .bind(owner)
            .bind(&rel)
            .bind(NOW)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(drain(&state).await.unwrap(), 1);
            assert!(matches!(sound(&state, owner, track, file).await, Sound::Ready { duration_ms: 1_000, .. }));
        }
    }
}
