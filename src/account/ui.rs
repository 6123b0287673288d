//! Sign-in and sign-up pages.

use super::api::{get_current_user, SignIn, SignUp};
use crate::error::AppError;
use crate::ui::markup::PageTitle;
use crate::ui::FormError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;

/// Reloads the app at `/` once the action succeeds (the new session renders everything).
fn reload_on_success(value: impl Get<Value = Option<Result<(), AppError>>> + 'static) {
    crate::ui::after_success(value, |()| crate::ui::browser::navigate_hard("/"));
}

/// Redirects to the dashboard when someone is already signed in.
#[component]
fn SignedOutOnly(children: ChildrenFn) -> impl IntoView {
    let me = Resource::new_blocking(|| (), |_| get_current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(Some(_)) => view! { <Redirect path="/"/> }.into_any(),
                        _ => children().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    reload_on_success(action.value());
    view! {
        <PageTitle text="Sign in"/>
        <SignedOutOnly>
            <main class="auth-page">
                <h1>"Sign in to Producer Dashboard"</h1>
                <ActionForm action=action attr:class="card form" attr:aria-label="Sign in">
                    <label>"Email"<input type="email" name="email" autocomplete="email" required/></label>
                    <label>"Password"<input type="password" name="password" autocomplete="current-password" required/></label>
                    <FormError value=action.value()/>
                    <button class="primary" type="submit" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p>"New here? "<a href="/signup">"Create an account"</a></p>
            </main>
        </SignedOutOnly>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    reload_on_success(action.value());
    view! {
        <PageTitle text="Create an account"/>
        <SignedOutOnly>
            <main class="auth-page">
                <h1>"Create your Producer Dashboard account"</h1>
                <ActionForm action=action attr:class="card form" attr:aria-label="Create an account">
                    <label>"Email"<input type="email" name="email" autocomplete="email" required/></label>
                    <label>"Display name"<input type="text" name="display_name" autocomplete="nickname" maxlength="60" required/></label>
                    <label>"Password"<input type="password" name="password" autocomplete="new-password" minlength="8" required/>
                        <small>"At least 8 characters."</small>
                    </label>
                    <FormError value=action.value()/>
                    <button class="primary" type="submit" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Creating account…" } else { "Create account" }}
                    </button>
                </ActionForm>
                <p>"Already have an account? "<a href="/signin">"Sign in"</a></p>
            </main>
        </SignedOutOnly>
    }
}

/// Where a verification link leads: one button uses the link's token (a button, not
/// the page load, so mail scanners that open links do not use it up).
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    use super::api::VerifyEmail;
    let query = leptos_router::hooks::use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<VerifyEmail>::new();
    view! {
        <PageTitle text="Verify your email address"/>
        <main class="narrow-page auth-page">
            <h1>"Verify your email address"</h1>
            {move || match action.value().get() {
                Some(Ok(email)) => view! {
                    <p role="status">"Your email address "<strong>{email}</strong>" is verified."</p>
                    <p><a href="/">"Go to your tracks"</a></p>
                }.into_any(),
                _ => view! {
                    <p>"Confirm that this address is yours, so Producer Dashboard can email you."</p>
                    <ActionForm action attr:class="form" attr:aria-label="Verify email address">
                        <input type="hidden" name="token" value=token/>
                        <FormError value=action.value()/>
                        <button class="primary" type="submit" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { "Verifying…" } else { "Verify my email address" }}
                        </button>
                    </ActionForm>
                    <p class="muted">"Link not working? Send a new one from "<a href="/settings/profile">"Profile settings"</a>"."</p>
                }.into_any(),
            }}
        </main>
    }
}

/// "Sign out": a real form, so it works before the page is interactive and without
/// JavaScript; once interactive, it signs out in place and opens the sign-in page.
#[component]
pub fn SignOutButton(
    class: &'static str,
    #[prop(optional)] role: Option<&'static str>,
) -> impl IntoView {
    let toasts = crate::ui::toast::use_toasts();
    // A task, not an action: the menu holding the button closes (and goes) at the click.
    let sign_out = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match super::api::sign_out().await {
                Ok(()) => crate::ui::browser::navigate_hard("/signin"),
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    view! {
        <form class="plain" method="post" action=super::api::SignOut::PATH>
            <button type="submit" class=class role=role on:click=sign_out>"Sign out"</button>
        </form>
    }
}
