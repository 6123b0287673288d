//! The settings page: a sidebar of sections (a menu on phones) and the chosen section.

use super::api::{ChangePassword, UpdateProfile};
use crate::app::use_session;
use crate::notifications::announce::PostServiceAnnouncement;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::toast::use_toasts;
use crate::ui::{after_success, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let params = use_params_map();
    let section = move || {
        params
            .read()
            .get("section")
            .unwrap_or_else(|| "profile".into())
    };
    let menu_open = RwSignal::new(false);
    let session = use_session();
    // Only sections that work for this person are listed.
    let sections = move || {
        let mut s = vec![("profile", "Profile")];
        if session
            .user
            .with(|u| u.as_ref().is_some_and(|u| u.is_admin))
        {
            s.push(("announcements", "Announcements"));
        }
        s
    };
    view! {
        <Title text="Settings"/>
        <h1>"Settings"</h1>
        <div class="settings">
            <button class="menu-button sections-button" aria-controls="settings-sections"
                aria-expanded=move || menu_open.get().to_string() on:click=move |_| menu_open.update(|o| *o = !*o)>
                <Icon kind=IconKind::Menu/>"Sections"
            </button>
            <nav id="settings-sections" class="settings-nav" class:open=move || menu_open.get() aria-label="Settings sections">
                {move || sections().into_iter().map(|(slug, label)| view! {
                    <A href=format!("/settings/{slug}") on:click=move |_| menu_open.set(false)
                        attr:aria-current=move || (section() == slug).then_some("page")>{label}</A>
                }).collect_view()}
            </nav>
            <div class="settings-body">
                {move || match section().as_str() {
                    "profile" => view! { <ProfileSection/><PasswordSection/> }.into_any(),
                    "announcements" if sections().iter().any(|(s, _)| *s == "announcements") => view! { <AnnouncementsSection/> }.into_any(),
                    _ => view! { <p role="alert">"There is no such settings section."</p> }.into_any(),
                }}
            </div>
        </div>
    }
}

#[component]
fn ProfileSection() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let save = ServerAction::<UpdateProfile>::new();
    after_success(save.value(), move |user| {
        session.user.set(Some(user));
        toasts.success("Profile saved.");
    });
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <ActionForm action=save attr:class="form" attr:aria-label="Profile">
                <label>"Display name"<input name="display_name" value=move || session.who().0 required maxlength="60"/></label>
                <p><span class="label">"Email"</span><br/>{move || session.who().1}</p>
                <FormError value=save.value()/>
                <button class="primary" type="submit">"Save profile"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let toasts = use_toasts();
    let save = ServerAction::<ChangePassword>::new();
    after_success(save.value(), move |_| {
        toasts.success("Password changed. Other devices were signed out.")
    });
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <ActionForm action=save attr:class="form" attr:aria-label="Change password">
                <label>"Current password"<input type="password" name="current" autocomplete="current-password" required/></label>
                <label>"New password"<input type="password" name="new" autocomplete="new-password" minlength="8" required/></label>
                <FormError value=save.value()/>
                <button class="primary" type="submit" disabled=move || save.pending().get()>"Change password"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AnnouncementsSection() -> impl IntoView {
    let toasts = use_toasts();
    let post = ServerAction::<PostServiceAnnouncement>::new();
    after_success(post.value(), move |n| {
        toasts.success(format!("Announcement sent to {n} people."))
    });
    view! {
        <section class="card" aria-labelledby="announce-heading">
            <h2 id="announce-heading">"Service announcement"</h2>
            <p class="muted">"Reaches every account at once, in the activity feed."</p>
            <ActionForm action=post attr:class="form" attr:aria-label="Service announcement">
                <label>"Title"<input name="title" maxlength="120" required/></label>
                <label>"Message"<textarea name="body" rows="3" maxlength="1000" required></textarea></label>
                <FormError value=post.value()/>
                <button class="primary" type="submit" disabled=move || post.pending().get()>"Send announcement"</button>
            </ActionForm>
        </section>
    }
}
