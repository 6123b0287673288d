//! The whole HTTP surface: server functions, media, pages, the bundle.

use crate::app::{shell, App};
use crate::platform::{assets, security, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(
        move || {
            provide_context(state.clone());
            provide_context(crate::auth::session::RequestUser::default());
        },
        req,
    )
    .await
}

/// The server functions that take a multipart form.
fn upload_paths() -> security::UploadPaths {
    use leptos::server_fn::ServerFn;
    security::UploadPaths(
        [
            crate::dashboard::api::CreateTrack::PATH,
            crate::tracks::api::SetArtwork::PATH,
            crate::tracks::api::UploadFile::PATH,
            crate::settings::api::SetAvatar::PATH,
        ]
        .into(),
    )
}

/// What a server render needs besides the request: the state, the CSP nonce for its
/// scripts, the server's time (relative times are rendered from it), and a place for
/// who is signed in (looked up once however many parts of the page ask).
fn render_context(state: &AppState) {
    security::provide_nonce();
    provide_context(crate::ui::time::RenderedAt(state.clock.now_ms()));
    provide_context(state.clone());
    provide_context(crate::auth::session::RequestUser::default());
}

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let opts = state.leptos_options.clone();
    let pkg_dir = std::path::Path::new(opts.site_root.as_ref()).join(opts.site_pkg_dir.as_ref());
    Router::new()
        .route("/api/events", get(super::events::events))
        .route("/api/{*fn_name}", any(server_fn))
        .route("/media/artwork/{track_id}", get(crate::media::artwork))
        .route("/media/files/{file_id}", get(crate::media::file))
        .route("/media/avatars/{user_id}", get(crate::media::avatar))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || render_context(&state)
            },
            move || shell(opts.clone()),
        )
        .nest_service(
            "/pkg",
            assets::pkg_service(pkg_dir, state.leptos_options.hash_files),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            {
                let state = state.clone();
                move || render_context(&state)
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            upload_paths(),
            security::reject_malformed_multipart,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::sign_form_errors,
        ))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(compression())
        .with_state(state)
}

/// Pages, `/api` answers and other text go out compressed (brotli or gzip, as the
/// browser accepts); the bundle is precompressed already, and media (images, audio,
/// archives) and the event stream (flushed per event) are sent as they are.
fn compression(
) -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{DefaultPredicate, Predicate};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    let text = |_: axum::http::StatusCode,
                _: axum::http::Version,
                headers: &axum::http::HeaderMap,
                _: &axum::http::Extensions| {
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                t.starts_with("text/html")
                    || t.starts_with("application/json")
                    || t.starts_with("text/plain")
                    || t.starts_with("application/x-www-form-urlencoded")
            })
    };
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        // Brotli 4 / gzip 4: most of the saving for a small part of the time of the best.
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(text))
}
