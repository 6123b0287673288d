//! The HTML shell, the routes and the signed-in layout with its header.

use crate::auth::User;
use crate::error::AppError;
use crate::notifications::Badges;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::PageTitle;
use crate::ui::toast::{ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::{path, SsrMode};
use serde::{Deserialize, Serialize};

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

/// What every signed-in page starts from: who is signed in and the header badges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shell {
    pub user: User,
    pub badges: Badges,
    /// The newest notification id when the page was rendered: the live stream starts after it.
    pub last_id: i64,
}

/// The signed-in user's shell, or `None` when nobody is signed in.
#[server(endpoint = "shell")]
pub async fn get_shell() -> Result<Option<Shell>, AppError> {
    let state = crate::server::AppState::get()?;
    let Some(user) = crate::auth::session::current_user().await? else {
        return Ok(None);
    };
    let badges = Badges {
        unread: crate::notifications::store::unread_count(&state.pool, user.id).await?,
        invites: crate::invitations::store::pending_count(&state.pool, user.id).await?,
    };
    let last_id = crate::notifications::store::latest_id(&state.pool, user.id).await?;
    Ok(Some(Shell {
        user,
        badges,
        last_id,
    }))
}

/// State shared by the header, the grid and the dialogs of a signed-in page.
#[derive(Clone, Copy)]
pub struct Session {
    /// Set once the shell has loaded (the header renders only then).
    pub user: RwSignal<Option<User>>,
    pub badges: RwSignal<Badges>,
    /// The track selected in the grid (filters the invitations list).
    pub selected_track: RwSignal<Option<i64>>,
    pub invites_open: RwSignal<bool>,
    pub feed_open: RwSignal<bool>,
    /// Bumped when something changed that the grid shows.
    pub tracks_version: RwSignal<u64>,
    /// Bumped when the pending invitations changed.
    pub invites_version: RwSignal<u64>,
    /// Bumped when the tracks I may open changed (a track page re-checks its access).
    pub access_version: RwSignal<u64>,
    /// Live file-sync progress per track, as pushed by the server.
    pub sync: RwSignal<Vec<(i64, crate::tracks::SyncProgress)>>,
    /// Files that finished syncing to me since the page loaded.
    pub files_synced: RwSignal<Vec<i64>>,
    /// Notification preferences as last saved, pushed to every tab.
    pub preferences: RwSignal<Option<crate::settings::prefs::Preferences>>,
}

impl Session {
    /// The live sync progress of a track, if the server pushed any.
    pub fn sync_of(&self, track_id: i64) -> Option<crate::tracks::SyncProgress> {
        self.sync
            .with(|s| s.iter().find(|(t, _)| *t == track_id).map(|(_, p)| *p))
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    /// The signed-in user's display name and email (empty until the shell has loaded).
    pub fn who(&self) -> (String, String) {
        self.user
            .with(|u| {
                u.as_ref()
                    .map(|u| (u.display_name.clone(), u.email.clone()))
            })
            .unwrap_or_default()
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
                <Route path=path!("/signin") view=crate::auth::ui::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=crate::auth::ui::SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/verify-email") view=crate::auth::ui::VerifyEmailPage/>
                <ParentRoute path=path!("") view=SignedIn ssr=SsrMode::Async>
                    <Route path=path!("") view=crate::tracks::ui::DashboardPage/>
                    <Route path=path!("tracks/:id") view=crate::tracks::ui::TrackPage/>
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

/// The signed-in frame. The header waits for the shell (who is signed in, the badges);
/// the page beside it loads its own data at the same time. Signed out → sign-in page.
#[component]
fn SignedIn() -> impl IntoView {
    let shell = Resource::new_blocking(|| (), |_| get_shell());
    crate::ui::time::provide_now(crate::ui::time::current_time_ms());
    let session = Session {
        user: RwSignal::new(None),
        badges: RwSignal::new(Badges::default()),
        selected_track: RwSignal::new(None),
        invites_open: RwSignal::new(false),
        feed_open: RwSignal::new(false),
        tracks_version: RwSignal::new(0),
        invites_version: RwSignal::new(0),
        access_version: RwSignal::new(0),
        sync: RwSignal::new(Vec::new()),
        files_synced: RwSignal::new(Vec::new()),
        preferences: RwSignal::new(None),
    };
    provide_context(session);
    let feed = crate::notifications::ui::Feed::provide();
    // One live stream per tab, opened once the shell is known.
    #[cfg(feature = "hydrate")]
    {
        let connected = StoredValue::new(false);
        Effect::new(move |_| {
            if let Some(Ok(Some(s))) = shell.get() {
                if !connected.get_value() {
                    connected.set_value(true);
                    crate::realtime::client::connect(session, feed, s.last_id);
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = feed;
    view! {
        <Suspense fallback=|| view! { <header class="app-header"></header> }>
            {move || Suspend::new(async move {
                match shell.await {
                    Ok(Some(shell)) => {
                        session.user.set(Some(shell.user));
                        session.badges.set(shell.badges);
                        let theme = move || session.user.with(|u| u.as_ref().map(|u| u.theme.clone())).unwrap_or_else(|| "light".into());
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

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let nav_open = RwSignal::new(false);
    let user_menu = RwSignal::new(false);
    let sign_out = Action::new(|_: &()| crate::auth::api::sign_out());
    Effect::new(move |_| {
        if let Some(res) = sign_out.value().get() {
            match res {
                Ok(()) => crate::ui::hard_navigate("/signin"),
                Err(e) => crate::ui::toast::use_toasts().error(e.to_string()),
            }
        }
    });
    let invites = move || session.badges.get().invites;
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <button
                class="icon-button menu-button"
                aria-label="Menu"
                aria-controls="primary-nav"
                aria-expanded=move || nav_open.get().to_string()
                on:click=move |_| nav_open.update(|o| *o = !*o)
            >
                <Icon kind=IconKind::Menu/>
            </button>
            <a class="brand" href="/"><Icon kind=IconKind::Music/>"Producer Dashboard"</a>
            <nav id="primary-nav" class="primary-nav" class:open=move || nav_open.get() aria-label="Main"
                on:click=move |_| nav_open.set(false)>
                <A href="/" exact=true>"Tracks"</A>
                <A href="/settings">"Settings"</A>
                <button class="link-button nav-sign-out" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
            </nav>
            <div class="header-actions">
                <button
                    id="invites-button"
                    class="icon-button badge-button"
                    aria-label=move || format!("Invitations, {} pending", invites())
                    aria-haspopup="dialog"
                    on:click=move |_| session.invites_open.set(true)
                >
                    <Icon kind=IconKind::Inbox/>
                    <Show when=move || { invites() > 0 }>
                        <span class="badge" aria-hidden="true">{move || crate::notifications::badge_text(invites())}</span>
                    </Show>
                </button>
                <crate::notifications::ui::Bell/>
                <div class="user-menu">
                    <button
                        class="avatar-button"
                        aria-label=move || format!("Account menu for {}", session.who().0)
                        aria-haspopup="menu"
                        aria-expanded=move || user_menu.get().to_string()
                        on:click=move |_| user_menu.update(|o| *o = !*o)
                    >
                        <crate::ui::Avatar/>
                    </button>
                    <Show when=move || user_menu.get()>
                        <div class="menu" role="menu"
                            on:click=move |_| user_menu.set(false)
                            on:keydown=move |ev| if ev.key() == "Escape" { user_menu.set(false) }>
                            <p class="menu-caption">{move || session.who().0}<br/><small>{move || session.who().1}</small></p>
                            <a role="menuitem" href="/settings">"Settings"</a>
                            <button role="menuitem" class="link-button" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
                        </div>
                    </Show>
                </div>
            </div>
        </header>
    }
}
