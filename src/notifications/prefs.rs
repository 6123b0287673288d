//! The one place the pipeline asks whether a recipient wants a notification, and by
//! which channels: their saved preferences (`settings::prefs`), or the defaults if they
//! never saved any. Email goes only to verified addresses.

use super::kinds::Kind;
use crate::error::AppResult;
use crate::settings::prefs::store;
use sqlx::SqliteConnection;

/// Who gets `kind`: in the app, and by email (with the address).
pub struct Delivery {
    pub in_app: Vec<i64>,
    pub email: Vec<(i64, String)>,
}

pub async fn decide(db: &mut SqliteConnection, users: &[i64], kind: Kind) -> AppResult<Delivery> {
    let prefs = store::of(db, users).await?;
    let in_app = users
        .iter()
        .copied()
        .filter(|u| prefs.of(*u).in_app(kind))
        .collect();
    let wants_email: Vec<i64> = users
        .iter()
        .copied()
        .filter(|u| prefs.of(*u).email(kind))
        .collect();
    let mut email = Vec::new();
    for chunk in wants_email.chunks(500) {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT id, email FROM users WHERE email_verified_at IS NOT NULL AND id IN ",
        );
        crate::server::db::push_id_list(&mut q, chunk);
        q.push(" ORDER BY id");
        email.extend(
            q.build_query_as::<(i64, String)>()
                .fetch_all(&mut *db)
                .await?,
        );
    }
    Ok(Delivery { in_app, email })
}
