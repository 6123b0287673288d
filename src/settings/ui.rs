//! The settings page: a sidebar of sections (a menu on phones) and the chosen section.

use super::api::{ChangePassword, UpdateProfile};
use crate::announcements::PostServiceAnnouncement;
use crate::auth::ui::use_viewer;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::PageTitle;
use crate::ui::toast::use_toasts;
use crate::ui::{after_success, FormError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // Which sections exist depends on who is asking: load that here, so the server and
    // the browser render the same list.
    let me = Resource::new(|| (), |_| crate::account::api::get_current_user());
    view! {
        <PageTitle text="Settings"/>
        <h1>"Settings"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let admin = me.await.ok().flatten().is_some_and(|u| u.is_admin);
                view! { <SettingsBody admin/> }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsBody(admin: bool) -> impl IntoView {
    let params = use_params_map();
    let section = move || {
        params
            .read()
            .get("section")
            .unwrap_or_else(|| "profile".into())
    };
    let menu_open = RwSignal::new(false);
    // Only sections that work for this person are listed.
    let mut sections = vec![
        ("profile", "Profile"),
        ("notifications", "Notifications"),
        ("theme", "Background & Theme"),
        ("support", "Support"),
    ];
    if admin {
        sections.push(("announcements", "Announcements"));
        sections.push(("support-inbox", "Support inbox"));
    }
    let listed = sections.clone();
    view! {
        <div class="settings">
            <button class="menu-button sections-button" aria-controls="settings-sections"
                aria-expanded=move || menu_open.get().to_string() on:click=move |_| menu_open.update(|o| *o = !*o)>
                <Icon kind=IconKind::Menu/>"Sections"
            </button>
            <nav id="settings-sections" class="settings-nav" class:open=move || menu_open.get() aria-label="Settings sections">
                {sections.into_iter().map(|(slug, label)| view! {
                    <A href=format!("/settings/{slug}") on:click=move |_| menu_open.set(false)
                        attr:aria-current=move || (section() == slug).then_some("page")>{label}</A>
                }).collect_view()}
            </nav>
            <div class="settings-body">
                {move || {
                    let s = section();
                    if !listed.iter().any(|(slug, _)| *slug == s) {
                        return view! { <p role="alert">"There is no such settings section."</p> }.into_any();
                    }
                    match s.as_str() {
                        "support" => view! { <SupportSection/> }.into_any(),
                        "theme" => view! { <ThemeSection/> }.into_any(),
                        "notifications" => view! { <super::notifications_ui::NotificationsSection/> }.into_any(),
                        "announcements" => view! { <AnnouncementsSection/> }.into_any(),
                        "support-inbox" => view! { <SupportInbox/> }.into_any(),
                        _ => view! { <ProfileSection/><PasswordSection/> }.into_any(),
                    }
                }}
            </div>
        </div>
    }
}

#[component]
fn ProfileSection() -> impl IntoView {
    let viewer = use_viewer();
    let toasts = use_toasts();
    let save = ServerAction::<UpdateProfile>::new();
    after_success(save.value(), move |user| {
        viewer.set(user);
        toasts.success("Profile saved.");
    });
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <div class="section-head">
                <h2 id="profile-heading">"Profile"</h2>
                <crate::account::ui::SignOutButton class="link-button"/>
            </div>
            <ActionForm action=save attr:class="form" attr:aria-label="Profile">
                <label>"Display name"<input name="display_name" value=move || viewer.who().0 required maxlength="60"/></label>
                <div class="email-line"><span class="label">"Email"</span><br/>{move || viewer.who().1}" "<VerificationStatus/></div>
                <FormError value=save.value()/>
                <button class="primary" type="submit">"Save profile"</button>
            </ActionForm>
            <EmailChange/>
            <AvatarEdit/>
            <StorageUsage/>
        </section>
    }
}

/// How much of the account's storage its files take.
#[component]
fn StorageUsage() -> impl IntoView {
    use crate::ui::format::compact_size;
    let storage = Resource::new(|| (), |_| super::api::get_storage());
    view! {
        <div class="storage" role="group" aria-labelledby="storage-heading">
            <h3 id="storage-heading">"Storage"</h3>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match storage.await {
                        Ok(s) => view! {
                            <meter min="0" max=s.quota.to_string() value=s.used.to_string() aria-label="Storage used"></meter>
                            <p>{format!("{} of {} used", compact_size(s.used), compact_size(s.quota))}</p>
                            <p class="muted">"Your uploads and the copies of tracks shared with you count."</p>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A new email address, verified before it is used.
#[component]
fn EmailChange() -> impl IntoView {
    use super::api::{pending_email_change, ChangeEmail};
    let toasts = use_toasts();
    let change = ServerAction::<ChangeEmail>::new();
    let pending = Resource::new(move || change.version().get(), |_| pending_email_change());
    after_success(change.value(), move |email| {
        toasts.success(format!(
            "We sent a verification link to {email}. Your address changes once you open it."
        ))
    });
    view! {
        <ActionForm action=change attr:class="form" attr:aria-label="Change email address">
            <label>"New email address"<input type="email" name="email" required autocomplete="email"/></label>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    pending.await.ok().flatten().map(|email| view! {
                        <p class="notice" role="status">"Waiting for you to open the link we sent to "<strong>{email}</strong>"."</p>
                    })
                })}
            </Transition>
            <FormError value=change.value()/>
            <button type="submit" disabled=move || change.pending().get()>"Send verification link"</button>
        </ActionForm>
    }
}

/// Whether the email address is verified, with a way to get a new link.
#[component]
fn VerificationStatus() -> impl IntoView {
    use crate::account::api::ResendVerification;
    let viewer = use_viewer();
    let toasts = use_toasts();
    let resend = ServerAction::<ResendVerification>::new();
    after_success(resend.value(), move |()| {
        toasts.success(format!("We sent a new link to {}.", viewer.who().1))
    });
    let verified = move || {
        viewer
            .0
            .with(|u| u.as_ref().is_some_and(|u| u.email_verified))
    };
    view! {
        <Show when=verified fallback=move || view! {
            <span class="pill warn">"Not verified"</span>
            <span class="muted">" Emails reach you only once you open the link we sent. "</span>
            <button type="button" class="link-button" disabled=move || resend.pending().get()
                on:click=move |_| { resend.dispatch(ResendVerification {}); }>"Send a new link"</button>
            <FormError value=resend.value()/>
        }>
            <span class="pill ok">"Verified"</span>
        </Show>
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
    use crate::support::api::{my_tickets, SubmitTicket};
    let toasts = use_toasts();
    let submit = ServerAction::<SubmitTicket>::new();
    let tickets = Resource::new(move || submit.version().get(), |_| my_tickets());
    after_success(submit.value(), move |_| {
        toasts.success("Ticket sent. Replies arrive in your activity feed.")
    });
    view! {
        <section class="card" aria-labelledby="support-heading">
            <h2 id="support-heading">"Support"</h2>
            <ActionForm action=submit attr:class="form" attr:aria-label="New support ticket">
                <label>"Subject"<input name="subject" maxlength="120" required/></label>
                <label>"What happened?"<textarea name="body" rows="4" maxlength="4000" required></textarea></label>
                <FormError value=submit.value()/>
                <button class="primary" type="submit" disabled=move || submit.pending().get()>"Send ticket"</button>
            </ActionForm>
            <h3>"Your tickets"</h3>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = tickets.await.unwrap_or_default();
                    if list.is_empty() {
                        view! { <p class="muted">"No tickets yet."</p> }.into_any()
                    } else {
                        list.into_iter().map(|t| view! { <TicketView t/> }).collect_view().into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SupportInbox() -> impl IntoView {
    use crate::support::api::{support_inbox, ReplyToTicket};
    let toasts = use_toasts();
    let reply = ServerAction::<ReplyToTicket>::new();
    let tickets = Resource::new(move || reply.version().get(), |_| support_inbox());
    after_success(reply.value(), move |_| toasts.success("Reply sent."));
    view! {
        <section class="card" aria-labelledby="inbox-heading">
            <h2 id="inbox-heading">"Support inbox"</h2>
            <FormError value=reply.value()/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No tickets."</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|t| {
                            let id = t.id;
                            let subject = t.subject.clone();
                            view! {
                                <TicketView t/>
                                <ActionForm action=reply attr:class="form" attr:aria-label=format!("Reply to {subject}")>
                                    <input type="hidden" name="ticket_id" value=id.to_string()/>
                                    <label>"Reply"<textarea name="body" rows="2" maxlength="4000" required></textarea></label>
                                    <button class="primary" type="submit">"Send reply"</button>
                                </ActionForm>
                            }
                        }).collect_view().into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Light or dark: applied at once, remembered for the account on every device.
#[component]
fn ThemeSection() -> impl IntoView {
    let viewer = use_viewer();
    let toasts = use_toasts();
    let save = Action::new(|theme: &String| super::api::set_theme(theme.clone()));
    after_success(save.value(), move |user| {
        viewer.set(user);
        toasts.success("Theme saved.");
    });
    crate::ui::toast_failures(save.value());
    let current = move || {
        viewer
            .0
            .with(|u| u.as_ref().map(|u| u.theme))
            .unwrap_or_default()
    };
    view! {
        <section class="card" aria-labelledby="theme-heading">
            <h2 id="theme-heading">"Background & Theme"</h2>
            <fieldset class="theme-choice">
                <legend>"Theme"</legend>
                {crate::auth::Theme::ALL.into_iter().map(|theme| view! {
                    <label class="theme-option">
                        <input type="radio" name="theme" value=theme.as_str()
                            prop:checked=move || current() == theme
                            on:change=move |_| { save.dispatch(theme.as_str().to_string()); }/>
                        <span class=format!("swatch swatch-{}", theme.as_str()) aria-hidden="true"></span>
                        {theme.label()}
                    </label>
                }).collect_view()}
            </fieldset>
        </section>
    }
}

/// The profile picture: upload one, or remove it (initials are shown instead).
#[component]
fn AvatarEdit() -> impl IntoView {
    let viewer = use_viewer();
    let toasts = use_toasts();
    let upload =
        Action::new_local(|data: &web_sys::FormData| super::api::set_avatar(data.clone().into()));
    after_success(upload.value(), move |user: crate::auth::User| {
        let removed = user.avatar_version.is_none();
        viewer.set(user);
        toasts.success(if removed {
            "Avatar removed."
        } else {
            "Avatar saved."
        });
    });
    let submit = crate::ui::submit_multipart(upload);
    let has_avatar = move || {
        viewer
            .0
            .with(|u| u.as_ref().is_some_and(|u| u.avatar_version.is_some()))
    };
    view! {
        <div class="avatar-edit">
            <span class="label">"Avatar"</span>
            <div class="avatar-row">
                <span class="avatar-large"><crate::auth::ui::Avatar/></span>
                <form class="inline-form" aria-label="Avatar" on:submit=submit method="post"
                    action="/api/settings/avatar" enctype="multipart/form-data">
                    <input type="file" name="avatar" aria-label="Avatar image" accept="image/png,image/jpeg,image/gif,image/webp" required/>
                    <button type="submit" disabled=move || upload.pending().get()>"Upload avatar"</button>
                </form>
                <Show when=has_avatar>
                    <form class="inline-form" aria-label="Remove avatar" on:submit=submit method="post"
                        action="/api/settings/avatar" enctype="multipart/form-data">
                        <input type="hidden" name="clear" value="1"/>
                        <button type="submit" class="link-button danger">"Remove avatar"</button>
                    </form>
                </Show>
            </div>
            <FormError value=upload.value()/>
        </div>
    }
}
