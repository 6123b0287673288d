//! The whole HTTP surface: server functions, media, pages, the bundle.

use crate::app::{shell, App};
use crate::platform::{assets, compress, security, AppState};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};

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
            crate::tracks::api::UploadVersion::PATH,
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

/// The app's routes, found once per process by running the app with its data loading held
/// back. Leptos holds it back with a flag the whole process shares: a page rendered while
/// another router is being built (tests build one each, side by side) would wait forever
/// on data that was never fetched.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let routes = routes();
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
        .layer(axum::middleware::from_fn(compress::compress_text))
        .with_state(state)
}
