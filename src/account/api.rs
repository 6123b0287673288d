//! Server functions for signing up, in and out.

use crate::auth::User;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::{session, store, throttle};
    pub use crate::platform::{db::Work, AppState};
    pub use axum::http::header;
    pub use leptos_axum::ResponseOptions;

    /// Remembers the browser that just signed in; if the account never signed in from
    /// it, tells the account holder which browser and when (high priority when wrong
    /// passwords came just before). A browser the account knows raises nothing.
    pub async fn alert_sign_in(
        state: &AppState,
        user_id: i64,
        wrong_passwords: i64,
    ) -> Result<(), crate::error::AppError> {
        use crate::notifications::{kinds::Kind, pipeline};
        let parts = session::request_parts()?;
        let ua = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut work = Work::begin(state).await?;
        let new_browser =
            crate::account::device::remember(&mut work, user_id, state.config.secure_cookies())
                .await?;
        if new_browser {
            let when = chrono::DateTime::from_timestamp_millis(work.now)
                .map(|t| t.format("%-d %b %Y at %H:%M UTC").to_string())
                .unwrap_or_default();
            let after = match wrong_passwords {
                0 => String::new(),
                1 => ", after a wrong password".to_string(),
                n => format!(", after {n} wrong passwords"),
            };
            let note = pipeline::Note::new(
                Kind::NewSignIn,
                "New sign-in to your account",
                format!(
                    "Signed in from {} on {when}{after}. If this wasn't you, change your password.",
                    crate::account::device::browser_name(ua)
                ),
            )
            .high(wrong_passwords > 0);
            pipeline::emit(&mut work, &[user_id], &note).await?;
        }
        work.commit().await?;
        Ok(())
    }

    /// Tells the account holder that sign-in was paused after repeated wrong passwords.
    pub async fn alert_failures(
        state: &AppState,
        user_id: i64,
    ) -> Result<(), crate::error::AppError> {
        use crate::notifications::{kinds::Kind, pipeline};
        let note = pipeline::Note::new(
            Kind::SignInFailures,
            "Repeated failed sign-ins",
            format!(
                "Someone entered a wrong password for your account {} times in {} minutes, so signing in with a password is paused for a few minutes. If this wasn't you, consider changing your password.",
                throttle::MAX_FAILURES,
                throttle::WINDOW_MS / 60_000
            ),
        );
        let mut work = Work::begin(state).await?;
        pipeline::emit(&mut work, &[user_id], &note).await?;
        work.commit().await?;
        Ok(())
    }

    /// Starts a fresh session for `user_id`, dropping the one the request came with
    /// (the session id is rotated at every sign-in).
    pub async fn start_session(
        state: &AppState,
        user_id: i64,
    ) -> Result<(), crate::error::AppError> {
        let parts = session::request_parts()?;
        if let Some(old) = session::token_from(&parts.headers) {
            session::destroy(&state.pool, &old).await?;
        }
        let ua = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        let token = session::create(&state.pool, user_id, ua, state.clock.now_ms()).await?;
        if let Some(res) = leptos::prelude::use_context::<ResponseOptions>() {
            res.append_header(
                header::SET_COOKIE,
                session::set_cookie(&token, state.config.secure_cookies()),
            );
        }
        Ok(())
    }
}

/// The signed-in user, or `None`.
#[server(endpoint = "auth/me")]
pub async fn get_current_user() -> Result<Option<User>, AppError> {
    crate::auth::session::current_user().await
}

#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use self::ssr::*;
    let email = crate::auth::validate_email(&email)?;
    let display_name = crate::auth::validate_display_name(&display_name)?;
    crate::auth::validate_password(&password)?;
    let state = AppState::get()?;
    // Saying an address is taken tells who has an account: such answers are throttled.
    let attempt = throttle::reserve_address_answer(&state, &session::request_parts()?).await?;
    let password_hash = crate::auth::password::hash(&password).await?;
    let id = store::create(
        &state.pool,
        store::NewUser {
            email: &email,
            display_name: &display_name,
            password_hash: &password_hash,
            verified: false,
        },
        state.clock.now_ms(),
    )
    .await?;
    attempt.succeeded(&state.pool, None).await?;
    start_session(&state, id).await?;
    let mut work = Work::begin(&state).await?;
    let now = work.now;
    // The browser that created the account is known to it from the start.
    crate::account::device::remember(&mut work, id, state.config.secure_cookies()).await?;
    super::verify::start(work.db(), id, &email, now, &state.config.public_url).await?;
    work.commit().await?;
    Ok(())
}

/// Sends the signed-in user a new verification link for their email address.
#[server(endpoint = "auth/resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, state| {
        if user.email_verified {
            return Err(AppError::invalid("Your email address is already verified."));
        }
        let now = work.now;
        super::verify::start(
            work.db(),
            user.id,
            &user.email,
            now,
            &state.config.public_url,
        )
        .await
    })
    .await
}

/// Uses a verification link's token; returns the verified address.
#[server(endpoint = "auth/verify_email")]
pub async fn verify_email(token: String) -> Result<String, AppError> {
    let state = crate::platform::AppState::get()?;
    let mut work = crate::platform::db::Work::begin(&state).await?;
    let email = super::verify::confirm(&mut work, &token).await?;
    work.commit().await?;
    Ok(email)
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let email = email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 || password.len() > 1024 {
        return Err(AppError::invalid("Email or password is incorrect."));
    }
    let parts = session::request_parts()?;
    let client = throttle::client_address(&parts, state.config.trust_proxy);
    // A browser already signed in to this account is never locked out of it.
    let signed_in_here = session::user_from_headers(&state, &parts.headers)
        .await?
        .is_some_and(|u| u.email == email);
    let attempt = throttle::reserve(
        &state.pool,
        throttle::Scope::SignIn,
        Some(&email),
        &client,
        state.clock.now_ms(),
        signed_in_here,
    )
    .await?;
    let found = store::credentials(&state.pool, &email).await?;
    let ok =
        crate::auth::password::verify(&password, found.as_ref().map(|(_, h)| h.as_str())).await?;
    match found {
        Some((id, _)) if ok => {
            let wrong_passwords = attempt.earlier_failures();
            attempt.succeeded(&state.pool, Some(&email)).await?;
            start_session(&state, id).await?;
            alert_sign_in(&state, id, wrong_passwords).await
        }
        Some((id, _)) => {
            if attempt.reached_limit() {
                alert_failures(&state, id).await?;
            }
            Err(AppError::invalid("Email or password is incorrect."))
        }
        None => Err(AppError::invalid("Email or password is incorrect.")),
    }
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let parts = session::request_parts()?;
    if let Some(token) = session::token_from(&parts.headers) {
        session::destroy(&state.pool, &token).await?;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(
            header::SET_COOKIE,
            session::clear_cookie(state.config.secure_cookies()),
        );
    }
    Ok(())
}
