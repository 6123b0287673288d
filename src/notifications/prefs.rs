//! The one place the pipeline asks whether a recipient wants a notification: their
//! saved preferences (`settings::prefs`), or the defaults (everything on) if they never
//! saved any.

use super::kinds::Kind;
use crate::error::AppResult;
use crate::settings::prefs::store;
use sqlx::SqliteConnection;

/// The recipients among `users` who get `kind` in the app.
pub async fn in_app_recipients(
    db: &mut SqliteConnection,
    users: &[i64],
    kind: Kind,
) -> AppResult<Vec<i64>> {
    let saved = store::of(db, users).await?;
    if saved.is_empty() {
        return Ok(users.to_vec());
    }
    Ok(users
        .iter()
        .copied()
        .filter(|u| {
            saved
                .iter()
                .find(|(id, _)| id == u)
                .is_none_or(|(_, p)| p.in_app(kind))
        })
        .collect())
}
