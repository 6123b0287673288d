//! What every signed-in page starts from (who is signed in, the header badges, where the
//! live stream starts), and the badges on their own.

use crate::auth::User;
use crate::error::AppError;
use crate::notifications::Badges;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every signed-in page starts from: who is signed in and the header badges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shell {
    pub user: User,
    pub badges: Badges,
    /// The newest notification id when the page was rendered: the live stream starts after it.
    pub last_id: i64,
}

/// The signed-in user's shell, or `None` when nobody is signed in.
#[server(endpoint = "shell")]
pub async fn get_shell() -> Result<Option<Shell>, AppError> {
    let state = crate::platform::AppState::get()?;
    let Some(user) = crate::auth::session::current_user().await? else {
        return Ok(None);
    };
    // One connection for both badges (taken once the user is known: a render's parts
    // wait for that lookup, and none of them waits holding a connection).
    let mut db = state.pool.acquire().await?;
    let (unread, last_id) =
        crate::notifications::store::unread_and_latest(&mut db, user.id).await?;
    let invites = crate::invitations::store::pending_count(&mut db, user.id).await?;
    Ok(Some(Shell {
        user,
        badges: Badges { unread, invites },
        last_id,
    }))
}

/// Both header badges: unread notifications (from the feed) and pending invitations.
#[cfg(feature = "ssr")]
pub async fn badges(
    pool: &crate::platform::db::DbPool,
    user_id: i64,
) -> crate::error::AppResult<Badges> {
    let mut db = pool.acquire().await?;
    Ok(Badges {
        unread: crate::notifications::store::unread_count(&mut db, user_id).await?,
        invites: crate::invitations::store::pending_count(&mut db, user_id).await?,
    })
}

/// Both header badges in one request.
#[server(endpoint = "notifications/badges")]
pub async fn get_badges() -> Result<Badges, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    badges(&state.pool, user.id).await
}
