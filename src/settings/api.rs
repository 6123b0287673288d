use crate::auth::User;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notifications::live::Change;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// What the signed-in user's uploads and synced copies take, against their quota.
#[server(endpoint = "settings/storage")]
pub async fn get_storage() -> Result<super::Storage, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    Ok(super::Storage {
        used: crate::tracks::store::storage::used(&mut conn, user.id)
            .await?
            .max(0) as u64,
        quota: state.config.storage_quota_bytes,
    })
}

/// Changes the signed-in user's display name.
#[server(endpoint = "settings/profile")]
pub async fn update_profile(display_name: String) -> Result<User, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let name = crate::auth::validate_display_name(&display_name)?;
    if name == user.display_name {
        return Ok(user);
    }
    use crate::notifications::{kinds::Kind, pipeline};
    let mut work = crate::platform::db::Work::begin(&state).await?;
    let now = work.now;
    crate::auth::store::set_display_name(work.db(), user.id, &name, now).await?;
    let others = crate::tracks::store::collaborators_of(work.db(), user.id).await?;
    let note = pipeline::Note::new(
        Kind::ProfileChanged,
        format!("{} is now {name}", user.display_name),
        "A collaborator changed their profile name.",
    )
    .by(user.id);
    pipeline::emit(&mut work, &others, &note).await?;
    let user = User {
        display_name: name,
        ..user
    };
    work.push(user.id, &Change::Me(Box::new(user.clone())));
    work.commit().await?;
    Ok(user)
}

/// Changes the signed-in user's password: the current one must match; every other
/// session of the account is signed out; a security alert is sent.
#[server(endpoint = "settings/password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::auth::{session, store};
    use crate::notifications::{kinds::Kind, pipeline};
    crate::auth::validate_password(&new)?;
    let state = crate::platform::AppState::get()?;
    let user = session::require_user().await?;
    let (_, hash) = store::credentials(&state.pool, &user.email)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !crate::auth::password::verify(&current, Some(&hash)).await? {
        return Err(AppError::invalid("Your current password is not correct."));
    }
    let new_hash = crate::auth::password::hash(&new).await?;
    let keep = session::token_from(&session::request_parts()?.headers).unwrap_or_default();
    let mut work = crate::platform::db::Work::begin(&state).await?;
    let now = work.now;
    store::set_password_hash(work.db(), user.id, &new_hash, now).await?;
    session::destroy_others(work.db(), user.id, &keep).await?;
    let note = pipeline::Note::new(
        Kind::PasswordChanged,
        "Your password was changed",
        "Other devices were signed out. If this wasn't you, contact support right away.",
    );
    pipeline::emit(&mut work, &[user.id], &note).await?;
    work.commit().await?;
    Ok(())
}

/// Light or dark, remembered for the signed-in user.
#[server(endpoint = "settings/theme")]
pub async fn set_theme(theme: String) -> Result<User, AppError> {
    let theme = crate::auth::Theme::parse(&theme)
        .ok_or_else(|| AppError::invalid("Choose the light or the dark theme."))?;
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        crate::auth::store::set_theme(work.db(), user.id, theme, now).await?;
        let user = User {
            theme,
            ..user.clone()
        };
        work.push(user.id, &Change::Me(Box::new(user.clone())));
        Ok(user)
    })
    .await
}

/// Starts changing the signed-in user's email address: a verification link goes to the
/// new address, and the account switches to it only once the link is opened.
#[server(endpoint = "settings/email")]
pub async fn change_email(email: String) -> Result<String, AppError> {
    use crate::auth::{session, throttle};
    let email = crate::auth::validate_email(&email)?;
    let state = crate::platform::AppState::get()?;
    // Saying an address is taken tells who has an account: such answers are throttled.
    let attempt = throttle::reserve_address_answer(&state, &session::request_parts()?).await?;
    let result = crate::auth::session::in_work(async |work, user, state| {
        if email == user.email.to_lowercase() {
            return Err(AppError::invalid("That is already your email address."));
        }
        if crate::auth::store::email_used_by_other(work.db(), &email, user.id).await? {
            return Err(AppError::conflict(
                "Another account uses that address. Choose a different one.",
            ));
        }
        let now = work.now;
        crate::account::verify::start(work.db(), user.id, &email, now, &state.config.public_url)
            .await?;
        Ok(email.clone())
    })
    .await;
    if !matches!(result, Err(AppError::Conflict(_))) {
        attempt.succeeded(&state.pool, None).await?;
    }
    result
}

/// A new address waiting for its verification link to be opened, if any.
#[server(endpoint = "settings/email/pending")]
pub async fn pending_email_change() -> Result<Option<String>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    crate::account::store::pending_change(&mut conn, user.id, &user.email, state.clock.now_ms())
        .await
}

/// Replaces the signed-in user's avatar image (or, with `clear=1`, removes it); collaborators
/// hear of the change. Returns the updated user.
#[server(input = MultipartFormData, endpoint = "settings/avatar")]
pub async fn set_avatar(data: MultipartData) -> Result<User, AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    use crate::platform::upload;
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let uploads = state.config.uploads_dir();
    let form = upload::read_form(
        &state.config,
        data,
        "avatar",
        state.config.max_artwork_bytes,
    )
    .await?;
    let remove = form.text("clear") == "1";
    let new = match (form.file, remove) {
        (Some(file), false) => {
            let mime = upload::sniff_image(file.temp.path())
                .await?
                .ok_or_else(|| {
                    AppError::invalid("An avatar must be a PNG, JPEG, GIF or WebP image.")
                })?;
            let rel = format!(
                "avatars/{}-{}",
                user.id,
                crate::platform::tokens::new_token()
            );
            Some((
                rel.clone(),
                mime,
                file.temp.persist(&uploads.join(&rel)).await?,
            ))
        }
        (None, false) => return Err(AppError::invalid("Choose an image for your avatar.")),
        (_, true) => None,
    };
    let mut work = crate::platform::db::Work::begin(&state).await?;
    let now = work.now;
    let avatar = new.as_ref().map(|(path, mime, _)| (path.as_str(), *mime));
    let old = crate::auth::store::set_avatar(work.db(), user.id, avatar, now).await?;
    let others = crate::tracks::store::collaborators_of(work.db(), user.id).await?;
    let note = pipeline::Note::new(
        Kind::ProfileChanged,
        format!("{} updated their avatar", user.display_name),
        "A collaborator changed their profile picture.",
    )
    .by(user.id);
    pipeline::emit(&mut work, &others, &note).await?;
    let avatar_version = new.as_ref().map(|_| now);
    let user = User {
        avatar_version,
        ..user
    };
    work.push(user.id, &Change::Me(Box::new(user.clone())));
    work.commit().await?;
    if let Some((_, _, stored)) = new {
        stored.keep();
    }
    if let Some(old) = old {
        let _ = tokio::fs::remove_file(uploads.join(old)).await;
    }
    Ok(user)
}

/// The signed-in user's notification preferences.
#[server(endpoint = "settings/notifications")]
pub async fn get_preferences() -> Result<crate::notifications::preferences::Preferences, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    crate::notifications::preferences::store::load(&mut conn, user.id).await
}

/// Saves the preferences; they apply to the very next event, and every open tab of the
/// user is told. Sent as JSON.
#[server(endpoint = "settings/notifications/save", input = server_fn::codec::Json)]
pub async fn save_preferences(
    prefs: crate::notifications::preferences::Preferences,
) -> Result<crate::notifications::preferences::Preferences, AppError> {
    let prefs = prefs.validate()?;
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        crate::notifications::preferences::store::save(work.db(), user.id, &prefs, now).await?;
        work.push(
            user.id,
            &crate::notifications::live::Change::Preferences(Box::new(prefs.clone())),
        );
        Ok(())
    })
    .await?;
    Ok(prefs)
}

pub use plain_form::*;

/// The plain form's server function takes one argument per field of the form: that is
/// how a form posts.
#[allow(clippy::too_many_arguments)]
mod plain_form {
    use super::*;

    /// Save Preferences from the form: the ticked boxes by name (see
    /// `Preferences::from_form`; `complete=1`: every box of a category that is on was sent).
    /// Turning security alerts off needs the page's confirmation (`confirm_security_off=1`),
    /// which only the interactive page asks for.
    #[server(endpoint = "settings/notifications/save_form")]
    pub async fn save_preferences_form(
        on: Option<Vec<String>>,
        reminder_days: Option<u8>,
        quiet_start: Option<String>,
        quiet_end: Option<String>,
        quiet_zone: Option<String>,
        when: Option<Vec<String>>,
        digest_hour: Option<String>,
        digest_zone: Option<String>,
        complete: Option<String>,
        confirm_security_off: Option<String>,
    ) -> Result<(), AppError> {
        use crate::notifications::preferences::{store, PlainForm};
        let form = PlainForm {
            on: on.unwrap_or_default(),
            reminder_days,
            quiet_start,
            quiet_end,
            quiet_zone,
            when: when.unwrap_or_default(),
            digest_hour,
            digest_zone,
            complete: complete.as_deref() == Some("1"),
        };
        let confirmed = confirm_security_off.as_deref() == Some("1");
        crate::auth::session::in_work(async |work, user, _| {
            let saved = store::load(work.db(), user.id).await?;
            let prefs = saved.from_form(&form)?.validate()?;
            if saved.security_alerts() && !prefs.security_alerts() && !confirmed {
                return Err(AppError::invalid(
                    "Security alerts stay on: turning them off asks you to confirm, which needs JavaScript in this browser.",
                ));
            }
            let now = work.now;
            store::save(work.db(), user.id, &prefs, now).await?;
            work.push(
                user.id,
                &crate::notifications::live::Change::Preferences(Box::new(prefs)),
            );
            Ok(())
        })
        .await
    }
}

/// The tracks the user muted, by title.
#[server(endpoint = "settings/notifications/muted")]
pub async fn get_muted_tracks() -> Result<Vec<crate::notifications::TrackChoice>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut db = state.pool.acquire().await?;
    crate::notifications::store::mutes::muted_tracks(&mut db, user.id).await
}

/// How many updates wait for the signed-in user's next email digest.
#[server(endpoint = "settings/notifications/digest")]
pub async fn digest_waiting() -> Result<i64, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut db = state.pool.acquire().await?;
    crate::notifications::store::digests::waiting(&mut db, user.id).await
}

/// Sends what waits for the signed-in user's digest now; says what happened.
#[server(endpoint = "settings/notifications/digest/send")]
pub async fn send_digest_now() -> Result<String, AppError> {
    use crate::notifications::digest::{send_now, SentNow};
    let sent =
        crate::auth::session::in_work(async |work, user, _| send_now(work, user.id).await).await?;
    Ok(match sent {
        SentNow::Sent => "Your digest is on its way.",
        SentNow::AllRead => "You already read everything that waited, so no digest was sent.",
        SentNow::Nothing => "Nothing waits for your digest.",
    }
    .to_string())
}

/// The unsubscribe link of a digest email: that person's digests stop (the categories
/// emailed as a digest are emailed no more). The link's token is the permission; no
/// sign-in is needed.
#[server(endpoint = "digest/unsubscribe")]
pub async fn unsubscribe_digest(token: String) -> Result<(), AppError> {
    if token.len() > 128 {
        return Err(AppError::NotFound(
            "This unsubscribe link is not known. Open Settings → Notifications to choose what reaches you by email.".into(),
        ));
    }
    let state = crate::platform::AppState::get()?;
    let mut work = crate::platform::db::Work::begin(&state).await?;
    crate::notifications::digest::unsubscribe(&mut work, &token).await?;
    work.commit().await?;
    Ok(())
}
