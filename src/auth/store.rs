//! Users and their password hashes (made by `auth::password`).

use super::User;
use crate::error::{AppError, AppResult};
use crate::platform::db::{Db, DbConn, DbPool, Engine, Sql};
use sqlx::Executor;

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    email_verified_at: Option<i64>,
    theme: super::Theme,
    is_admin: i64,
    avatar_path: Option<String>,
    updated_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            email_verified: r.email_verified_at.is_some(),
            theme: r.theme,
            is_admin: r.is_admin != 0,
            avatar_version: r.avatar_path.map(|_| r.updated_at),
        }
    }
}

const USER_COLUMNS: &str =
    "id, email, display_name, email_verified_at, theme, is_admin, avatar_path, updated_at";

pub async fn get(pool: &DbPool, id: i64) -> AppResult<Option<User>> {
    let row: Option<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(User::from))
}

/// The user of the session with id (digest) `session`, still live at `now`, and when
/// that session ends: one query for every signed-in request.
pub async fn of_session(
    db: &mut DbConn,
    session: &str,
    now: i64,
) -> AppResult<Option<(User, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        expires_at: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.email_verified_at, u.theme, u.is_admin,
                u.avatar_path, u.updated_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > $2",
    )
    .bind(session)
    .bind(now)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.map(|r| (User::from(r.user), r.expires_at)))
}

pub async fn find_by_email<'e>(
    db: impl Executor<'e, Database = Db>,
    email: &str,
) -> AppResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    ))
    .bind(email.to_lowercase())
    .fetch_optional(db)
    .await?;
    Ok(row.map(User::from))
}

/// The user and their password hash, for sign-in.
pub async fn credentials(pool: &DbPool, email: &str) -> AppResult<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(email.to_lowercase())
            .fetch_optional(pool)
            .await?,
    )
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    /// From `auth::password::hash`.
    pub password_hash: &'a str,
    pub verified: bool,
}

/// Creates a user; a taken email is a conflict. Addresses are kept in lower case (and
/// looked up so), on both engines.
pub async fn create<'e>(
    db: impl Executor<'e, Database = Db>,
    new: NewUser<'_>,
    now: i64,
) -> AppResult<i64> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, email_verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(new.email.to_lowercase())
    .bind(new.display_name)
    .bind(new.password_hash)
    .bind(new.verified.then_some(now))
    .bind(now)
    .bind(now)
    .fetch_optional(db)
    .await?;
    id.ok_or_else(|| {
        AppError::conflict("An account with this email already exists. Sign in instead.")
    })
}

pub async fn set_display_name<'e>(
    db: impl Executor<'e, Database = Db>,
    id: i64,
    name: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE users SET display_name = $1, updated_at = $2 WHERE id = $3")
        .bind(name)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Grants administrator rights to the account with `email` (the `make-admin` command).
/// Stores a new password hash.
pub async fn set_password_hash(
    db: &mut crate::platform::db::DbConn,
    user_id: i64,
    hash: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub async fn set_theme(
    db: &mut crate::platform::db::DbConn,
    user_id: i64,
    theme: super::Theme,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE users SET theme = $1, updated_at = $2 WHERE id = $3")
        .bind(theme)
        .bind(now)
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Whether an account other than `user_id` uses `email`.
pub async fn email_used_by_other(
    db: &mut crate::platform::db::DbConn,
    email: &str,
    user_id: i64,
) -> AppResult<bool> {
    let other: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND id <> $2")
            .bind(email)
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(other.is_some())
}

/// Sets (or, with `None`, clears) the avatar; returns the file of the one it replaces.
pub async fn set_avatar(
    db: &mut crate::platform::db::DbConn,
    user_id: i64,
    avatar: Option<(&str, &str)>,
    now: i64,
) -> AppResult<Option<String>> {
    let old: Option<Option<String>> =
        sqlx::query_scalar("SELECT avatar_path FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?;
    let old = old.ok_or_else(|| AppError::not_found("This account no longer exists."))?;
    sqlx::query(
        "UPDATE users SET avatar_path = $1, avatar_mime = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(avatar.map(|(path, _)| path))
    .bind(avatar.map(|(_, mime)| mime))
    .bind(now)
    .bind(user_id)
    .execute(&mut *db)
    .await?;
    Ok(old)
}

/// The verified addresses of `users` (in id order), for email notifications.
pub async fn verified_emails(
    db: &mut crate::platform::db::DbConn,
    users: &[i64],
) -> AppResult<Vec<(i64, String)>> {
    let mut q = Sql::new(
        Engine::of_conn(db),
        "SELECT id, email FROM users WHERE email_verified_at IS NOT NULL AND id",
    );
    q.is_in(users).push(" ORDER BY id");
    Ok(q.query_as::<(i64, String)>().fetch_all(&mut *db).await?)
}

/// A person's display name.
pub async fn display_name(db: &mut crate::platform::db::DbConn, user_id: i64) -> AppResult<String> {
    Ok(
        sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut *db)
            .await?,
    )
}

/// Every account's id (a service announcement reaches them all).
pub async fn all_ids(db: &mut crate::platform::db::DbConn) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM users ORDER BY id")
        .fetch_all(&mut *db)
        .await?)
}

pub async fn make_admin(pool: &DbPool, email: &str) -> AppResult<bool> {
    let n = sqlx::query("UPDATE users SET is_admin = 1 WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .execute(pool)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// An account for store and pipeline tests (its display name is its address).
#[cfg(test)]
pub async fn test_user(pool: &DbPool, email: &str, verified: bool, now: i64) -> i64 {
    let new = NewUser {
        email,
        display_name: email,
        password_hash: "x",
        verified,
    };
    create(pool, new, now).await.unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::platform::testdb::db_test! {
        async fn create_and_find(pool: DbPool) {
            let hashed = crate::auth::password::hash("password1").await.unwrap();
            let new = || NewUser {
                email: "ana@example.com",
                display_name: "Ana",
                password_hash: &hashed,
                verified: false,
            };
            let id = create(&pool, new(), 1).await.unwrap();
            assert_eq!(
                create(&pool, new(), 2).await,
                Err(AppError::conflict(
                    "An account with this email already exists. Sign in instead."
                ))
            );
            let u = find_by_email(&pool, "ANA@example.com")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(u.id, id);
            let (_, hash) = credentials(&pool, "ana@example.com")
                .await
                .unwrap()
                .unwrap();
            assert!(crate::auth::password::verify("password1", Some(&hash))
                .await
                .unwrap());
        }
    }
}
