use crate::auth::User;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes the signed-in user's display name.
#[server(endpoint = "settings/profile")]
pub async fn update_profile(display_name: String) -> Result<User, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    let name = crate::auth::validate_display_name(&display_name)?;
    crate::auth::store::set_display_name(&state.pool, user.id, &name, state.clock.now_ms()).await?;
    Ok(User {
        display_name: name,
        ..user
    })
}
