//! The pages that load on demand. With `cargo leptos build --split` each one's code is a
//! chunk of its own, fetched the first time the page opens and prefetched once the
//! dashboard is idle (so that opening it later is still instant); the dashboard and the
//! frame around every page stay in the main bundle. Navigation between them stays in
//! the page (the live stream keeps running).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

pub struct SignIn;

#[lazy_route]
impl LazyRoute for SignIn {
    fn data() -> Self {
        SignIn
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::account::ui::SignInPage/> }.into_any()
    }
}

pub struct SignUp;

#[lazy_route]
impl LazyRoute for SignUp {
    fn data() -> Self {
        SignUp
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::account::ui::SignUpPage/> }.into_any()
    }
}

pub struct VerifyEmail;

#[lazy_route]
impl LazyRoute for VerifyEmail {
    fn data() -> Self {
        VerifyEmail
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::account::ui::VerifyEmailPage/> }.into_any()
    }
}

pub struct Track;

#[lazy_route]
impl LazyRoute for Track {
    fn data() -> Self {
        Track
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::dashboard::TrackPage/> }.into_any()
    }
}

pub struct Settings;

#[lazy_route]
impl LazyRoute for Settings {
    fn data() -> Self {
        Settings
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::settings::ui::SettingsPage/> }.into_any()
    }
}

pub struct Activity;

#[lazy_route]
impl LazyRoute for Activity {
    fn data() -> Self {
        Activity
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::feed::ActivityPage/> }.into_any()
    }
}

pub struct Invitations;

#[lazy_route]
impl LazyRoute for Invitations {
    fn data() -> Self {
        Invitations
    }
    fn view(_this: Self) -> AnyView {
        view! { <crate::invitations::ui::InvitationsPage/> }.into_any()
    }
}

/// Fetches every page's chunk, one after another, without running any of them (called
/// once the dashboard is idle).
#[cfg(feature = "hydrate")]
pub async fn prefetch() {
    <Track as LazyRoute>::preload().await;
    <Settings as LazyRoute>::preload().await;
    <Activity as LazyRoute>::preload().await;
    <Invitations as LazyRoute>::preload().await;
    <SignIn as LazyRoute>::preload().await;
    <SignUp as LazyRoute>::preload().await;
    <VerifyEmail as LazyRoute>::preload().await;
}
