//! The page a digest email's unsubscribe link opens: it asks once (a link alone changes
//! nothing, so a mail scanner that follows links unsubscribes no one), then the
//! person's digests stop. No sign-in needed: the link's token is the permission.

use super::api::UnsubscribeDigest;
use crate::ui::form::Form;
use crate::ui::markup::PageTitle;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn UnsubscribeDigestPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    view! {
        <PageTitle text="Unsubscribe from digest emails"/>
        <main class="narrow-page auth-page">
            <h1>"Unsubscribe from digest emails"</h1>
            <Form action=UnsubscribeDigest::PATH label="Unsubscribe from digest emails" class="form"
                status="You are unsubscribed: no more digest emails will come. What arrives still shows in Producer Dashboard.">
                <p>"Stop the hourly and daily digest emails? The categories you get as a digest will no longer be emailed; you can turn them on again in Settings → Notifications."</p>
                <input type="hidden" name="token" value=token/>
                <button class="primary" type="submit" data-pending="Unsubscribing…">"Unsubscribe"</button>
            </Form>
            <p><a href="/settings/notifications">"Open notification settings"</a></p>
        </main>
    }
}
