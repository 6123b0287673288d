//! Saved notification preferences (JSON per user).

use super::Preferences;
use crate::error::{AppError, AppResult};
use crate::platform::db::{DbConn, Engine, Sql};
use std::collections::HashMap;

/// Stored JSON as preferences. What was saved was validated, so anything unreadable is
/// a broken row: an error with a log line, never silently the defaults.
fn parse(raw: &str) -> AppResult<Preferences> {
    serde_json::from_str::<Preferences>(raw)
        .map_err(|e| AppError::internal("stored notification preferences", e))?
        .validate()
        .map_err(|e| AppError::internal("stored notification preferences", e))
}

pub async fn load(db: &mut DbConn, user_id: i64) -> AppResult<Preferences> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT prefs FROM notification_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?;
    match raw {
        Some(raw) => parse(&raw),
        None => Ok(Preferences::default()),
    }
}

pub async fn save(db: &mut DbConn, user_id: i64, prefs: &Preferences, now: i64) -> AppResult<()> {
    let json = serde_json::to_string(prefs)
        .map_err(|e| crate::error::AppError::internal("encode preferences", e))?;
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, prefs, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(json)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The preferences of a group of people: saved ones, the defaults for the rest.
pub struct Many {
    saved: HashMap<i64, Preferences>,
    defaults: Preferences,
}

impl Many {
    pub fn of(&self, user_id: i64) -> &Preferences {
        self.saved.get(&user_id).unwrap_or(&self.defaults)
    }
}

/// The preferences of `users`, in one query per 500 of them.
pub async fn of(db: &mut DbConn, users: &[i64]) -> AppResult<Many> {
    let mut q = Sql::new(
        Engine::of_conn(db),
        "SELECT user_id, prefs FROM notification_preferences WHERE user_id",
    );
    q.is_in(users);
    let rows: Vec<(i64, String)> = q.query_as().fetch_all(&mut *db).await?;
    let mut saved = HashMap::with_capacity(rows.len());
    for (user, raw) in rows {
        saved.insert(user, parse(&raw)?);
    }
    Ok(Many {
        saved,
        defaults: Preferences::default(),
    })
}

#[cfg(test)]
mod tests {
    use crate::error::AppError;
    use crate::platform::db::DbPool;

    crate::platform::testdb::db_test! {
        /// A saved row that cannot be read is an error, not someone's defaults.
        async fn an_unreadable_row_is_an_error(pool: DbPool) {
            let user = crate::auth::store::test_user(&pool, "p@example.com", true, 1).await;
            let mut conn = pool.acquire().await.unwrap();
            assert_eq!(
                crate::notifications::preferences::store::load(&mut conn, user).await.unwrap(),
                Default::default()
            );
            sqlx::query("INSERT INTO notification_preferences (user_id, prefs, updated_at) VALUES ($1, '{\"track\":', 1)")
                .bind(user)
                .execute(&mut *conn)
                .await
                .unwrap();
            assert!(matches!(
                crate::notifications::preferences::store::load(&mut conn, user).await,
                Err(AppError::Internal)
            ));
            assert!(crate::notifications::preferences::store::of(&mut conn, &[user]).await.is_err());
        }
    }
}
