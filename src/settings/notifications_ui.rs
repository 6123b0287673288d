//! Settings → Notifications: the five categories with their switches, channels and
//! options; Save Preferences; unsaved-changes warnings; live sync across tabs.

use super::api::{get_preferences, save_preferences, SavePreferencesForm};
use crate::notifications::preferences::{Preferences, QuietHours, Section};
use crate::ui::icons::{Icon, IconKind};
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Notification preferences as last saved anywhere, pushed live to every tab.
#[derive(Clone, Copy)]
pub struct PushedPreferences(pub RwSignal<Option<Preferences>>);

impl PushedPreferences {
    pub fn provide() -> PushedPreferences {
        let pushed = PushedPreferences(RwSignal::new(None));
        provide_context(pushed);
        pushed
    }
}

#[component]
pub fn NotificationsSection() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| get_preferences());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(p) => view! { <PreferencesForm saved=p/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PreferencesForm(saved: Preferences) -> impl IntoView {
    let pushed = expect_context::<PushedPreferences>();
    let toasts = use_toasts();
    let saved = RwSignal::new(saved);
    let draft = RwSignal::new(saved.get_untracked());
    let dirty = Memo::new(move |_| draft.get() != saved.get());
    // A change that would turn security alerts off waits for confirmation here.
    let confirming = RwSignal::new(None::<Preferences>);
    let save = Action::new(move |p: &Preferences| save_preferences(p.clone()));
    // The plain form's answer (without JavaScript: its error comes back in the address).
    let plain = ServerAction::<SavePreferencesForm>::new();
    // Set once the page is interactive (effects run only in the browser).
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    crate::ui::after_success(save.value(), move |p: Preferences| {
        saved.set(p.clone());
        draft.set(p);
        toasts.success("Preferences saved.");
    });
    crate::ui::toast_failures(save.value());
    // Saved in another tab or device: show it here too.
    Effect::new(move |_| {
        if let Some(p) = pushed.0.get() {
            if p != saved.get_untracked() {
                saved.set(p.clone());
                draft.set(p);
                toasts.success("Your notification preferences were updated in another window.");
            }
        }
    });
    // While there are unsaved changes, leaving the page asks first.
    crate::ui::browser::confirm_leaving(
        move || dirty.try_get_untracked().unwrap_or(false),
        "You have unsaved notification preferences. Leave without saving?",
    );
    view! {
        <section class="card prefs" aria-labelledby="prefs-heading">
            <h2 id="prefs-heading">"Notifications"</h2>
            <p class="muted">"Choose what reaches you, in the app and by email. Changes apply from the next event, on every device where you are signed in."</p>
            // A real form: without JavaScript (or before the page is interactive) it
            // posts the ticked boxes; once interactive, Save sends the draft in place.
            <form method="post" action=SavePreferencesForm::PATH aria-label="Notification preferences"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if dirty.get_untracked() && !save.pending().get_untracked() {
                        save.dispatch(draft.get_untracked());
                    }
                }>
                {Section::ALL.into_iter().map(|s| view! { <PrefGroup s draft confirming/> }).collect_view()}
                <QuietHoursGroup draft/>
                <crate::ui::FormError value=plain.value()/>
                <div class="prefs-actions">
                    <p class="unsaved" role="status">{move || dirty.get().then_some("You have unsaved changes.")}</p>
                    <button type="button" disabled=move || !dirty.get() || save.pending().get()
                        on:click=move |_| draft.set(saved.get_untracked())>"Discard changes"</button>
                    // Until the page is interactive it is always available (it posts the form).
                    <button type="submit" class="primary" disabled=move || interactive.get() && (!dirty.get() || save.pending().get())>
                        {move || if save.pending().get() { "Saving…" } else { "Save Preferences" }}
                    </button>
                </div>
            </form>
            <DesktopNotifications/>
            <div class="troubleshooting">
                <h3>"Not receiving notifications?"</h3>
                <ul>
                    <li>"Check that the specific category is toggled on in your preferences."</li>
                    <li>"Verify your email address is correct in "<a href="/settings/profile">"Profile settings"</a>"."</li>
                    <li>"Check your spam or junk folder for email notifications."</li>
                    <li>"Ensure your browser has notification permissions enabled."</li>
                    <li>"Try signing out and back in to refresh the notification connection."</li>
                </ul>
            </div>
        </section>
        {move || confirming.get().map(|next| view! { <ConfirmSecurityOff next draft confirming/> })}
    }
}

/// "Turn off security alerts?": takes focus (on "Keep them on"); Escape, a click outside
/// or "Keep them on" keeps them on; "Turn off" applies the waiting change.
#[component]
fn ConfirmSecurityOff(
    next: Preferences,
    draft: RwSignal<Preferences>,
    confirming: RwSignal<Option<Preferences>>,
) -> impl IntoView {
    let next = StoredValue::new(next);
    let keep = move || {
        confirming.set(None);
        crate::ui::browser::focus("pref-system-switch");
    };
    crate::ui::browser::next_frame(|| crate::ui::browser::focus("keep-security-alerts"));
    crate::ui::browser::on_key(move |ev| match ev.key().as_str() {
        "Escape" => keep(),
        "Tab" => crate::ui::browser::trap_tab(&ev, "security-dialog"),
        _ => {}
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| keep()>
            <div class="modal confirm-dialog" id="security-dialog" role="alertdialog" aria-modal="true"
                aria-labelledby="security-title" aria-describedby="security-text"
                on:click=|ev| ev.stop_propagation()>
                <h2 id="security-title">"Turn off security alerts?"</h2>
                <p id="security-text">"Security alerts tell you about new sign-ins and password changes on your account. We recommend keeping them on."</p>
                <div class="form-actions">
                    <button type="button" id="keep-security-alerts" class="primary" on:click=move |_| keep()>"Keep them on"</button>
                    <button type="button" class="danger" on:click=move |_| {
                        draft.set(next.get_value());
                        confirming.set(None);
                    }>"Turn off"</button>
                </div>
            </div>
        </div>
    }
}

/// Applies an edit to the draft, unless it would turn security alerts off: that one
/// waits in `confirming` until the person confirms it.
fn propose(
    draft: RwSignal<Preferences>,
    confirming: RwSignal<Option<Preferences>>,
    change: impl FnOnce(&mut Preferences),
) {
    let mut next = draft.get_untracked();
    change(&mut next);
    if draft.with_untracked(Preferences::security_alerts) && !next.security_alerts() {
        confirming.set(Some(next));
    } else {
        draft.set(next);
    }
}

#[component]
fn PrefGroup(
    s: Section,
    draft: RwSignal<Preferences>,
    confirming: RwSignal<Option<Preferences>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let key = s.key();
    let title = s.title();
    let group = move || draft.with(|d| d.group(s).clone());
    let checked = |ev: &leptos::ev::Event| event_target_checked(ev);
    let apply = move |f: &dyn Fn(&mut Preferences)| propose(draft, confirming, f);
    view! {
        <section class="pref-group" class:off=move || !group().enabled aria-labelledby=format!("pref-{key}")>
            <div class="pref-head">
                <div>
                    <h3 id=format!("pref-{key}")>{title}</h3>
                    <p class="muted">{s.blurb()}</p>
                </div>
                <label class="switch">
                    <input type="checkbox" role="switch" aria-label=title id=format!("pref-{key}-switch")
                        name="on[]" value=key checked=move || group().enabled
                        prop:checked=move || group().enabled
                        on:change=move |ev| {
                            let on = checked(&ev);
                            apply(&move |d| d.group_mut(s).enabled = on);
                            // Refused (awaiting confirmation): show the value that holds.
                            crate::ui::browser::set_checked(&ev, draft.with_untracked(|d| d.group(s).enabled));
                        }/>
                    <span class="switch-track" aria-hidden="true"></span>
                </label>
                <button type="button" class="icon-button" aria-label=format!("Options for {title}")
                    aria-expanded=move || open.get().to_string() aria-controls=format!("pref-{key}-options")
                    on:click=move |_| open.update(|o| *o = !*o)>
                    <Icon kind=IconKind::Gear/>
                </button>
            </div>
            <div class="channels" role="group" aria-label=format!("Channels for {title}")>
                <label><input type="checkbox" name="on[]" value=format!("{key}.in_app") checked=move || group().in_app
                    prop:checked=move || group().in_app disabled=move || !group().enabled
                    on:change=move |ev| { let on = checked(&ev); apply(&move |d| d.group_mut(s).in_app = on); }/>"In-app"</label>
                <label><input type="checkbox" name="on[]" value=format!("{key}.email") checked=move || group().email
                    prop:checked=move || group().email disabled=move || !group().enabled
                    on:change=move |ev| { let on = checked(&ev); apply(&move |d| d.group_mut(s).email = on); }/>"Email"</label>
            </div>
            <div id=format!("pref-{key}-options") class="options" hidden=move || !open.get()
                role="group" aria-label=format!("{title} options")>
                {s.options().iter().map(|(option, label)| {
                    let option: &'static str = option;
                    view! {
                        <label>
                            <input type="checkbox" name="on[]" value=format!("{key}.opt.{option}") checked=move || group().option(option)
                                prop:checked=move || group().option(option) disabled=move || !group().enabled
                                on:change=move |ev| {
                                    let on = checked(&ev);
                                    apply(&move |d| d.group_mut(s).set_option(option, on));
                                    crate::ui::browser::set_checked(&ev, draft.with_untracked(|d| d.group(s).option(option)));
                                }/>
                            {*label}
                        </label>
                    }
                }).collect_view()}
                {(s == Section::Deadlines).then(|| view! {
                    <label>"Remind me"
                        <select name="reminder_days" aria-label="Days before the due date" disabled=move || !group().enabled
                            prop:value=move || draft.with(|d| d.reminder_days.to_string())
                            on:change=move |ev| {
                                let days = event_target_value(&ev).parse().unwrap_or(3);
                                apply(&move |d| d.reminder_days = days);
                            }>
                            {[(1u8, "1 day before"), (3, "3 days before"), (7, "7 days before")].map(|(days, label)| view! {
                                <option value=days.to_string() selected=move || draft.with(|d| d.reminder_days == days)>{label}</option>
                            })}
                        </select>
                    </label>
                })}
                {(s == Section::System).then(|| view! {
                    <p class="muted">"We recommend keeping security alerts on: they protect your account."</p>
                })}
            </div>
        </section>
    }
}

/// The opt-in for desktop notifications of high-priority items in this browser.
#[component]
fn DesktopNotifications() -> impl IntoView {
    use crate::ui::browser::desktop::{self, Desktop};
    // Known only in the browser: starts as "off" and is read once hydrated.
    let state = RwSignal::new(Desktop::Off);
    Effect::new(move |_| state.set(desktop::state()));
    let turn_on = Action::new_local(|_: &()| desktop::turn_on());
    Effect::new(move |_| {
        if let Some(s) = turn_on.value().get() {
            state.set(s);
        }
    });
    view! {
        <section class="pref-group desktop" aria-labelledby="desktop-heading">
            <h3 id="desktop-heading">"Desktop notifications"</h3>
            <p class="muted">"While Producer Dashboard is open, show high-priority notifications (due dates, security alerts) on your desktop."</p>
            {move || match state.get() {
                Desktop::Unsupported => view! {
                    <p role="status">"This browser does not support desktop notifications."</p>
                }.into_any(),
                Desktop::Denied => view! {
                    <p class="notice" role="status">"Your browser blocks notifications from this site. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload this page."</p>
                }.into_any(),
                Desktop::On => view! {
                    <p role="status">"Desktop notifications are on in this browser."</p>
                    <button type="button" on:click=move |_| { desktop::turn_off(); state.set(desktop::state()); }>"Turn off desktop notifications"</button>
                }.into_any(),
                Desktop::Off => view! {
                    <button type="button" disabled=move || turn_on.pending().get()
                        on:click=move |_| { turn_on.dispatch(()); }>"Turn on desktop notifications"</button>
                }.into_any(),
            }}
        </section>
    }
}

/// Time zones offered for quiet hours (the browser's own and the saved one are added).
const ZONES: [&str; 24] = [
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Stockholm",
    "Europe/Athens",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
];

/// Quiet hours: a switch, from, to, and the time zone they are in.
#[component]
fn QuietHoursGroup(draft: RwSignal<Preferences>) -> impl IntoView {
    let quiet = move || draft.with(|d| d.quiet_hours.clone());
    let on = move || quiet().is_some();
    let edit = move |f: &dyn Fn(&mut QuietHours)| {
        draft.update(|d| {
            if let Some(q) = d.quiet_hours.as_mut() {
                f(q)
            }
        })
    };
    let toggle = move |ev: leptos::ev::Event| {
        let turn_on = event_target_checked(&ev);
        draft.update(|d| {
            d.quiet_hours = turn_on.then(|| QuietHours {
                start: "22:00".into(),
                end: "07:00".into(),
                zone: crate::ui::browser::time_zone().unwrap_or_else(|| "UTC".into()),
            })
        });
    };
    // The offered zones: the browser's own first, then the list, and the saved one.
    let zones = move || {
        let mut all: Vec<String> = crate::ui::browser::time_zone().into_iter().collect();
        all.extend(ZONES.iter().map(|z| z.to_string()));
        if let Some(q) = quiet() {
            all.push(q.zone);
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|z| seen.insert(z.clone()));
        all
    };
    view! {
        <section class="pref-group quiet-hours" class:off=move || !on() aria-labelledby="pref-quiet">
            <div class="pref-head">
                <div>
                    <h3 id="pref-quiet">"Quiet hours"</h3>
                    <p class="muted">"Nothing pops up and no email is sent, except high-priority items. What arrives waits in your feed, marked."</p>
                </div>
                <label class="switch">
                    <input type="checkbox" role="switch" aria-label="Quiet hours" name="on[]" value="quiet" checked=on prop:checked=on on:change=toggle/>
                    <span class="switch-track" aria-hidden="true"></span>
                </label>
            </div>
            <Show when=on>
                <div class="channels quiet-times" role="group" aria-label="Quiet hours times">
                    <label>"From"
                        <input type="time" required name="quiet_start" value=move || quiet().map(|q| q.start).unwrap_or_default()
                            prop:value=move || quiet().map(|q| q.start).unwrap_or_default()
                            on:change=move |ev| { let v = event_target_value(&ev); edit(&move |q| q.start = v.clone()); }/>
                    </label>
                    <label>"To"
                        <input type="time" required name="quiet_end" value=move || quiet().map(|q| q.end).unwrap_or_default()
                            prop:value=move || quiet().map(|q| q.end).unwrap_or_default()
                            on:change=move |ev| { let v = event_target_value(&ev); edit(&move |q| q.end = v.clone()); }/>
                    </label>
                    <label>"Time zone"
                        <select name="quiet_zone" on:change=move |ev| { let v = event_target_value(&ev); edit(&move |q| q.zone = v.clone()); }>
                            {move || zones().into_iter().map(|z| {
                                let chosen = quiet().is_some_and(|q| q.zone == z);
                                view! { <option value=z.clone() selected=chosen>{z.replace('_', " ")}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </div>
            </Show>
        </section>
    }
}
