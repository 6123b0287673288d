//! Settings → Notifications: the five categories with their switches, channels and
//! options, quiet hours, Save Preferences, desktop notifications.
//!
//! The form is rendered on the server with what was saved: it is a real form, posted
//! as it is without JavaScript. Once the page is interactive, `enhance` (a chunk of its
//! own, fetched only by this page) makes it answer as a person expects: a category's
//! channels and options follow its switch, unsaved changes are flagged and can be
//! discarded, leaving with them asks first, turning security alerts off asks for
//! confirmation, Save sends it in place (`ui/form.rs`), and preferences saved in another
//! window show here at once.

use super::api::{
    digest_waiting, get_muted_tracks, get_preferences, SavePreferencesForm, SendDigestNow,
};
use crate::notifications::preferences::{Cadence, DigestTime, Preferences, QuietHours, Section};
use crate::tracks::api::UnmuteTrack;
use crate::ui::form::Form;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::refresh::{rev, Region};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Notification preferences as last saved anywhere, pushed live to every tab: their
/// revision (`ui::refresh::rev`), which the page compares with the one it shows.
#[derive(Clone, Copy)]
pub struct PushedPreferences(pub RwSignal<Option<u64>>);

impl PushedPreferences {
    pub fn provide() -> PushedPreferences {
        let pushed = PushedPreferences(RwSignal::new(None));
        provide_context(pushed);
        pushed
    }
}

/// Settings → Notifications, rendered with the saved preferences.
#[component]
pub fn NotificationsSection() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| get_preferences());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(p) => view! {
                        <section class="card prefs" aria-labelledby="prefs-heading">
                            <h2 id="prefs-heading">"Notifications"</h2>
                            <p class="muted">"Choose what reaches you, in the app and by email. Changes apply from the next event, on every device where you are signed in."</p>
                            <Region name="prefs" rev=rev(&p)>
                                <PreferencesForm p/>
                            </Region>
                            <DigestWaiting/>
                            <MutedTracks/>
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
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The tracks the person muted, each with Unmute.
#[component]
fn MutedTracks() -> impl IntoView {
    let muted = Resource::new(|| (), |_| get_muted_tracks());
    view! {
        <div class="muted-tracks" role="group" aria-labelledby="muted-heading">
            <h3 id="muted-heading">"Muted tracks"</h3>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let list = muted.await.unwrap_or_default();
                    view! {
                        <Region name="muted" rev=rev(&list)>
                            {if list.is_empty() {
                                view! {
                                    <p class="muted">"No muted tracks. Mute a track from its page or from a notification’s menu to stop its activity from notifying you."</p>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="muted">"Their comments, stage changes, files and project news do not notify you. Invitations, due dates and high-priority items still do."</p>
                                    <ul class="muted-list" aria-label="Muted tracks">
                                        {list.into_iter().map(|t| view! {
                                            <li>
                                                <a href=format!("/tracks/{}", t.id)>{t.title.clone()}</a>
                                                <Form action=UnmuteTrack::PATH class="plain" keep=true done=format!("{} is unmuted.", t.title)>
                                                    <input type="hidden" name="track_id" value=t.id.to_string()/>
                                                    <button type="submit" class="small" aria-label=format!("Unmute {}", t.title)>"Unmute"</button>
                                                </Form>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </Region>
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The preferences form, drawn from `p`, with the confirmation it may ask for.
#[component]
fn PreferencesForm(p: Preferences) -> impl IntoView {
    let quiet = p.quiet_hours.clone();
    let days = p.reminder_days;
    view! {
        <Form action=SavePreferencesForm::PATH label="Notification preferences" class="prefs-form" keep=true done="Preferences saved.">
            // Set by the interactive page: every box of a category that is on was on the
            // form (a category turned on again sends its channels), and turning security
            // alerts off was confirmed.
            <input type="hidden" name="complete" value=""/>
            <input type="hidden" name="confirm_security_off" value=""/>
            {Section::ALL.into_iter().map(|s| view! { <PrefGroup s group=p.group(s).clone() days/> }).collect_view()}
            <DigestGroup digest=p.digest.clone()/>
            <QuietHoursGroup quiet/>
            <div class="prefs-actions">
                <p class="unsaved" role="status" data-unsaved=""></p>
                <button type="button" data-discard="" disabled>"Discard changes"</button>
                <button type="submit" class="primary" data-pending="Saving…">"Save Preferences"</button>
            </div>
        </Form>
        <div class="modal-backdrop" data-security-confirm="" hidden>
            <div class="modal confirm-dialog" id="security-dialog" role="alertdialog" aria-modal="true"
                aria-labelledby="security-title" aria-describedby="security-text">
                <h2 id="security-title">"Turn off security alerts?"</h2>
                <p id="security-text">"Security alerts tell you about new sign-ins and password changes on your account. We recommend keeping them on."</p>
                <div class="form-actions">
                    <button type="button" id="keep-security-alerts" class="primary">"Keep them on"</button>
                    <button type="button" class="danger" id="turn-security-off">"Turn off"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn PrefGroup(
    s: Section,
    group: crate::notifications::preferences::Group,
    days: u8,
) -> impl IntoView {
    let key = s.key();
    let title = s.title();
    let off = !group.enabled;
    view! {
        <section class="pref-group" class:off=off aria-labelledby=format!("pref-{key}") data-section=key>
            <div class="pref-head">
                <div>
                    <h3 id=format!("pref-{key}")>{title}</h3>
                    <p class="muted">{s.blurb()}</p>
                </div>
                <label class="switch">
                    <input type="checkbox" role="switch" aria-label=title id=format!("pref-{key}-switch")
                        name="on[]" value=key checked=group.enabled data-switch=""/>
                    <span class="switch-track" aria-hidden="true"></span>
                </label>
                <button type="button" class="icon-button" aria-label=format!("Options for {title}")
                    aria-expanded="false" aria-controls=format!("pref-{key}-options") data-toggle="">
                    <Icon kind=IconKind::Gear/>
                </button>
            </div>
            <div class="channels" role="group" aria-label=format!("Channels for {title}")>
                <label><input type="checkbox" name="on[]" value=format!("{key}.in_app") checked=group.in_app disabled=off/>"In-app"</label>
                <label><input type="checkbox" name="on[]" value=format!("{key}.email") checked=group.email disabled=off/>"Email"</label>
                <select name="when[]" aria-label=format!("How often {title} is sent") disabled=off>
                    {Cadence::ALL.map(|c| view! {
                        <option value=format!("{key}:{}", c.key()) selected=group.email_when == c>{c.label()}</option>
                    })}
                </select>
            </div>
            <div id=format!("pref-{key}-options") class="options" hidden role="group" aria-label=format!("{title} options")>
                {s.options().iter().map(|(option, label)| view! {
                    <label>
                        <input type="checkbox" name="on[]" value=format!("{key}.opt.{option}") checked=group.option(option) disabled=off/>
                        {*label}
                    </label>
                }).collect_view()}
                {(s == Section::Deadlines).then(|| view! {
                    <label>"Remind me"
                        <select name="reminder_days" aria-label="Days before the due date" disabled=off>
                            {[(1u8, "1 day before"), (3, "3 days before"), (7, "7 days before")].map(|(n, label)| view! {
                                <option value=n.to_string() selected=days == n>{label}</option>
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

/// When the daily digest goes: an hour and a time zone (the browser's own until one is
/// saved).
#[component]
fn DigestGroup(digest: DigestTime) -> impl IntoView {
    let saved = !digest.zone.is_empty();
    view! {
        <section class="pref-group digest" aria-labelledby="pref-digest">
            <div class="pref-head">
                <div>
                    <h3 id="pref-digest">"Email digest"</h3>
                    <p class="muted">"A category whose email is a digest sends one email for everything that arrived: every hour, or once a day at the hour you choose. It is grouped by track, with tracks due soon first, and leaves out what you already read here. High-priority items never wait; quiet hours hold a digest until they end."</p>
                </div>
            </div>
            <div class="channels" role="group" aria-label="Daily digest time">
                <label>"Daily digest at"
                    <select name="digest_hour">
                        {(0u8..24).map(|h| view! {
                            <option value=h.to_string() selected=digest.hour == h>{format!("{h:02}:00")}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Time zone"
                    <ZoneSelect name="digest_zone" label="Daily digest time zone" zone=digest.zone saved/>
                </label>
            </div>
        </section>
    }
}

/// A time zone to choose: the common ones, and the saved one; the browser's own is
/// offered (and chosen, when none was saved) once the page is interactive.
#[component]
fn ZoneSelect(name: &'static str, label: &'static str, zone: String, saved: bool) -> impl IntoView {
    let mut zones: Vec<String> = ZONES.iter().map(|z| z.to_string()).collect();
    if !zone.is_empty() && !zones.contains(&zone) {
        zones.push(zone.clone());
    }
    view! {
        <select name=name aria-label=label data-zone=if saved { "saved" } else { "" }>
            {zones.into_iter().map(|z| {
                let chosen = z == zone;
                view! { <option value=z.clone() selected=chosen>{z.replace('_', " ")}</option> }
            }).collect_view()}
        </select>
    }
}

/// How many updates wait for the next digest, with a button that sends them now.
#[component]
fn DigestWaiting() -> impl IntoView {
    let waiting = Resource::new(|| (), |_| digest_waiting());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let n = waiting.await.unwrap_or_default();
                view! {
                    <Region name="digest" rev=rev(&n)>
                        {(n > 0).then(|| view! {
                            <div class="digest-waiting" role="group" aria-label="Your next digest">
                                <p>{if n == 1 { "1 update waits for your next digest.".to_string() } else { format!("{n} updates wait for your next digest.") }}</p>
                                <Form action=SendDigestNow::PATH class="plain" done="{}">
                                    <button type="submit" data-pending="Sending…">"Send my digest now"</button>
                                </Form>
                            </div>
                        })}
                    </Region>
                }
            })}
        </Suspense>
    }
}

/// Quiet hours: a switch, from, to, and the time zone they are in (22:00 to 07:00 in the
/// browser's time zone when first turned on).
#[component]
fn QuietHoursGroup(quiet: Option<QuietHours>) -> impl IntoView {
    let on = quiet.is_some();
    let q = quiet.unwrap_or(QuietHours {
        start: "22:00".into(),
        end: "07:00".into(),
        zone: String::new(),
    });
    view! {
        <section class="pref-group quiet-hours" class:off=!on aria-labelledby="pref-quiet" data-quiet=on.then_some("saved")>
            <div class="pref-head">
                <div>
                    <h3 id="pref-quiet">"Quiet hours"</h3>
                    <p class="muted">"Nothing pops up and no email is sent, except high-priority items. What arrives waits in your feed, marked."</p>
                </div>
                <label class="switch">
                    <input type="checkbox" role="switch" aria-label="Quiet hours" name="on[]" value="quiet" checked=on data-quiet-switch=""/>
                    <span class="switch-track" aria-hidden="true"></span>
                </label>
            </div>
            <div class="channels quiet-times" role="group" aria-label="Quiet hours times" hidden=!on>
                <label>"From"<input type="time" required name="quiet_start" value=q.start/></label>
                <label>"To"<input type="time" required name="quiet_end" value=q.end/></label>
                <label>"Time zone"
                    <ZoneSelect name="quiet_zone" label="Quiet hours time zone" zone=q.zone saved=on/>
                </label>
            </div>
        </section>
    }
}

/// The opt-in for desktop notifications of high-priority items in this browser. Where
/// this browser stands is known only in it: the interactive page shows the matching part.
#[component]
fn DesktopNotifications() -> impl IntoView {
    view! {
        <section class="pref-group desktop" aria-labelledby="desktop-heading" data-desktop="">
            <h3 id="desktop-heading">"Desktop notifications"</h3>
            <p class="muted">"While Producer Dashboard is open, show high-priority notifications (due dates, security alerts) on your desktop."</p>
            <p role="status" data-desktop-state="unsupported" hidden>"This browser does not support desktop notifications."</p>
            <p class="notice" role="status" data-desktop-state="denied" hidden>"Your browser blocks notifications from this site. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload this page."</p>
            <div data-desktop-state="on" hidden>
                <p role="status">"Desktop notifications are on in this browser."</p>
                <button type="button" data-desktop-off="">"Turn off desktop notifications"</button>
            </div>
            <div data-desktop-state="off" hidden>
                <button type="button" data-desktop-on="">"Turn on desktop notifications"</button>
            </div>
        </section>
    }
}

/// Starts the interactive preferences form and desktop notifications if this page has
/// them (fetching their code only then). Browser only.
#[cfg(feature = "hydrate")]
pub async fn enhance_page() {
    use wasm_bindgen::JsCast;
    thread_local! {
        /// Started once per page load; a form shown later (after a refresh, or the
        /// section shown in place) is prepared by what started.
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.get()) {
        return;
    }
    let form = document()
        .query_selector("form[action$=\"/settings/notifications/save_form\"]")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        STARTED.with(|s| s.set(true));
        let owner = Owner::current().unwrap_or_default();
        let toasts = expect_context::<crate::ui::toast::Toasts>();
        let pushed = expect_context::<PushedPreferences>();
        enhance::start(form, owner, toasts, pushed).await;
    }
}

/// On a page that shows this section in place (the other settings sections), fetches
/// the form's code once the page is interactive, so that the section shows ready.
#[cfg(feature = "hydrate")]
pub async fn prefetch() {
    let linked = document()
        .query_selector("a[data-swap][href$=\"/settings/notifications\"]")
        .ok()
        .flatten()
        .is_some();
    if linked {
        enhance::__preload_start().await;
    }
}

#[cfg(feature = "hydrate")]
mod enhance {
    use super::PushedPreferences;
    use crate::ui::browser::desktop::{self, Desktop};
    use crate::ui::toast::Toasts;
    use leptos::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement};

    const SECURITY: &str = "system.opt.security";

    fn all(root: &Element, selector: &str) -> Vec<Element> {
        let mut out = Vec::new();
        if let Ok(list) = root.query_selector_all(selector) {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    out.push(el);
                }
            }
        }
        out
    }

    fn input(root: &Element, selector: &str) -> Option<HtmlInputElement> {
        root.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    }

    fn on(el: &web_sys::EventTarget, name: &str, f: impl Fn(web_sys::Event) + 'static) {
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(f);
        let _ = el.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        // Lives as long as the element.
        cb.forget();
    }

    /// What the form would send, every box included (to tell whether it changed).
    fn state(form: &HtmlFormElement) -> String {
        let mut parts = Vec::new();
        for el in all(form, "input, select") {
            if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                match i.type_().as_str() {
                    "checkbox" => parts.push(format!("{}={}", i.value(), i.checked())),
                    "hidden" => {}
                    _ => parts.push(format!("{}={}", i.name(), i.value())),
                }
            } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                parts.push(format!("{}={}", s.name(), s.value()));
            }
        }
        parts.join("&")
    }

    /// Channels and options follow their category's switch; quiet-hour times show while
    /// quiet hours are on.
    fn follow_switches(form: &HtmlFormElement) {
        for section in all(form, "[data-section]") {
            let on = input(&section, "[data-switch]").is_some_and(|s| s.checked());
            let _ = section.class_list().toggle_with_force("off", !on);
            for el in all(
                &section,
                ".channels input, .channels select, .options input, .options select",
            ) {
                if on {
                    let _ = el.remove_attribute("disabled");
                } else {
                    let _ = el.set_attribute("disabled", "");
                }
            }
        }
        if let Ok(Some(quiet)) = form.query_selector(".quiet-hours") {
            let on = input(&quiet, "[data-quiet-switch]").is_some_and(|s| s.checked());
            let _ = quiet.class_list().toggle_with_force("off", !on);
            if let Ok(Some(times)) = quiet.query_selector(".quiet-times") {
                if on {
                    let _ = times.remove_attribute("hidden");
                } else {
                    let _ = times.set_attribute("hidden", "");
                }
            }
        }
    }

    /// Offers the browser's own time zone first in every time zone list, and picks it
    /// where none was saved.
    fn own_zone(form: &HtmlFormElement) {
        let Some(zone) = crate::ui::browser::time_zone() else {
            return;
        };
        for select in all(form, "select[data-zone]") {
            let saved = select.get_attribute("data-zone").as_deref() == Some("saved");
            let Ok(select) = select.dyn_into::<web_sys::HtmlSelectElement>() else {
                continue;
            };
            let known = all(&select, "option")
                .iter()
                .any(|o| o.get_attribute("value").as_deref() == Some(&zone));
            if !known {
                if let Ok(option) = document().create_element("option") {
                    let _ = option.set_attribute("value", &zone);
                    option.set_text_content(Some(&zone.replace('_', " ")));
                    let _ = select.prepend_with_node_1(&option);
                }
            }
            if !saved {
                select.set_value(&zone);
                // What the form starts from, so that this is not a change.
                if let Some(o) = all(&select, "option")
                    .into_iter()
                    .find(|o| o.get_attribute("value").as_deref() == Some(&zone))
                    .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                {
                    o.set_default_selected(true);
                }
            }
        }
    }

    /// Starts the form (and desktop notifications) once; again for a form a refresh
    /// put in its place.
    #[leptos::lazy]
    pub fn start(form: HtmlFormElement, owner: Owner, toasts: Toasts, pushed: PushedPreferences) {
        desktop_notifications();
        let dirty = Arc::new(AtomicBool::new(false));
        owner.with(|| {
            let saved_here = Arc::new(AtomicBool::new(false));
            // Saved in another tab or device: shown here too (a refresh draws the form
            // from what is saved now).
            let form_for_push = form.clone();
            let here = saved_here.clone();
            Effect::new(move |_| {
                let Some(pushed) = pushed.0.get() else {
                    return;
                };
                // Another section shown meanwhile: nothing here to bring up to date.
                let Some(shown) = document()
                    .query_selector("[data-region=prefs]")
                    .ok()
                    .flatten()
                    .and_then(|r| r.get_attribute("data-rev"))
                else {
                    return;
                };
                if shown != pushed.to_string() {
                    let busy =
                        form_for_push.is_connected() && form_for_push.has_attribute("data-busy");
                    if !busy && !here.swap(false, Ordering::Relaxed) {
                        toasts.success(
                            "Your notification preferences were updated in another window.",
                        );
                    }
                    crate::ui::refresh::refresh();
                }
            });
            // While there are unsaved changes, leaving the page asks first.
            let d = dirty.clone();
            crate::ui::browser::confirm_leaving(
                move || d.load(Ordering::Relaxed),
                "You have unsaved notification preferences. Leave without saving?",
            );
            prepare(form.clone(), dirty.clone(), saved_here.clone());
            // A form a refresh put in place (after a save) starts again.
            crate::ui::behaviour::on_page_change(move || {
                let fresh = document()
                    .query_selector("form[action$=\"/settings/notifications/save_form\"]")
                    .ok()
                    .flatten()
                    .and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
                match fresh {
                    Some(fresh) if !fresh.has_attribute("data-ready") => {
                        prepare(fresh, dirty.clone(), saved_here.clone())
                    }
                    Some(_) => {}
                    // Another section shown in place: no changes left to lose.
                    None => dirty.store(false, Ordering::Relaxed),
                }
            });
        });
    }

    /// Makes one drawn form interactive.
    fn prepare(form: HtmlFormElement, dirty: Arc<AtomicBool>, saved_here: Arc<AtomicBool>) {
        let _ = form.set_attribute("data-ready", "");
        own_zone(&form);
        follow_switches(&form);
        let initial = state(&form);
        let show = {
            let form = form.clone();
            let dirty = dirty.clone();
            move || {
                let changed = state(&form) != initial;
                dirty.store(changed, Ordering::Relaxed);
                if let Ok(Some(note)) = form.query_selector("[data-unsaved]") {
                    note.set_text_content(Some(if changed {
                        "You have unsaved changes."
                    } else {
                        ""
                    }));
                }
                for selector in ["[data-discard]", "button[type=submit]"] {
                    if let Some(b) = form
                        .query_selector(selector)
                        .ok()
                        .flatten()
                        .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
                    {
                        b.set_disabled(!changed);
                    }
                }
            }
        };
        show();
        let dialog = document()
            .query_selector("[data-security-confirm]")
            .ok()
            .flatten();
        // Which box turning security alerts off waits on.
        let waiting: std::rc::Rc<std::cell::RefCell<Option<HtmlInputElement>>> = Default::default();
        let security_on = {
            let form = form.clone();
            move || {
                input(&form, "#pref-system-switch").is_some_and(|s| s.checked())
                    && input(&form, &format!("input[value=\"{SECURITY}\"]"))
                        .is_some_and(|s| s.checked())
            }
        };
        {
            let (form2, show, waiting, dialog) =
                (form.clone(), show.clone(), waiting.clone(), dialog.clone());
            on(&form, "change", move |ev| {
                let Some(box_) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                else {
                    return;
                };
                let security_box = box_.id() == "pref-system-switch" || box_.value() == SECURITY;
                if security_box && !box_.checked() {
                    // Was on a moment ago: it holds until confirmed.
                    box_.set_checked(true);
                    let was_on = security_on();
                    box_.set_checked(false);
                    if was_on {
                        box_.set_checked(true);
                        *waiting.borrow_mut() = Some(box_);
                        if let Some(d) = &dialog {
                            let _ = d.remove_attribute("hidden");
                        }
                        crate::ui::browser::focus("keep-security-alerts");
                        return;
                    }
                }
                follow_switches(&form2);
                show();
            });
        }
        if let Some(d) = dialog.clone() {
            let close = {
                let (d, waiting, form, show) =
                    (d.clone(), waiting.clone(), form.clone(), show.clone());
                move |confirmed: bool| {
                    let _ = d.set_attribute("hidden", "");
                    if let Some(box_) = waiting.borrow_mut().take() {
                        if confirmed {
                            box_.set_checked(false);
                            if let Some(flag) = input(&form, "input[name=confirm_security_off]") {
                                flag.set_value("1");
                            }
                            follow_switches(&form);
                            show();
                        } else {
                            crate::ui::browser::focus("pref-system-switch");
                        }
                    }
                }
            };
            let c = close.clone();
            on(&d, "click", move |ev| {
                let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
                let id = target.as_ref().map(|t| t.id()).unwrap_or_default();
                let on_backdrop = target
                    .as_ref()
                    .is_some_and(|t| t.has_attribute("data-security-confirm"));
                if id == "keep-security-alerts" || on_backdrop {
                    c(false);
                } else if id == "turn-security-off" {
                    c(true);
                }
            });
            let c = close.clone();
            let d2 = d.clone();
            on(&document(), "keydown", move |ev| {
                if d2.has_attribute("hidden") {
                    return;
                }
                let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                match key.key().as_str() {
                    "Escape" => {
                        ev.stop_propagation();
                        c(false);
                    }
                    "Tab" => crate::ui::browser::trap_tab(key, "security-dialog"),
                    _ => {}
                }
            });
        }
        // Discard: back to what is saved.
        if let Ok(Some(discard)) = form.query_selector("[data-discard]") {
            let (form2, show) = (form.clone(), show.clone());
            on(&discard, "click", move |_| {
                form2.reset();
                if let Some(flag) = input(&form2, "input[name=confirm_security_off]") {
                    flag.set_value("");
                }
                follow_switches(&form2);
                show();
            });
        }
        // Every box of a category that is on is sent; nothing unsaved, nothing to send.
        {
            let form2 = form.clone();
            let dirty = dirty.clone();
            on(&form, "submit", move |ev| {
                if !dirty.load(Ordering::Relaxed) {
                    ev.prevent_default();
                    ev.stop_propagation();
                    return;
                }
                saved_here.store(true, Ordering::Relaxed);
                if let Some(flag) = input(&form2, "input[name=complete]") {
                    flag.set_value("1");
                }
            });
        }
    }

    /// Shows where this browser stands with desktop notifications, with the button that
    /// changes it.
    fn desktop_notifications() {
        let Ok(Some(section)) = document().query_selector("[data-desktop]") else {
            return;
        };
        fn show(section: &Element, state: Desktop) {
            let name = match state {
                Desktop::Unsupported => "unsupported",
                Desktop::Denied => "denied",
                Desktop::On => "on",
                Desktop::Off => "off",
            };
            for part in all(section, "[data-desktop-state]") {
                if part.get_attribute("data-desktop-state").as_deref() == Some(name) {
                    let _ = part.remove_attribute("hidden");
                } else {
                    let _ = part.set_attribute("hidden", "");
                }
            }
        }
        show(&section, desktop::state());
        let s = section.clone();
        on(&section, "click", move |ev| {
            let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if target.has_attribute("data-desktop-off") {
                desktop::turn_off();
                show(&s, desktop::state());
            } else if target.has_attribute("data-desktop-on") {
                if let Some(b) = target.dyn_ref::<HtmlElement>() {
                    let _ = b.set_attribute("disabled", "");
                }
                let s = s.clone();
                leptos::task::spawn_local(async move {
                    let state = desktop::turn_on().await;
                    if let Ok(Some(b)) = s.query_selector("[data-desktop-on]") {
                        let _ = b.remove_attribute("disabled");
                    }
                    show(&s, state);
                });
            }
        });
    }
}
