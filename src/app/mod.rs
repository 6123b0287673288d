//! The browser's composition root: the HTML shell, the routes, and the signed-in frame
//! that provides each feature's browser state, the header and the live stream. It
//! imports the features; of the rest of the app only the server's router imports it
//! (to render it).

mod header;
#[cfg(feature = "hydrate")]
mod live;
mod routes;
pub mod shell;

use crate::auth::ui::Viewer;
use crate::feed::Feed;
use crate::settings::notifications_ui::PushedPreferences;
use crate::tracks::ui::LiveSync;
use crate::ui::markup::PageTitle;
use crate::ui::session::Session;
use crate::ui::toast::{ToastRegion, Toasts};
use header::Header;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use shell::get_shell;

/// Makes the server-rendered page interactive: hydrates it (waiting for the chunks of a
/// page that loads on demand), marks it (`window.__hydrated`, when in `__hydrated_at`),
/// then fetches the other pages' chunks while the browser is idle.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::tachys::dom::body();
        leptos::mount::hydrate_from_async(body, App).await.forget();
        if let Some(w) = web_sys::window() {
            let at = w.performance().map(|p| p.now()).unwrap_or_default();
            let _ = js_sys::Reflect::set(&w, &"__hydrated_at".into(), &at.into());
            let _ = js_sys::Reflect::set(&w, &"__hydrated".into(), &true.into());
        }
        // The page is the priority; the rest of the app follows in the background.
        gloo_timers::future::TimeoutFuture::new(300).await;
        crate::feed::prefetch().await;
        crate::invitations::ui::prefetch().await;
        routes::prefetch().await;
    });
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toasts::provide();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Producer Dashboard".to_string() } else { format!("{t} · Producer Dashboard") }/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/signin") view={Lazy::<routes::SignIn>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/signup") view={Lazy::<routes::SignUp>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/verify-email") view={Lazy::<routes::VerifyEmail>::new()}/>
                <ParentRoute path=path!("") view=SignedIn ssr=SsrMode::Async>
                    <Route path=path!("") view=crate::dashboard::DashboardPage/>
                    <Route path=path!("tracks/:id") view={Lazy::<routes::Track>::new()}/>
                    <Route path=path!("activity") view={Lazy::<routes::Activity>::new()}/>
                    <Route path=path!("invitations") view={Lazy::<routes::Invitations>::new()}/>
                    <Route path=path!("settings") view={Lazy::<routes::Settings>::new()}/>
                    <Route path=path!("settings/:section") view={Lazy::<routes::Settings>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
        <ToastRegion/>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text="Page not found"/>
        <main class="narrow-page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a href="/">"Back to your tracks"</a></p>
        </main>
    }
}

/// The signed-in frame. The header waits for the shell (who is signed in, the badges);
/// the page beside it loads its own data at the same time. Signed out → sign-in page.
#[component]
fn SignedIn() -> impl IntoView {
    let shell = Resource::new_blocking(|| (), |_| get_shell());
    crate::ui::time::provide_now(crate::ui::time::current_time_ms());
    let session = Session::provide();
    let viewer = Viewer::provide();
    let feed = Feed::provide();
    let sync = LiveSync::provide();
    let preferences = PushedPreferences::provide();
    // One live stream per tab, opened once the shell is known.
    #[cfg(feature = "hydrate")]
    {
        let connected = StoredValue::new(false);
        Effect::new(move |_| {
            if let Some(Ok(Some(s))) = shell.get() {
                if !connected.get_value() {
                    connected.set_value(true);
                    live::connect(
                        live::Targets {
                            session,
                            feed,
                            sync,
                            preferences,
                        },
                        s.last_id,
                    );
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (session, sync, preferences);
    view! {
        <Suspense fallback=|| view! { <header class="app-header"></header> }>
            {move || Suspend::new(async move {
                match shell.await {
                    Ok(Some(shell)) => {
                        viewer.set(shell.user);
                        feed.badges.set(shell.badges);
                        let theme = move || viewer.0.with(|u| u.as_ref().map(|u| u.theme)).unwrap_or_default().as_str();
                        view! { <leptos_meta::Html {..} data-theme=theme/><Header/> }.into_any()
                    }
                    Ok(None) => view! { <Redirect path="/signin"/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <crate::invitations::ui::InvitationsModal/>
        <div class="sr-only" aria-live="polite" aria-atomic="true">{move || feed.announcement.get()}</div>
        <main id="main" class="page">
            <Outlet/>
        </main>
    }
}
