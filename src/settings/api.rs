use crate::auth::User;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes the signed-in user's display name.
#[server(endpoint = "settings/profile")]
pub async fn update_profile(display_name: String) -> Result<User, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    let name = crate::auth::validate_display_name(&display_name)?;
    if name == user.display_name {
        return Ok(user);
    }
    use crate::notifications::{kinds::Kind, pipeline};
    let now = state.clock.now_ms();
    let mut tx = crate::server::db::begin_write(&state.pool).await?;
    crate::auth::store::set_display_name(&mut *tx, user.id, &name, now).await?;
    let others = pipeline::collaborators_of(&mut tx, user.id).await?;
    let note = pipeline::Note::new(
        Kind::ProfileChanged,
        format!("{} is now {name}", user.display_name),
        "A collaborator changed their profile name.",
    )
    .by(user.id);
    let told = pipeline::emit(&mut tx, now, &others, &note).await?;
    tx.commit().await?;
    told.publish(&state.hub);
    Ok(User {
        display_name: name,
        ..user
    })
}
