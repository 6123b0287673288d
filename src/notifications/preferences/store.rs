//! Saved notification preferences (JSON per user).

use super::Preferences;
use crate::error::AppResult;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Stored JSON as preferences; anything unreadable counts as the defaults.
fn parse(raw: &str) -> Preferences {
    serde_json::from_str::<Preferences>(raw)
        .ok()
        .and_then(|p| p.validate().ok())
        .unwrap_or_default()
}

pub async fn load(db: &mut SqliteConnection, user_id: i64) -> AppResult<Preferences> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT prefs FROM notification_preferences WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(raw.as_deref().map(parse).unwrap_or_default())
}

pub async fn save(
    db: &mut SqliteConnection,
    user_id: i64,
    prefs: &Preferences,
    now: i64,
) -> AppResult<()> {
    let json = serde_json::to_string(prefs)
        .map_err(|e| crate::error::AppError::internal("encode preferences", e))?;
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, prefs, updated_at) VALUES (?, ?, ?)
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
pub async fn of(db: &mut SqliteConnection, users: &[i64]) -> AppResult<Many> {
    let mut saved = HashMap::new();
    for chunk in users.chunks(500) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT user_id, prefs FROM notification_preferences WHERE user_id IN ",
        );
        crate::platform::db::push_id_list(&mut q, chunk);
        let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *db).await?;
        saved.extend(rows.into_iter().map(|(u, raw)| (u, parse(&raw))));
    }
    Ok(Many {
        saved,
        defaults: Preferences::default(),
    })
}
