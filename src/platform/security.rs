//! What every response carries for safety, and what every request must pass first:
//! the cross-site guard, a well-formed multipart boundary, and the security headers
//! (a nonce-based Content-Security-Policy on HTML, `nosniff`, the referrer policy and
//! `no-store` where answers are personal).

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// `true` when the request may change state: a safe method, or a request whose origin
/// (scheme and host) is this site's.
pub fn same_origin(req: &Request<Body>, scheme: &str) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // Non-browser clients (curl, tests) send no Origin; browsers always do on POST.
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin
                .strip_prefix(scheme)
                .and_then(|rest| rest.strip_prefix("://"));
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

pub async fn reject_cross_site(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if same_origin(&req, state.config.public_scheme()) {
        next.run(req).await
    } else {
        plain(
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed.",
        )
    }
}

/// The paths of the server functions that read a multipart form (uploads).
#[derive(Clone)]
pub struct UploadPaths(pub std::sync::Arc<[&'static str]>);

/// A multipart body must name its boundary, and an upload endpoint takes nothing else:
/// without one the form cannot be read (and the server-function decoder would give up
/// abruptly).
pub async fn reject_malformed_multipart(
    State(uploads): State<UploadPaths>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        })
        .map(|ct| multer::parse_boundary(ct).is_ok_and(|b| !b.is_empty()));
    let upload = uploads.0.contains(&req.uri().path());
    match boundary {
        Some(false) => plain(
            StatusCode::BAD_REQUEST,
            "The upload was malformed: the form has no boundary. Please try again.",
        ),
        None if upload => plain(
            StatusCode::BAD_REQUEST,
            "The upload was malformed: send it as a form with its file (multipart/form-data).",
        ),
        _ => next.run(req).await,
    }
}

/// Form errors without JavaScript: a server function answers a plain form post with a
/// redirect back to the page, carrying the error in the query (`__path`, `__err`), and
/// Leptos shows what it finds there. So that nobody can put their own words on a page
/// with a crafted link, the redirect is signed here (`__at`, `__sig`) and a page request
/// whose error is not signed by this server, or is older than ten minutes, loses it.
pub async fn sign_form_errors(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let now = state.clock.now_ms();
    if req.uri().path().starts_with("/api/") {
        let mut res = next.run(req).await;
        let signed = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|loc| form_error::sign(loc, now));
        if let Some(v) = signed.and_then(|l| HeaderValue::from_str(&l).ok()) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        return res;
    }
    let (mut parts, body) = req.into_parts();
    if let Some(clean) = parts
        .uri
        .query()
        .and_then(|q| form_error::unless_signed(q, now))
    {
        let path = parts.uri.path();
        let rebuilt = if clean.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{clean}")
        };
        if let Ok(uri) = rebuilt.parse() {
            parts.uri = uri;
        }
    }
    next.run(Request::from_parts(parts, body)).await
}

mod form_error {
    use sha2::{Digest, Sha256};
    use std::sync::OnceLock;

    const VALID_MS: i64 = 10 * 60 * 1000;
    const KEYS: [&str; 4] = ["__path", "__err", "__at", "__sig"];

    fn key() -> &'static [u8; 32] {
        static KEY: OnceLock<[u8; 32]> = OnceLock::new();
        KEY.get_or_init(|| {
            let mut k = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut k);
            k
        })
    }

    /// HMAC-SHA-256 of `path`, `err` and `at`, as hex.
    fn mac(path: &str, err: &str, at: &str) -> String {
        let (mut ipad, mut opad) = ([0x36u8; 64], [0x5cu8; 64]);
        for (i, b) in key().iter().enumerate() {
            ipad[i] ^= b;
            opad[i] ^= b;
        }
        let inner = Sha256::new()
            .chain_update(ipad)
            .chain_update(path)
            .chain_update([0])
            .chain_update(err)
            .chain_update([0])
            .chain_update(at)
            .finalize();
        hex::encode(
            Sha256::new()
                .chain_update(opad)
                .chain_update(inner)
                .finalize(),
        )
    }

    fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// `location` with its form error signed, if it carries one.
    pub fn sign(location: &str, now: i64) -> Option<String> {
        let (_, query) = location.split_once('?')?;
        let query = query.split('#').next().unwrap_or(query);
        let (path, err) = (param(query, "__path")?, param(query, "__err")?);
        let at = now.to_string();
        let sig = mac(path, err, &at);
        Some(match location.split_once('#') {
            Some((before, frag)) => format!("{before}&__at={at}&__sig={sig}#{frag}"),
            None => format!("{location}&__at={at}&__sig={sig}"),
        })
    }

    /// The query without its form error, when it has one that this server did not sign
    /// within the last ten minutes; `None` when it needs no change.
    pub fn unless_signed(query: &str, now: i64) -> Option<String> {
        if !KEYS.iter().any(|k| param(query, k).is_some()) {
            return None;
        }
        let genuine = match (
            param(query, "__path"),
            param(query, "__err"),
            param(query, "__at"),
            param(query, "__sig"),
        ) {
            (Some(path), Some(err), Some(at), Some(sig)) => {
                let fresh = at
                    .parse::<i64>()
                    .is_ok_and(|t| t <= now && now - t <= VALID_MS);
                let expected = mac(path, err, at);
                fresh
                    && sig.len() == expected.len()
                    && sig
                        .bytes()
                        .zip(expected.bytes())
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
            }
            _ => false,
        };
        if genuine {
            return None;
        }
        Some(
            query
                .split('&')
                .filter(|kv| {
                    let k = kv.split_once('=').map_or(*kv, |(k, _)| k);
                    !KEYS.contains(&k)
                })
                .collect::<Vec<_>>()
                .join("&"),
        )
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn only_signed_fresh_errors_survive() {
            let loc = "http://a.test/signin?x=1&__path=%2Fapi%2Fauth%2Fsign_in&__err=eyJ9";
            let signed = super::sign(loc, 1000).unwrap();
            let q = signed.split_once('?').unwrap().1;
            assert_eq!(super::unless_signed(q, 2000), None);
            // Too old, tampered, or unsigned: the error goes, the rest stays.
            assert_eq!(
                super::unless_signed(q, 1000 + 11 * 60 * 1000).as_deref(),
                Some("x=1")
            );
            let tampered = q.replace("eyJ9", "eyJ8");
            assert_eq!(
                super::unless_signed(&tampered, 2000).as_deref(),
                Some("x=1")
            );
            assert_eq!(
                super::unless_signed("__path=%2Fapi&__err=eyJ9", 0).as_deref(),
                Some("")
            );
            assert_eq!(super::unless_signed("page=2", 0), None);
        }
    }
}

/// The nonce of this response's scripts, handed to Leptos through the request.
#[derive(Clone)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn new() -> Self {
        CspNonce(crate::platform::tokens::random_hex(16))
    }
}

/// The Content-Security-Policy of an HTML page whose scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Hands Leptos this request's nonce (call inside the Leptos context of a request).
pub fn provide_nonce() {
    if let Some(nonce) = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Adds the security headers to every response.
pub async fn security_headers(mut req: Request<Body>, next: Next) -> Response {
    let nonce = CspNonce::new();
    let api = req.uri().path().starts_with("/api/");
    let media = req.uri().path().starts_with("/media/");
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if media {
        // People's uploads: whatever type they claim, they never run in this origin.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        );
    } else if html {
        if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce.0)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    // Pages and answers are personal: never kept by the browser or a proxy.
    if html || api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(origin: Option<&str>, host: &str) -> Request<Body> {
        let mut b = Request::post("/api/x").header(header::HOST, host);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn origin_must_match_scheme_and_host() {
        assert!(same_origin(&post(Some("http://a.test"), "a.test"), "http"));
        assert!(same_origin(&post(None, "a.test"), "http"));
        assert!(!same_origin(
            &post(Some("https://a.test"), "a.test"),
            "http"
        ));
        assert!(!same_origin(
            &post(Some("http://a.test"), "a.test"),
            "https"
        ));
        assert!(!same_origin(&post(Some("http://b.test"), "a.test"), "http"));
        assert!(!same_origin(&post(Some("null"), "a.test"), "http"));
        assert!(!same_origin(
            &post(Some("http://a.test.evil"), "a.test"),
            "http"
        ));
    }

    #[test]
    fn policy_allows_only_nonced_scripts_and_wasm() {
        let p = content_security_policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-eval'") || p.contains("'wasm-unsafe-eval'"));
        assert!(!p.contains("script-src 'self' 'unsafe-inline'"));
        for d in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(p.contains(d), "{d}");
        }
    }
}
