//! Sign-in, sign-up and email verification pages, and the sign-out button.

use super::api::{get_current_user, SignIn, SignOut, SignUp, VerifyEmail};
use crate::ui::form::Form;
use crate::ui::markup::PageTitle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;

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
    view! {
        <PageTitle text="Sign in"/>
        <SignedOutOnly>
            <main class="auth-page">
                <h1>"Sign in to Producer Dashboard"</h1>
                <Form action=SignIn::PATH label="Sign in" class="card form" then="/">
                    <label>"Email"<input type="email" name="email" autocomplete="email" required/></label>
                    <label>"Password"<input type="password" name="password" autocomplete="current-password" required/></label>
                    <button class="primary" type="submit" data-pending="Signing in…">"Sign in"</button>
                </Form>
                <p>"New here? "<a href="/signup">"Create an account"</a></p>
            </main>
        </SignedOutOnly>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <PageTitle text="Create an account"/>
        <SignedOutOnly>
            <main class="auth-page">
                <h1>"Create your Producer Dashboard account"</h1>
                <Form action=SignUp::PATH label="Create an account" class="card form" then="/">
                    <label>"Email"<input type="email" name="email" autocomplete="email" required/></label>
                    <label>"Display name"<input type="text" name="display_name" autocomplete="nickname" maxlength="60" required/></label>
                    <label>"Password"<input type="password" name="password" autocomplete="new-password" minlength="8" required/>
                        <small>"At least 8 characters."</small>
                    </label>
                    <button class="primary" type="submit" data-pending="Creating account…">"Create account"</button>
                </Form>
                <p>"Already have an account? "<a href="/signin">"Sign in"</a></p>
            </main>
        </SignedOutOnly>
    }
}

/// Where a verification link leads: one button uses the link's token (a button, not
/// the page load, so mail scanners that open links do not use it up).
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    view! {
        <PageTitle text="Verify your email address"/>
        <main class="narrow-page auth-page">
            <h1>"Verify your email address"</h1>
            <Form action=VerifyEmail::PATH label="Verify email address" class="form"
                status="Your email address {} is verified.">
                <p>"Confirm that this address is yours, so Producer Dashboard can email you."</p>
                <input type="hidden" name="token" value=token/>
                <button class="primary" type="submit" data-pending="Verifying…">"Verify my email address"</button>
            </Form>
            <p><a href="/">"Go to your tracks"</a></p>
            <p class="muted">"Link not working? Send a new one from "<a href="/settings/profile">"Profile settings"</a>"."</p>
        </main>
    }
}

/// "Sign out": a plain form, the same before the page is interactive, after, and
/// without JavaScript (the server ends the session and the sign-in page follows).
#[component]
pub fn SignOutButton(
    class: &'static str,
    #[prop(optional)] role: Option<&'static str>,
) -> impl IntoView {
    view! {
        <form class="plain" method="post" action=SignOut::PATH>
            <button type="submit" class=class role=role>"Sign out"</button>
        </form>
    }
}
