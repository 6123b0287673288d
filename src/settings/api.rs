use crate::auth::User;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes the signed-in user's display name.
#[server(endpoint = "settings/profile")]
pub async fn update_profile(display_name: String) -> Result<User, AppError> {
    let state = crate::server::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
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

/// Changes the signed-in user's password: the current one must match; every other
/// session of the account is signed out; a security alert is sent.
#[server(endpoint = "settings/password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::auth::{session, store};
    use crate::notifications::{kinds::Kind, pipeline};
    crate::auth::validate_password(&new)?;
    let state = crate::server::AppState::get()?;
    let user = session::require_user().await?;
    let (_, hash) = store::credentials(&state.pool, &user.email)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let ok = tokio::task::spawn_blocking(move || store::verify_password(&current, Some(&hash)))
        .await
        .map_err(|e| AppError::internal("verify task", e))?;
    if !ok {
        return Err(AppError::invalid("Your current password is not correct."));
    }
    let new_hash = tokio::task::spawn_blocking(move || store::hash_password(&new))
        .await
        .map_err(|e| AppError::internal("hash task", e))??;
    let keep = session::token_from(&session::request_parts()?.headers).unwrap_or_default();
    let now = state.clock.now_ms();
    let mut tx = crate::server::db::begin_write(&state.pool).await?;
    sqlx::query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
        .bind(&new_hash)
        .bind(now)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    session::destroy_others(&mut tx, user.id, &keep).await?;
    let note = pipeline::Note::new(
        Kind::PasswordChanged,
        "Your password was changed",
        "Other devices were signed out. If this wasn't you, contact support right away.",
    );
    let told = pipeline::emit(&mut tx, now, &[user.id], &note).await?;
    tx.commit().await?;
    told.publish(&state.hub);
    Ok(())
}

/// Light or dark, remembered for the signed-in user.
#[server(endpoint = "settings/theme")]
pub async fn set_theme(theme: String) -> Result<User, AppError> {
    if theme != "light" && theme != "dark" {
        return Err(AppError::invalid("Choose the light or the dark theme."));
    }
    crate::server::db::in_write_tx(async |tx, user, state| {
        sqlx::query("UPDATE users SET theme = ?, updated_at = ? WHERE id = ?")
            .bind(&theme)
            .bind(state.clock.now_ms())
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        Ok(User {
            theme: theme.clone(),
            ..user.clone()
        })
    })
    .await
}

/// Starts changing the signed-in user's email address: a verification link goes to the
/// new address, and the account switches to it only once the link is opened.
#[server(endpoint = "settings/email")]
pub async fn change_email(email: String) -> Result<String, AppError> {
    let email = crate::auth::validate_email(&email)?;
    crate::server::db::in_write_tx(async |tx, user, state| {
        if email == user.email.to_lowercase() {
            return Err(AppError::invalid("That is already your email address."));
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(AppError::conflict(
                "Another account uses that address. Choose a different one.",
            ));
        }
        let now = state.clock.now_ms();
        crate::auth::verify::start(tx, user.id, &email, now, &state.config.public_url).await?;
        Ok(email.clone())
    })
    .await
}

/// A new address waiting for its verification link to be opened, if any.
#[server(endpoint = "settings/email/pending")]
pub async fn pending_email_change() -> Result<Option<String>, AppError> {
    let state = crate::server::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    Ok(sqlx::query_scalar(
        "SELECT email FROM email_verifications
         WHERE user_id = ? AND used_at IS NULL AND expires_at > ? AND email <> ?
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(user.id)
    .bind(state.clock.now_ms())
    .bind(&user.email)
    .fetch_optional(&state.pool)
    .await?)
}
