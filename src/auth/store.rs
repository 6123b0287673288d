//! Users and password hashes (argon2id).

use super::User;
use crate::error::{AppError, AppResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sqlx::{Executor, Sqlite, SqlitePool};

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("argon2", e))
}

/// Verifies a password; with no stored hash it still does the same work, so the time
/// taken does not tell whether the email exists.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let ok = PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    email_verified_at: Option<i64>,
    theme: String,
    is_admin: bool,
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
            is_admin: r.is_admin,
            avatar_version: r.avatar_path.map(|_| r.updated_at),
        }
    }
}

const USER_COLUMNS: &str =
    "id, email, display_name, email_verified_at, theme, is_admin, avatar_path, updated_at";

pub async fn get(pool: &SqlitePool, id: i64) -> AppResult<Option<User>> {
    let row: Option<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(User::from))
}

pub async fn find_by_email<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    email: &str,
) -> AppResult<Option<User>> {
    let row: Option<UserRow> =
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?"))
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.map(User::from))
}

/// The user and their password hash, for sign-in.
pub async fn credentials(pool: &SqlitePool, email: &str) -> AppResult<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?")
            .bind(email)
            .fetch_optional(pool)
            .await?,
    )
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub verified: bool,
}

/// Creates a user; a taken email is a conflict.
pub async fn create<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    new: NewUser<'_>,
    now: i64,
) -> AppResult<i64> {
    let hash = hash_password(new.password)?;
    let res = sqlx::query(
        "INSERT INTO users (email, display_name, password_hash, email_verified_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
    )
    .bind(new.email)
    .bind(new.display_name)
    .bind(hash)
    .bind(new.verified.then_some(now))
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::conflict(
            "An account with this email already exists. Sign in instead.",
        ));
    }
    Ok(res.last_insert_rowid())
}

pub async fn set_display_name<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    id: i64,
    name: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?")
        .bind(name)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Grants administrator rights to the account with `email` (the `make-admin` command).
pub async fn make_admin(pool: &SqlitePool, email: &str) -> AppResult<bool> {
    let n = sqlx::query("UPDATE users SET is_admin = 1 WHERE email = ?")
        .bind(email.trim().to_lowercase())
        .execute(pool)
        .await?
        .rows_affected();
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn create_and_find(pool: SqlitePool) {
        let new = || NewUser {
            email: "ana@example.com",
            display_name: "Ana",
            password: "password1",
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
        assert!(verify_password("password1", Some(&hash)));
        assert!(!verify_password("password2", Some(&hash)));
        assert!(!verify_password("password1", None));
    }
}
