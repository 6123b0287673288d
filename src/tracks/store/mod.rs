//! SQL for tracks (`storage` for what an account holds, `deadlines` for reminders, `files` for files and their versions, `sync` for copies, `waveforms` for analysis). Mutations take a connection so callers run them inside one
//! write transaction (`db::begin_write`) together with what they cause.

pub mod deadlines;
pub mod files;
pub mod storage;
pub mod sync;
pub mod waveforms;

use super::*;
use crate::error::{AppError, AppResult};
use crate::platform::db::{DbConn, DbPool};

/// What an action needs from the caller's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Read,
    Edit,
    Manage,
    Own,
}

fn role_from(owner_id: i64, user_id: i64, perm: Option<Permission>) -> Option<Role> {
    if owner_id == user_id {
        return Some(Role::Owner);
    }
    perm.map(Role::Member)
}

pub async fn role(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<Option<Role>> {
    let row: Option<(i64, Option<Permission>)> = sqlx::query_as(
        "SELECT t.owner_id, m.permission FROM tracks t
         LEFT JOIN track_members m ON m.track_id = t.id AND m.user_id = $1
         WHERE t.id = $2",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.and_then(|(owner, perm)| role_from(owner, user_id, perm)))
}

/// The caller's role on a track if it allows `need`. A track the caller cannot see is
/// "not found" (its existence is not revealed); one they see but may not change is 403.
pub async fn require(db: &mut DbConn, user_id: i64, track_id: i64, need: Need) -> AppResult<Role> {
    let role = role(db, user_id, track_id).await?.ok_or_else(|| {
        AppError::not_found("This track does not exist or is not shared with you.")
    })?;
    let ok = match need {
        Need::Read => true,
        Need::Edit => role.can_edit(),
        Need::Manage => role.can_manage(),
        Need::Own => role == Role::Owner,
    };
    if ok {
        Ok(role)
    } else {
        Err(AppError::forbidden(match need {
            Need::Edit => "You have view-only access to this track, so you cannot change it.",
            Need::Manage => {
                "Only the owner or a collaborator with full control can manage collaborators."
            }
            _ => "Only the track's owner can do this.",
        }))
    }
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    title: String,
    project_id: Option<i64>,
    project_name: Option<String>,
    stage: Stage,
    due_date: Option<String>,
    artwork_path: Option<String>,
    updated_at: i64,
    owner_id: i64,
    owner_name: String,
    permission: Option<Permission>,
}

impl CardRow {
    fn into_card(self, user_id: i64) -> TrackCard {
        TrackCard {
            id: self.id,
            role: role_from(self.owner_id, user_id, self.permission)
                .unwrap_or(Role::Member(Permission::View)),
            title: self.title,
            project_id: self.project_id,
            project_name: self.project_name,
            stage: self.stage,
            due_date: self.due_date,
            artwork_version: self.artwork_path.map(|_| self.updated_at),
            owner_name: self.owner_name,
            sync: None,
        }
    }
}

const CARD_SELECT: &str =
    "SELECT t.id, t.title, t.project_id, p.name AS project_name, t.stage, t.due_date,
        t.artwork_path, t.updated_at, t.owner_id, o.display_name AS owner_name, m.permission
     FROM tracks t
     JOIN users o ON o.id = t.owner_id
     LEFT JOIN projects p ON p.id = t.project_id
     LEFT JOIN track_members m ON m.track_id = t.id AND m.user_id = $1";

/// Every track the user owns or collaborates on, most recently changed first.
pub async fn cards(db: &mut DbConn, user_id: i64) -> AppResult<Vec<TrackCard>> {
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "{CARD_SELECT} WHERE t.owner_id = $1 OR m.user_id IS NOT NULL ORDER BY t.updated_at DESC, t.id DESC"
    ))
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?;
    let syncing: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT f.track_id,
                CAST(SUM(CASE WHEN s.status = 'done' THEN f.size_bytes ELSE s.bytes_done END) AS BIGINT),
                CAST(SUM(f.size_bytes) AS BIGINT), COUNT(CASE WHEN s.status <> 'done' THEN 1 END)
         FROM file_syncs s JOIN files f ON f.id = s.file_id
         WHERE s.user_id = $1 GROUP BY f.track_id HAVING COUNT(CASE WHEN s.status <> 'done' THEN 1 END) > 0",
    )
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut card = r.into_card(user_id);
            card.sync = syncing.iter().find(|(t, ..)| *t == card.id).map(
                |&(_, bytes_done, bytes_total, files_left)| SyncProgress {
                    bytes_done,
                    bytes_total,
                    files_left,
                },
            );
            card
        })
        .collect())
}

pub async fn card(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<TrackCard> {
    let row: CardRow = sqlx::query_as(&format!("{CARD_SELECT} WHERE t.id = $2"))
        .bind(user_id)
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?;
    Ok(row.into_card(user_id))
}

/// Projects the user owns, and projects of tracks shared with them.
pub async fn projects(db: &mut DbConn, user_id: i64) -> AppResult<Vec<Project>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, name, owner_id FROM (
             SELECT p.id, p.name, p.owner_id FROM projects p WHERE p.owner_id = $1
             UNION
             SELECT p.id, p.name, p.owner_id FROM projects p
               JOIN tracks t ON t.project_id = p.id
               JOIN track_members m ON m.track_id = t.id AND m.user_id = $1
         ) AS mine ORDER BY lower(name), id",
    )
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, owner)| Project {
            id,
            name,
            owned: owner == user_id,
        })
        .collect())
}

pub fn validate_project_name(raw: &str) -> AppResult<String> {
    crate::text::line(raw, 80).map_err(|p| {
        p.error(
            "A project name",
            "Give the project a name.",
            "A project name has at most 80 characters.",
        )
    })
}

pub async fn create_project(
    db: &mut DbConn,
    owner_id: i64,
    name: &str,
    now: i64,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projects (owner_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(owner_id)
    .bind(name)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    Ok(id)
}

/// Renames a project the user owns; returns the old name.
pub async fn rename_project(
    db: &mut DbConn,
    user_id: i64,
    project_id: i64,
    name: &str,
    now: i64,
) -> AppResult<String> {
    let old: Option<(String, i64)> =
        sqlx::query_as("SELECT name, owner_id FROM projects WHERE id = $1")
            .bind(project_id)
            .fetch_optional(&mut *db)
            .await?;
    match old {
        Some((old, owner)) if owner == user_id => {
            sqlx::query("UPDATE projects SET name = $1, updated_at = $2 WHERE id = $3")
                .bind(name)
                .bind(now)
                .bind(project_id)
                .execute(&mut *db)
                .await?;
            Ok(old)
        }
        _ => Err(AppError::not_found(
            "This project does not exist or is not yours.",
        )),
    }
}

pub struct NewTrack {
    pub title: String,
    pub project_id: Option<i64>,
    pub due_date: Option<String>,
}

pub async fn create_track(
    db: &mut DbConn,
    owner_id: i64,
    new: &NewTrack,
    now: i64,
) -> AppResult<i64> {
    if let Some(pid) = new.project_id {
        let owns: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM projects WHERE id = $1 AND owner_id = $2")
                .bind(pid)
                .bind(owner_id)
                .fetch_optional(&mut *db)
                .await?;
        if owns.is_none() {
            return Err(AppError::not_found(
                "That project does not exist or is not yours.",
            ));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tracks (owner_id, project_id, title, due_date, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner_id)
    .bind(new.project_id)
    .bind(&new.title)
    .bind(&new.due_date)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    Ok(id)
}

pub async fn set_artwork(
    db: &mut DbConn,
    track_id: i64,
    path: &str,
    mime: &str,
    now: i64,
) -> AppResult<Option<String>> {
    let old: Option<String> = sqlx::query_scalar("SELECT artwork_path FROM tracks WHERE id = $1")
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?;
    sqlx::query(
        "UPDATE tracks SET artwork_path = $1, artwork_mime = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(path)
    .bind(mime)
    .bind(now)
    .bind(track_id)
    .execute(&mut *db)
    .await?;
    Ok(old)
}

/// Sets the stage; returns the previous one (`None` when it did not change).
pub async fn set_stage(
    db: &mut DbConn,
    track_id: i64,
    stage: Stage,
    now: i64,
) -> AppResult<Option<Stage>> {
    let old: Stage = sqlx::query_scalar("SELECT stage FROM tracks WHERE id = $1")
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?;
    if old == stage {
        return Ok(None);
    }
    sqlx::query("UPDATE tracks SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(stage.as_str())
        .bind(now)
        .bind(track_id)
        .execute(&mut *db)
        .await?;
    Ok(Some(old))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub bpm: Option<i64>,
    pub musical_key: Option<String>,
    pub genre: Option<String>,
    pub description: String,
}

pub async fn update_metadata(
    db: &mut DbConn,
    track_id: i64,
    m: &Metadata,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE tracks SET title = $1, bpm = $2, musical_key = $3, genre = $4, description = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&m.title)
    .bind(m.bpm)
    .bind(&m.musical_key)
    .bind(&m.genre)
    .bind(&m.description)
    .bind(now)
    .bind(track_id)
    .execute(&mut *db)
    .await?;
    Ok(())
}

pub async fn set_due_date(
    db: &mut DbConn,
    track_id: i64,
    due: Option<&str>,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE tracks SET due_date = $1, updated_at = $2 WHERE id = $3")
        .bind(due)
        .bind(now)
        .bind(track_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub fn validate_comment(raw: &str) -> AppResult<String> {
    crate::text::multiline(raw, COMMENT_MAX).map_err(|p| {
        p.error(
            "A comment",
            "Write something before posting the comment.",
            &format!("A comment has at most {COMMENT_MAX} characters."),
        )
    })
}

const COMMENT_SELECT: &str =
    "SELECT c.id, c.author_id, u.display_name AS author_name, c.body, c.created_at, c.edited_at,
            c.file_id, COALESCE(f.line_id, f.id) AS line_id, f.version, c.at_ms, c.until_ms
     FROM comments c JOIN users u ON u.id = c.author_id LEFT JOIN files f ON f.id = c.file_id";

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    author_id: i64,
    author_name: String,
    body: String,
    created_at: i64,
    edited_at: Option<i64>,
    file_id: Option<i64>,
    line_id: Option<i64>,
    version: Option<i64>,
    at_ms: Option<i64>,
    until_ms: Option<i64>,
}

impl From<CommentRow> for Comment {
    fn from(r: CommentRow) -> Self {
        Comment {
            id: r.id,
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: r.created_at,
            edited_at: r.edited_at,
            // A moment in a version that was removed is no longer one.
            moment: match (r.file_id, r.line_id, r.version, r.at_ms) {
                (Some(file_id), Some(line_id), Some(version), Some(at_ms)) => Some(Moment {
                    file_id,
                    line_id,
                    version,
                    at_ms,
                    until_ms: r.until_ms,
                }),
                _ => None,
            },
        }
    }
}

/// Where a new comment points: (file, from, until), checked by the caller
/// (`files::check_moment`).
pub type At = (i64, i64, Option<i64>);

pub async fn add_comment(
    db: &mut DbConn,
    track_id: i64,
    author_id: i64,
    body: &str,
    at: Option<At>,
    now: i64,
) -> AppResult<Comment> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (track_id, author_id, body, created_at, file_id, at_ms, until_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(track_id)
    .bind(author_id)
    .bind(body)
    .bind(now)
    .bind(at.map(|a| a.0))
    .bind(at.map(|a| a.1))
    .bind(at.and_then(|a| a.2))
    .fetch_one(&mut *db)
    .await?;
    touch(db, track_id, now).await?;
    let row: CommentRow = sqlx::query_as(&format!("{COMMENT_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_one(&mut *db)
        .await?;
    Ok(row.into())
}

/// The track a comment belongs to and its author.
pub async fn comment_owner(db: &mut DbConn, comment_id: i64) -> AppResult<Option<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT track_id, author_id FROM comments WHERE id = $1")
            .bind(comment_id)
            .fetch_optional(&mut *db)
            .await?,
    )
}

pub async fn edit_comment(
    db: &mut DbConn,
    comment_id: i64,
    body: &str,
    now: i64,
) -> AppResult<Comment> {
    sqlx::query("UPDATE comments SET body = $1, edited_at = $2 WHERE id = $3")
        .bind(body)
        .bind(now)
        .bind(comment_id)
        .execute(&mut *db)
        .await?;
    let row: CommentRow = sqlx::query_as(&format!("{COMMENT_SELECT} WHERE c.id = $1"))
        .bind(comment_id)
        .fetch_one(&mut *db)
        .await?;
    Ok(row.into())
}

async fn touch(db: &mut DbConn, track_id: i64, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE tracks SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(track_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub async fn artwork_location(
    db: &mut DbConn,
    track_id: i64,
) -> AppResult<Option<(String, String)>> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT artwork_path, artwork_mime FROM tracks WHERE id = $1")
            .bind(track_id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(row.and_then(|(p, m)| Some((p?, m.unwrap_or_else(|| "image/png".into())))))
}

pub async fn detail(
    pool: &DbPool,
    user_id: i64,
    track_id: i64,
    today: String,
) -> AppResult<TrackDetail> {
    let mut conn = pool.acquire().await?;
    let role = require(&mut conn, user_id, track_id, Need::Read).await?;
    let card = card(&mut conn, user_id, track_id).await?;
    let (bpm, musical_key, genre, description): (
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
    ) = sqlx::query_as("SELECT bpm, musical_key, genre, description FROM tracks WHERE id = $1")
        .bind(track_id)
        .fetch_one(&mut *conn)
        .await?;
    let comments: Vec<CommentRow> = sqlx::query_as(&format!(
        "{COMMENT_SELECT} WHERE c.track_id = $1 ORDER BY c.id"
    ))
    .bind(track_id)
    .fetch_all(&mut *conn)
    .await?;
    let files = files::of_track(&mut conn, user_id, track_id).await?;
    let members: Vec<(i64, String, String, Option<Permission>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, NULL FROM tracks t JOIN users u ON u.id = t.owner_id WHERE t.id = $1
         UNION ALL
         SELECT u.id, u.display_name, u.email, m.permission FROM track_members m JOIN users u ON u.id = m.user_id
         WHERE m.track_id = $1",
    )
    .bind(track_id)
    .fetch_all(&mut *conn)
    .await?;
    let muted = crate::notifications::store::mutes::is_muted(&mut conn, user_id, track_id).await?;
    Ok(TrackDetail {
        card,
        bpm,
        musical_key,
        genre,
        description,
        comments: comments.into_iter().map(Comment::from).collect(),
        files,
        members: members
            .into_iter()
            .map(|(user_id, display_name, email, perm)| Member {
                user_id,
                display_name,
                email: role.can_edit().then_some(email),
                // The owner's row has no permission.
                role: perm.map(Role::Member).unwrap_or(Role::Owner),
            })
            .collect(),
        // Filled by the page's server function, for those who manage collaborators.
        invites: Vec::new(),
        viewer_id: user_id,
        today,
        muted,
    })
}

/// Everyone who can see a track: the owner and its collaborators.
pub async fn audience(db: &mut DbConn, track_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT owner_id FROM tracks WHERE id = $1 UNION SELECT user_id FROM track_members WHERE track_id = $1",
    )
    .bind(track_id)
    .fetch_all(&mut *db)
    .await?)
}

/// A track's title, for messages.
pub async fn title(db: &mut DbConn, track_id: i64) -> AppResult<String> {
    Ok(sqlx::query_scalar("SELECT title FROM tracks WHERE id = $1")
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?)
}

/// People in a project: its owner, its default collaborators and everyone on its tracks.
pub async fn project_audience(db: &mut DbConn, project_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT owner_id FROM projects WHERE id = $1
         UNION SELECT u.id FROM project_collaborators pc
               JOIN users u ON u.email = pc.email AND u.email_verified_at IS NOT NULL
               WHERE pc.project_id = $1
         UNION SELECT t.owner_id FROM tracks t WHERE t.project_id = $1
         UNION SELECT m.user_id FROM track_members m JOIN tracks t ON t.id = m.track_id WHERE t.project_id = $1",
    )
    .bind(project_id)
    .fetch_all(&mut *db)
    .await?)
}

/// Everyone who shares a track with `user_id` (either way round).
pub async fn collaborators_of(db: &mut DbConn, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT t.owner_id FROM track_members m JOIN tracks t ON t.id = m.track_id WHERE m.user_id = $1
         UNION SELECT m.user_id FROM tracks t JOIN track_members m ON m.track_id = t.id WHERE t.owner_id = $1
         UNION SELECT m2.user_id FROM track_members m1 JOIN track_members m2 ON m2.track_id = m1.track_id
               WHERE m1.user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?)
}

/// A project's name and owner, if it exists.
pub async fn project_and_owner(
    db: &mut DbConn,
    project_id: i64,
) -> AppResult<Option<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT name, owner_id FROM projects WHERE id = $1")
            .bind(project_id)
            .fetch_optional(&mut *db)
            .await?,
    )
}

/// The owner of a track.
pub async fn owner_of(db: &mut DbConn, track_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT owner_id FROM tracks WHERE id = $1")
            .bind(track_id)
            .fetch_one(&mut *db)
            .await?,
    )
}

/// Makes `user_id` a collaborator on the track (nothing if they already are).
pub async fn add_member(
    db: &mut DbConn,
    track_id: i64,
    user_id: i64,
    permission: Permission,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (track_id, user_id) DO NOTHING",
    )
    .bind(track_id)
    .bind(user_id)
    .bind(permission)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Ends `user_id`'s membership and drops their pending copies of the track's files;
/// `false` when they were not a collaborator.
pub async fn remove_member(db: &mut DbConn, track_id: i64, user_id: i64) -> AppResult<bool> {
    let removed = sqlx::query("DELETE FROM track_members WHERE track_id = $1 AND user_id = $2")
        .bind(track_id)
        .bind(user_id)
        .execute(&mut *db)
        .await?
        .rows_affected();
    sqlx::query(
        "DELETE FROM file_syncs WHERE user_id = $1 AND file_id IN (SELECT id FROM files WHERE track_id = $2)",
    )
    .bind(user_id)
    .bind(track_id)
    .execute(&mut *db)
    .await?;
    Ok(removed > 0)
}
