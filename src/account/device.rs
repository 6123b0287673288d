//! The browser a sign-in came from: a readable name for it, and (on the server) whether
//! the account has signed in from it before.

/// "Chrome on Linux" from a User-Agent header.
pub fn browser_name(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "an unknown browser"
    };
    let os = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser.to_string(),
    }
}

/// The cookie that tells one browser from another (a random token; the server keeps
/// only its SHA-256, per account that signed in from it).
#[cfg(feature = "ssr")]
pub const COOKIE: &str = "pd_device";

/// Remembers the browser of the current request for `user_id` (giving it a device
/// cookie if it has none, and keeping the cookie for another 400 days); returns whether
/// the account had never signed in from it.
#[cfg(feature = "ssr")]
pub async fn remember(
    work: &mut crate::platform::db::Work,
    user_id: i64,
    secure_cookies: bool,
) -> crate::error::AppResult<bool> {
    use crate::auth::session;
    let parts = session::request_parts()?;
    let token = session::token_cookie(&parts.headers, COOKIE).unwrap_or_else(session::new_token);
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(
            axum::http::header::SET_COOKIE,
            session::set_token_cookie(COOKIE, &token, secure_cookies),
        );
    }
    let now = work.now;
    super::store::remember_device(work.db(), user_id, &session::digest(&token), now).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn browsers() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(super::browser_name(chrome), "Chrome on Linux");
        let ff = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert_eq!(super::browser_name(ff), "Firefox on Windows");
        assert_eq!(super::browser_name("curl/8.0"), "an unknown browser");
    }
}
