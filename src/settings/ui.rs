//! The settings page: a sidebar of sections (a menu on phones) and the chosen section,
//! rendered on the server. Its forms answer in place (`ui/form.rs`); the notification
//! preferences and desktop notifications are islands (`notifications_ui.rs`).

use super::api::{ChangeEmail, ChangePassword, SetAvatar, SetTheme, UpdateProfile};
use crate::account::api::ResendVerification;
use crate::announcements::PostServiceAnnouncement;
use crate::auth::User;
use crate::support::api::{ReplyToTicket, SubmitTicket};
use crate::ui::disclosure::Reveal;
use crate::ui::form::Form;
use crate::ui::icons::IconKind;
use crate::ui::markup::PageTitle;
use crate::ui::refresh::{rev, Region};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// The sections, for everyone and for administrators.
const SECTIONS: [(&str, &str); 4] = [
    ("profile", "Profile"),
    ("notifications", "Notifications"),
    ("theme", "Background & Theme"),
    ("support", "Support"),
];
const ADMIN_SECTIONS: [(&str, &str); 2] = [
    ("announcements", "Announcements"),
    ("support-inbox", "Support inbox"),
];

#[component]
pub fn SettingsPage() -> impl IntoView {
    let section = use_params_map()
        .with_untracked(|p| p.get("section"))
        .unwrap_or_else(|| "profile".into());
    let me = Resource::new(|| (), |_| crate::account::api::get_current_user());
    view! {
        <PageTitle text="Settings"/>
        <h1>"Settings"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let section = section.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(Some(user)) => view! { <SettingsBody user section/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SettingsBody(user: User, section: String) -> impl IntoView {
    // Only sections that work for this person are listed.
    let mut sections = SECTIONS.to_vec();
    if user.is_admin {
        sections.extend(ADMIN_SECTIONS);
    }
    let known = sections.iter().any(|(slug, _)| *slug == section);
    let links = sections
        .into_iter()
        .map(|(slug, label)| {
            let current = (slug == section).then_some("page");
            // Shown in place (the header, the event stream and the code stay); a page
            // load without JavaScript.
            view! { <a href=format!("/settings/{slug}") id=format!("section-{slug}") aria-current=current data-swap="">{label}</a> }
        })
        .collect_view();
    view! {
        <div class="settings">
            <Reveal id="settings-sections" label="Sections" class="menu-button sections-button" wrap="sections-reveal" icon=IconKind::Menu eager=true>
                <nav class="settings-nav" aria-label="Settings sections">{links}</nav>
            </Reveal>
            <div class="settings-body">
                {if !known {
                    view! { <p role="alert">"There is no such settings section."</p> }.into_any()
                } else {
                    match section.as_str() {
                        "support" => view! { <SupportSection/> }.into_any(),
                        "theme" => view! { <ThemeSection user/> }.into_any(),
                        "notifications" => view! { <super::notifications_ui::NotificationsSection/> }.into_any(),
                        "announcements" => view! { <AnnouncementsSection/> }.into_any(),
                        "support-inbox" => view! { <SupportInbox/> }.into_any(),
                        _ => view! { <ProfileSection user/><PasswordSection/> }.into_any(),
                    }
                }}
            </div>
        </div>
    }
}

#[component]
fn ProfileSection(user: User) -> impl IntoView {
    let storage = Resource::new(|| (), |_| super::api::get_storage());
    let pending = Resource::new(|| (), |_| super::api::pending_email_change());
    let (resend_done, rev_user) = (format!("We sent a new link to {}.", user.email), rev(&user));
    let (name, email, verified) = (
        user.display_name.clone(),
        user.email.clone(),
        user.email_verified,
    );
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <div class="section-head">
                <h2 id="profile-heading">"Profile"</h2>
                <crate::account::ui::SignOutButton class="link-button"/>
            </div>
            <Region name="profile" rev=rev_user>
                <Form action=UpdateProfile::PATH label="Profile" class="form" keep=true done="Profile saved.">
                    <label>"Display name"<input name="display_name" value=name.clone() required maxlength="60"/></label>
                    <button class="primary" type="submit">"Save profile"</button>
                </Form>
                <div class="email-line">
                    <span class="label">"Email"</span><br/>{email.clone()}" "
                    {if verified {
                        view! { <span class="pill ok">"Verified"</span> }.into_any()
                    } else {
                        view! {
                            <span class="pill warn">"Not verified"</span>
                            <span class="muted">" Emails reach you only once you open the link we sent. "</span>
                            <Form action=ResendVerification::PATH class="plain inline" keep=true done=resend_done.clone()>
                                <button type="submit" class="link-button">"Send a new link"</button>
                            </Form>
                        }.into_any()
                    }}
                </div>
                <AvatarEdit user=user.clone()/>
            </Region>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let waiting = pending.await.ok().flatten();
                    view! {
                        <Region name="email" rev=rev(&waiting)>
                            <Form action=ChangeEmail::PATH label="Change email address" class="form"
                                done="We sent a verification link to {}. Your address changes once you open it.">
                                <label>"New email address"<input type="email" name="email" required autocomplete="email"/></label>
                                {waiting.map(|email| view! {
                                    <p class="notice" role="status">"Waiting for you to open the link we sent to "<strong>{email}</strong>"."</p>
                                })}
                                <button type="submit" data-pending="Sending…">"Send verification link"</button>
                            </Form>
                        </Region>
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match storage.await {
                        Ok(s) => view! { <StorageUsage s/> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// How much of the account's storage its files take.
#[component]
fn StorageUsage(s: super::Storage) -> impl IntoView {
    use crate::ui::format::compact_size;
    view! {
        <Region name="storage" rev=rev(&s)>
            <div class="storage" role="group" aria-labelledby="storage-heading">
                <h3 id="storage-heading">"Storage"</h3>
                <meter min="0" max=s.quota.to_string() value=s.used.to_string() aria-label="Storage used"></meter>
                <p>{format!("{} of {} used", compact_size(s.used), compact_size(s.quota))}</p>
                <p class="muted">"Your uploads and the copies of tracks shared with you count."</p>
            </div>
        </Region>
    }
}

/// The profile picture: upload one, or remove it (initials are shown instead).
#[component]
fn AvatarEdit(user: User) -> impl IntoView {
    let picture = match user.avatar_url() {
        Some(src) => view! { <img class="avatar" src=src alt="" aria-hidden="true"/> }.into_any(),
        None => {
            view! { <span class="avatar" aria-hidden="true" data-initials=user.initials()></span> }
                .into_any()
        }
    };
    view! {
        <div class="avatar-edit">
            <span class="label">"Avatar"</span>
            <div class="avatar-row">
                <span class="avatar-large">{picture}</span>
                <Form action=SetAvatar::PATH label="Avatar" class="inline-form" multipart=true done="Avatar saved.">
                    <input type="file" name="avatar" aria-label="Avatar image" accept="image/png,image/jpeg,image/gif,image/webp" required/>
                    <button type="submit" data-pending="Uploading…">"Upload avatar"</button>
                </Form>
                {user.avatar_version.is_some().then(|| view! {
                    <Form action=SetAvatar::PATH label="Remove avatar" class="inline-form" multipart=true done="Avatar removed.">
                        <input type="hidden" name="clear" value="1"/>
                        <button type="submit" class="link-button danger">"Remove avatar"</button>
                    </Form>
                })}
            </div>
        </div>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <Form action=ChangePassword::PATH label="Change password" class="form"
                done="Password changed. Other devices were signed out.">
                <label>"Current password"<input type="password" name="current" autocomplete="current-password" required/></label>
                <label>"New password"<input type="password" name="new" autocomplete="new-password" minlength="8" required/></label>
                <button class="primary" type="submit" data-pending="Changing…">"Change password"</button>
            </Form>
        </section>
    }
}

#[component]
fn AnnouncementsSection() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="announce-heading">
            <h2 id="announce-heading">"Service announcement"</h2>
            <p class="muted">"Reaches every account at once, in the activity feed."</p>
            <Form action=PostServiceAnnouncement::PATH label="Service announcement" class="form"
                done="Announcement sent to {} people.">
                <label>"Title"<input name="title" maxlength="120" required/></label>
                <label>"Message"<textarea name="body" rows="3" maxlength="1000" required></textarea></label>
                <button class="primary" type="submit" data-pending="Sending…">"Send announcement"</button>
            </Form>
        </section>
    }
}

#[component]
fn TicketView(t: crate::support::Ticket) -> impl IntoView {
    view! {
        <article class="ticket">
            <h3>{t.subject.clone()}</h3>
            <p class="muted">{t.author.clone()}" · "<crate::ui::time::RelativeTime at=t.created_at/>" · "{t.status.label()}</p>
            <p class="comment-body">{t.body.clone()}</p>
            {t.replies.into_iter().map(|(body, at)| view! {
                <blockquote class="reply"><p class="comment-body">{body}</p><small class="muted"><crate::ui::time::RelativeTime at/></small></blockquote>
            }).collect_view()}
        </article>
    }
}

#[component]
fn SupportSection() -> impl IntoView {
    let tickets = Resource::new(|| (), |_| crate::support::api::my_tickets());
    view! {
        <section class="card" aria-labelledby="support-heading">
            <h2 id="support-heading">"Support"</h2>
            <Form action=SubmitTicket::PATH label="New support ticket" class="form"
                done="Ticket sent. Replies arrive in your activity feed.">
                <label>"Subject"<input name="subject" maxlength="120" required/></label>
                <label>"What happened?"<textarea name="body" rows="4" maxlength="4000" required></textarea></label>
                <button class="primary" type="submit" data-pending="Sending…">"Send ticket"</button>
            </Form>
            <h3>"Your tickets"</h3>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = tickets.await.unwrap_or_default();
                    view! {
                        <Region name="tickets" rev=rev(&list)>
                            {if list.is_empty() {
                                view! { <p class="muted">"No tickets yet."</p> }.into_any()
                            } else {
                                list.into_iter().map(|t| view! { <TicketView t/> }).collect_view().into_any()
                            }}
                        </Region>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SupportInbox() -> impl IntoView {
    let tickets = Resource::new(|| (), |_| crate::support::api::support_inbox());
    view! {
        <section class="card" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading">"Support inbox"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) => view! {
                            <Region name="inbox" rev=rev(&list)>
                                {if list.is_empty() {
                                    view! { <p class="muted">"No tickets."</p> }.into_any()
                                } else {
                                    list.into_iter().map(|t| {
                                        let id = t.id;
                                        let subject = t.subject.clone();
                                        view! {
                                            <TicketView t/>
                                            <Form action=ReplyToTicket::PATH label=format!("Reply to {subject}") class="form" done="Reply sent.">
                                                <input type="hidden" name="ticket_id" value=id.to_string()/>
                                                <label>"Reply"<textarea name="body" rows="2" maxlength="4000" required></textarea></label>
                                                <button class="primary" type="submit">"Send reply"</button>
                                            </Form>
                                        }
                                    }).collect_view().into_any()
                                }}
                            </Region>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Light or dark: applied at once, remembered for the account on every device.
#[component]
fn ThemeSection(user: User) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="theme-heading">
            <h2 id="theme-heading">"Background & Theme"</h2>
            <Form action=SetTheme::PATH label="Theme" class="form" on_change=true keep=true done="Theme saved.">
                <fieldset class="theme-choice">
                    <legend>"Theme"</legend>
                    {crate::auth::Theme::ALL.into_iter().map(|theme| view! {
                        <label class="theme-option">
                            <input type="radio" name="theme" value=theme.as_str() checked=user.theme == theme/>
                            <span class=format!("swatch swatch-{}", theme.as_str()) aria-hidden="true"></span>
                            {theme.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <noscript><button type="submit">"Save theme"</button></noscript>
            </Form>
        </section>
    }
}
