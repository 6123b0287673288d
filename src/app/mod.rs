//! The browser's composition root: the HTML shell, the routes, and the signed-in frame
//! (the live stream, the header, the invitations modal). Pages are rendered on the
//! server, whole; in the browser `hydrate` attaches to that markup rather than drawing
//! it again, and what draws something new (the activity panel, the invitations modal,
//! the preferences form) is a chunk of its own, fetched once the page is interactive.
//! They share the state provided here (once per page in the browser, once per render on
//! the server).
//! It imports the features; of the rest of the app only the server's router imports it
//! (to render it).

mod header;
mod live;
#[cfg(feature = "ssr")]
mod loader;
pub mod shell;

use crate::feed::Feed;
use crate::settings::notifications_ui::PushedPreferences;
use crate::tracks::ui::LiveSync;
use crate::ui::markup::PageTitle;
use crate::ui::session::Session;
use crate::ui::toast::{ToastRegion, Toasts};
use header::Header;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use live::LiveRegion;
use shell::get_shell;

/// The state the browser's parts of a page share: one of each per page.
fn provide_state() {
    Toasts::provide();
    Session::provide();
    Feed::provide();
    LiveSync::provide();
    PushedPreferences::provide();
}

/// Runs in the browser once the code is there (started by `loader`): the root holding
/// the state the browser's parts share; what the server-rendered parts do
/// (`ui/behaviour.rs`, live sync progress, the preferences form where there is one);
/// the clock of relative times.
#[cfg(feature = "hydrate")]
pub async fn hydrate() {
    leptos::mount::hydrate_islands();
    provide_state();
    crate::ui::behaviour::install(expect_context(), expect_context());
    crate::tracks::ui::follow_sync(expect_context());
    crate::tracks::player::follow();
    crate::ui::toast::show(expect_context());
    // The badges start from what the page was rendered with.
    live::start();
    header::start(expect_context());
    crate::feed::follow(expect_context(), expect_context());
    crate::invitations::ui::follow(expect_context());
    crate::ui::time::tick();
    // The preferences form, on this page or on a section shown in place later.
    let owner = Owner::current().unwrap_or_default();
    crate::ui::behaviour::on_page_change(move || {
        owner.with(|| leptos::task::spawn_local(crate::settings::notifications_ui::enhance_page()))
    });
    crate::settings::notifications_ui::enhance_page().await;
}

/// Runs once the page is interactive (called by `loader`): fetches the code of what the
/// header opens (the activity panel first, then the invitations modal), of forms
/// answered in place and of a settings section shown in place, so that the first tap
/// finds it there. Fetched before the page is
/// interactive, the same code cost hydration more than it saved the first tap (measured).
#[cfg(feature = "hydrate")]
pub fn hydrated() {
    crate::ui::browser::hydration_done();
    leptos::task::spawn_local(async {
        crate::feed::prefetch().await;
        crate::invitations::ui::prefetch().await;
        crate::ui::form::send::prefetch().await;
        crate::settings::notifications_ui::prefetch().await;
        crate::tracks::player::prefetch().await;
    });
}

#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="Share tracks with collaborators and never miss what matters."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <loader::Bundle options/>
                <leptos_meta::MetaTags/>
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
    provide_state();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Producer Dashboard".to_string() } else { format!("{t} · Producer Dashboard") }/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/signin") view=crate::account::ui::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=crate::account::ui::SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/verify-email") view=crate::account::ui::VerifyEmailPage/>
                <Route path=path!("/digest/unsubscribe") view=crate::settings::unsubscribe_ui::UnsubscribeDigestPage/>
                <ParentRoute path=path!("") view=SignedIn ssr=SsrMode::Async>
                    <Route path=path!("") view=crate::dashboard::DashboardPage/>
                    <Route path=path!("tracks/:id") view=crate::dashboard::TrackPage/>
                    <Route path=path!("activity") view=crate::feed::ActivityPage/>
                    <Route path=path!("invitations") view=crate::invitations::ui::InvitationsPage/>
                    <Route path=path!("settings") view=crate::settings::ui::SettingsPage/>
                    <Route path=path!("settings/:section") view=crate::settings::ui::SettingsPage/>
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

/// The signed-in frame: the live stream and the header wait for the shell (who is
/// signed in, the badges, where the stream starts); the page beside them loads its own
/// data at the same time. Signed out → sign-in page.
#[component]
fn SignedIn() -> impl IntoView {
    let shell = Resource::new_blocking(|| (), |_| get_shell());
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Suspense fallback=|| view! { <header class="app-header"></header> }>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match shell.await {
                        Ok(Some(shell)) => {
                            let theme = shell.user.theme.as_str();
                            view! {
                                <leptos_meta::Html {..} data-theme=theme/>
                                <LiveRegion after=shell.last_id badges=shell.badges/>
                                <Header user=shell.user badges=shell.badges path/>
                            }.into_any()
                        }
                        Ok(None) => view! { <Redirect path="/signin"/> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <crate::invitations::ui::InvitationsModal/>
        <main id="main" class="page">
            <Outlet/>
        </main>
    }
}
