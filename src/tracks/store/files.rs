//! SQL for a track's files and their versions. A version is a file of its own (stored,
//! counted against its uploader's storage, synced to collaborators); the versions of one
//! file share its first version's id as their `line_id` and are numbered 1, 2, 3…

use super::touch;
use crate::error::{AppError, AppResult};
use crate::platform::db::DbConn;
use crate::tracks::{FileInfo, Sound};

pub struct NewFile<'a> {
    pub track_id: i64,
    pub uploader_id: i64,
    pub name: &'a str,
    pub mime: &'a str,
    pub size_bytes: i64,
    pub storage_path: &'a str,
    /// Audio is queued for analysis; anything else is not.
    pub audio: bool,
    /// The line this is a new version of; `None`: a new file (version 1).
    pub line_id: Option<i64>,
}

/// Adds a file (or a version of one); its id and version number.
pub async fn add(db: &mut DbConn, f: &NewFile<'_>, now: i64) -> AppResult<(i64, i64)> {
    let analysis = if f.audio { "pending" } else { "none" };
    let version: i64 = match f.line_id {
        Some(line) => {
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MAX(version) FROM files WHERE line_id = $1",
            )
            .bind(line)
            .fetch_one(&mut *db)
            .await?
            .unwrap_or(0)
                + 1
        }
        None => 1,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO files (track_id, uploader_id, name, mime, size_bytes, storage_path, created_at, analysis, line_id, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(f.track_id)
    .bind(f.uploader_id)
    .bind(f.name)
    .bind(f.mime)
    .bind(f.size_bytes)
    .bind(f.storage_path)
    .bind(now)
    .bind(analysis)
    .bind(f.line_id)
    .bind(version)
    .fetch_one(&mut *db)
    .await?;
    if f.line_id.is_none() {
        sqlx::query("UPDATE files SET line_id = id WHERE id = $1")
            .bind(id)
            .execute(&mut *db)
            .await?;
    }
    touch(db, f.track_id, now).await?;
    Ok((id, version))
}

/// A stored file and its track, for serving it: (track, name, type, storage path).
pub async fn location(
    db: &mut DbConn,
    file_id: i64,
) -> AppResult<Option<(i64, String, String, String)>> {
    Ok(
        sqlx::query_as("SELECT track_id, name, mime, storage_path FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?,
    )
}

/// A file's track and uploader.
pub async fn owner(db: &mut DbConn, file_id: i64) -> AppResult<Option<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT track_id, uploader_id FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?,
    )
}

/// A file as a line of versions: its track, the line's id, and the line's name (its
/// first version's, or the oldest left).
pub struct Line {
    pub track_id: i64,
    pub line_id: i64,
    pub name: String,
}

/// The line `file_id` belongs to.
pub async fn line_of(db: &mut DbConn, file_id: i64) -> AppResult<Option<Line>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT track_id, COALESCE(line_id, id) FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?;
    let Some((track_id, line_id)) = row else {
        return Ok(None);
    };
    let name: String = sqlx::query_scalar(
        "SELECT name FROM files WHERE COALESCE(line_id, id) = $1 ORDER BY version LIMIT 1",
    )
    .bind(line_id)
    .fetch_one(&mut *db)
    .await?;
    Ok(Some(Line {
        track_id,
        line_id,
        name,
    }))
}

/// A version that was removed: where its bytes were, and who kept a copy.
pub struct Removed {
    pub track_id: i64,
    pub storage_path: String,
    pub version: i64,
    pub copies: Vec<i64>,
}

/// Removes one file (one version); `None` when there is no such file.
pub async fn remove(db: &mut DbConn, file_id: i64, now: i64) -> AppResult<Option<Removed>> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT track_id, storage_path, version FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?;
    let Some((track_id, storage_path, version)) = row else {
        return Ok(None);
    };
    let copies: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM file_syncs WHERE file_id = $1")
        .bind(file_id)
        .fetch_all(&mut *db)
        .await?;
    sqlx::query("DELETE FROM file_syncs WHERE file_id = $1")
        .bind(file_id)
        .execute(&mut *db)
        .await?;
    sqlx::query("DELETE FROM files WHERE id = $1")
        .bind(file_id)
        .execute(&mut *db)
        .await?;
    touch(db, track_id, now).await?;
    Ok(Some(Removed {
        track_id,
        storage_path,
        version,
        copies,
    }))
}

/// The ids of a track's files (every version).
pub async fn ids(db: &mut DbConn, track_id: i64) -> AppResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM files WHERE track_id = $1")
            .bind(track_id)
            .fetch_all(&mut *db)
            .await?,
    )
}

#[derive(sqlx::FromRow)]
struct FileRow {
    id: i64,
    name: String,
    mime: String,
    size_bytes: i64,
    uploader_id: i64,
    uploader_name: String,
    created_at: i64,
    syncing: Option<i64>,
    line_id: i64,
    version: i64,
    analysis: String,
    analysis_note: Option<String>,
    duration_ms: Option<i64>,
    peaks: Option<Vec<u8>>,
}

impl From<FileRow> for FileInfo {
    fn from(r: FileRow) -> Self {
        let sound = match (r.analysis.as_str(), r.duration_ms, r.peaks) {
            ("done", Some(duration_ms), Some(peaks)) => Sound::Ready {
                duration_ms,
                peaks: crate::audio::peaks_from_bytes(&peaks),
            },
            ("pending", ..) => Sound::Analysing,
            ("failed", ..) => Sound::NoWaveform(
                r.analysis_note
                    .unwrap_or_else(|| crate::audio::Unreadable::Damaged.to_string()),
            ),
            _ => Sound::NotAudio,
        };
        FileInfo {
            id: r.id,
            name: r.name,
            mime: r.mime,
            size_bytes: r.size_bytes,
            uploader_id: r.uploader_id,
            uploader_name: r.uploader_name,
            created_at: r.created_at,
            syncing: r.syncing,
            line_id: r.line_id,
            version: r.version,
            sound,
        }
    }
}

/// A track's files as `user_id` sees them (with how far each synced to them), every
/// version, by line and version.
pub async fn of_track(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<Vec<FileInfo>> {
    let rows: Vec<FileRow> = sqlx::query_as(
        "SELECT f.id, f.name, f.mime, f.size_bytes, f.uploader_id, u.display_name AS uploader_name, f.created_at,
                CASE WHEN s.status = 'done' OR s.status IS NULL THEN NULL
                     ELSE s.bytes_done * 100 / CASE WHEN f.size_bytes > 1 THEN f.size_bytes ELSE 1 END END AS syncing,
                COALESCE(f.line_id, f.id) AS line_id, f.version, f.analysis, f.analysis_note,
                f.duration_ms, f.peaks
         FROM files f JOIN users u ON u.id = f.uploader_id
         LEFT JOIN file_syncs s ON s.file_id = f.id AND s.user_id = $1
         WHERE f.track_id = $2 ORDER BY COALESCE(f.line_id, f.id), f.version",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(FileInfo::from).collect())
}

/// Refuses a moment (`at_ms`, optional `until_ms`) outside `file_id`'s length, or on a
/// file of another track, or on one whose length is not known.
pub async fn check_moment(
    db: &mut DbConn,
    track_id: i64,
    file_id: i64,
    at_ms: i64,
    until_ms: Option<i64>,
) -> AppResult<()> {
    let row: Option<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT track_id, name, analysis, duration_ms FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?;
    let Some((_, name, analysis, duration)) = row.filter(|r| r.0 == track_id) else {
        return Err(AppError::invalid(
            "That file is not on this track. Choose one of its audio files.",
        ));
    };
    let Some(duration) = duration.filter(|_| analysis == "done") else {
        return Err(AppError::invalid(format!(
            "{name} has no known length yet, so a comment cannot point at a moment in it."
        )));
    };
    let end = until_ms.unwrap_or(at_ms);
    if at_ms < 0 || end > duration {
        return Err(AppError::invalid(format!(
            "That moment is outside {name}, which is {} long.",
            crate::ui::format::clock(duration)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::db::DbPool;

    const NOW: i64 = 1_795_000_000_000;

    async fn file(
        db: &mut DbConn,
        track: i64,
        owner: i64,
        name: &str,
        line: Option<i64>,
    ) -> (i64, i64) {
        add(
            db,
            &NewFile {
                track_id: track,
                uploader_id: owner,
                name,
                mime: "audio/wav",
                size_bytes: 100,
                storage_path: name,
                audio: true,
                line_id: line,
            },
            NOW,
        )
        .await
        .unwrap()
    }

    crate::platform::testdb::db_test! {
        /// Versions are numbered within their file; removing one leaves the others; a
        /// moment must fall inside a version whose length is known, on the same track.
        async fn versions_and_moments(pool: DbPool) {
            let owner = crate::auth::store::test_user(&pool, "owner@example.com", true, NOW).await;
            let mut tracks = Vec::new();
            for title in ["Song", "Other"] {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
                )
                .bind(owner)
                .bind(title)
                .bind(NOW)
                .fetch_one(&pool)
                .await
                .unwrap();
                tracks.push(id);
            }
            let mut db = pool.acquire().await.unwrap();
            let (v1, n1) = file(&mut db, tracks[0], owner, "mix.wav", None).await;
            let (v2, n2) = file(&mut db, tracks[0], owner, "mix-2.wav", Some(v1)).await;
            let (other, _) = file(&mut db, tracks[1], owner, "else.wav", None).await;
            assert_eq!((n1, n2), (1, 2));
            let line = line_of(&mut db, v2).await.unwrap().unwrap();
            assert_eq!((line.line_id, line.name.as_str(), line.track_id), (v1, "mix.wav", tracks[0]));
            let err = check_moment(&mut db, tracks[0], v2, 1_000, None).await.unwrap_err();
            assert!(err.to_string().contains("no known length yet"), "{err}");
            sqlx::query("UPDATE files SET analysis = 'done', duration_ms = 10000, peaks = $1 WHERE id = $2")
                .bind(vec![0u8, 0])
                .bind(v2)
                .execute(&mut *db)
                .await
                .unwrap();
            check_moment(&mut db, tracks[0], v2, 9_000, Some(10_000)).await.unwrap();
            let err = check_moment(&mut db, tracks[0], v2, 9_000, Some(10_001)).await.unwrap_err();
            assert_eq!(err.to_string(), "That moment is outside mix-2.wav, which is 0:10 long.");
            let err = check_moment(&mut db, tracks[0], other, 0, None).await.unwrap_err();
            assert!(err.to_string().contains("not on this track"), "{err}");
            let files = of_track(&mut db, owner, tracks[0]).await.unwrap();
            assert_eq!(files.iter().map(|f| (f.line_id, f.version)).collect::<Vec<_>>(), vec![(v1, 1), (v1, 2)]);
            let removed = remove(&mut db, v1, NOW).await.unwrap().unwrap();
            assert_eq!(removed.version, 1);
            let (v3, n3) = file(&mut db, tracks[0], owner, "mix-3.wav", Some(v1)).await;
            assert_eq!(n3, 3, "numbers are not reused");
            let line = line_of(&mut db, v3).await.unwrap().unwrap();
            assert_eq!(line.name, "mix-2.wav", "named by the oldest left");
            assert!(remove(&mut db, v1, NOW).await.unwrap().is_none());
        }
    }
}
