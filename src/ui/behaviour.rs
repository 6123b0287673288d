//! What the server-rendered parts of a page do once it is interactive, without being
//! islands: one listener for the whole page answers forms in place (`form.rs`), opens
//! and closes disclosures (`disclosure.rs`), selects a track in the grid, opens the
//! invitations list for a track, and brings the part an address points to into view.
//! They work from the markup's `data-` attributes, so a page may have any number of
//! them without adding to its code; and a part the page refresh puts in place
//! (`refresh.rs`) works at once.
//!
//! - `form[data-live]`: answered in place; `form[data-on-change]` sent on every change.
//! - `[data-disclosure]` with a `[data-toggle]` button: opened and closed; inside it a
//!   `[data-close]` button or a form that succeeded closes it, and so does Escape. A
//!   `[data-toggle]` button elsewhere shows and hides the part its `aria-controls` names.
//! - `[data-select="ID"]`: selects track ID in the grid (pressed again, clears it);
//!   `[data-select-clear]` clears it; `[data-selection]` shows while one is selected,
//!   its title in `[data-selected-title]` (from the pressed button's `data-title`).
//! - `[data-open-invites="ID"]` opens the invitations list for track ID (`selected`:
//!   the selected one).
//! - `[data-highlighted="true"]`: scrolled into view once the page is interactive.
//! - `a[data-swap]`: its page shown in place of this one's main part (`refresh::go`).
//! - `[data-row-keys]`: a list triaged by keyboard (never while typing): `j`/`k` focus
//!   the next/previous `[data-row-title]`, `e` presses the focused row's
//!   (`[data-row]`) `[data-row-dismiss]`, `u` opens the list's `data-row-keys-u`
//!   address, `?` shows and hides `[data-shortcuts]`; what happened is said in the
//!   page's live region.

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(feature = "hydrate")]
mod browser {
    use crate::ui::session::Session;
    use crate::ui::toast::Toasts;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, Event, HtmlElement};

    thread_local! {
        /// What runs again when a refresh put new parts on the page.
        static ON_PAGE_CHANGE: RefCell<Vec<Box<dyn Fn()>>> = const { RefCell::new(Vec::new()) };
    }

    /// Calls `f` with every `name` event on the page, for as long as the page lives.
    pub fn listen(name: &str, f: impl Fn(Event) + 'static) {
        let cb = Closure::<dyn Fn(Event)>::new(f);
        let _ = document().add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        // Lives as long as the page.
        cb.forget();
    }

    /// The element matching `selector` that `ev` happened in (its target or an ancestor).
    pub fn target(ev: &Event, selector: &str) -> Option<Element> {
        ev.target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest(selector).ok().flatten())
    }

    /// Starts every behaviour of the page (once, at hydration).
    /// Says `text` in the page's polite live region.
    fn say(text: &str) {
        if let Some(region) = document().get_element_by_id("live-region") {
            region.set_text_content(Some(text));
        }
    }

    const FIRST: &str = "Move to a notification first with j or k.";

    /// Whether focus is in a row of the list.
    fn in_row() -> bool {
        document()
            .active_element()
            .and_then(|a| a.closest("[data-row]").ok().flatten())
            .is_some()
    }

    /// Clicks the control `control` of the focused row, or says why not.
    fn row_control(control: &str, missing: &str) {
        if !crate::ui::browser::click_in_focused("[data-row]", control) {
            say(if in_row() { missing } else { FIRST });
        }
    }

    /// A key for a `[data-row-keys]` list on the page; whether it was one.
    fn row_keys(ev: &web_sys::KeyboardEvent) -> bool {
        let Some(list) = document().query_selector("[data-row-keys]").ok().flatten() else {
            return false;
        };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || crate::ui::browser::typing(ev) {
            return false;
        }
        let shortcuts = document().query_selector("[data-shortcuts]").ok().flatten();
        match ev.key().as_str() {
            "j" => crate::ui::browser::focus_step("[data-row-keys] [data-row-title]", 1),
            "k" => crate::ui::browser::focus_step("[data-row-keys] [data-row-title]", -1),
            // The forms say what happened once the server has answered (their toasts).
            "e" => row_control(
                "[data-row-dismiss]",
                "This notification cannot be dismissed.",
            ),
            "m" => row_control("[data-row-mute]", "This notification is not about a track."),
            "s" => {
                use crate::ui::browser::{click_in_focused, focus_in_focused};
                click_in_focused("[data-row]", "details[data-row-more]:not([open]) > summary");
                focus_in_focused("[data-row]", "[data-row-snooze]");
                if !in_row() {
                    say(FIRST);
                }
            }
            "x" => {
                if crate::ui::browser::click_in_focused("[data-row]", "[data-row-select]") {
                    let n = document()
                        .query_selector_all("[data-row-select]:checked")
                        .map(|l| l.length())
                        .unwrap_or(0);
                    say(&format!("{n} selected."));
                } else {
                    say(FIRST);
                }
            }
            "u" => match list.get_attribute("data-row-keys-u") {
                Some(href) => crate::ui::browser::navigate_hard(&href),
                None => return false,
            },
            "?" => match shortcuts {
                Some(s) if s.has_attribute("hidden") => {
                    let _ = s.remove_attribute("hidden");
                }
                Some(s) => {
                    let _ = s.set_attribute("hidden", "");
                }
                None => return false,
            },
            "Escape" => match shortcuts.filter(|s| !s.has_attribute("hidden")) {
                Some(s) => {
                    let _ = s.set_attribute("hidden", "");
                }
                None => return false,
            },
            _ => return false,
        }
        true
    }

    pub fn install(session: Session, toasts: Toasts) {
        listen("submit", move |ev| {
            crate::ui::form::send::on_submit(&ev, toasts)
        });
        listen("change", |ev| crate::ui::form::send::on_change(&ev));
        listen("click", move |ev| click(&ev, session));
        listen("keydown", |ev| {
            let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if row_keys(key) {
                ev.prevent_default();
                return;
            }
            if key.key() != "Escape" {
                return;
            }
            let open = document().active_element().and_then(|a| {
                a.closest("[data-disclosure][data-open=true]")
                    .ok()
                    .flatten()
            });
            if let Some(d) = open {
                ev.stop_propagation();
                set_open(&d, false, true);
            }
        });
        // The selection shows wherever it is asked (and again after a refresh).
        Effect::new(move |_| {
            let selected = session.selected_track.get();
            show_selection(selected);
        });
        on_page_change(move || show_selection(session.selected_track.get_untracked()));
        if let Ok(Some(el)) = document().query_selector("[data-highlighted=true]") {
            crate::ui::browser::next_frame(move || el.scroll_into_view());
        }
    }

    fn click(ev: &Event, session: Session) {
        if let Some(toggle) = target(ev, "[data-toggle]") {
            match toggle
                .parent_element()
                .filter(|p| p.has_attribute("data-disclosure"))
            {
                Some(d) => {
                    let open = d.get_attribute("data-open").as_deref() != Some("true");
                    set_open(&d, open, !open);
                }
                // A button that shows and hides a part elsewhere (`aria-controls`).
                None => {
                    let open = toggle.get_attribute("aria-expanded").as_deref() != Some("true");
                    let _ =
                        toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
                    if let Some(part) = toggle
                        .get_attribute("aria-controls")
                        .and_then(|id| document().get_element_by_id(&id))
                    {
                        if open {
                            let _ = part.remove_attribute("hidden");
                        } else {
                            let _ = part.set_attribute("hidden", "");
                        }
                    }
                }
            }
        } else if let Some(close) = target(ev, "[data-close]") {
            if let Some(d) = close.closest("[data-disclosure]").ok().flatten() {
                set_open(&d, false, true);
            }
        } else if let Some(b) = target(ev, "[data-select]") {
            let id = b
                .get_attribute("data-select")
                .and_then(|v| v.parse::<i64>().ok());
            session
                .selected_track
                .update(|s| *s = if *s == id { None } else { id });
        } else if target(ev, "[data-select-clear]").is_some() {
            session.selected_track.set(None);
        } else if let Some(link) = target(ev, "a[data-swap][href]") {
            // A plain click; a new tab or window (a modifier, another button) as usual.
            let plain = ev.dyn_ref::<web_sys::MouseEvent>().is_some_and(|m| {
                m.button() == 0 && !(m.ctrl_key() || m.meta_key() || m.shift_key() || m.alt_key())
            });
            if plain && !ev.default_prevented() {
                ev.prevent_default();
                if let Some(href) = link.get_attribute("href") {
                    crate::ui::refresh::go(href);
                }
            }
        } else if let Some(b) = target(ev, "[data-open-invites]") {
            ev.prevent_default();
            let track = match b.get_attribute("data-open-invites").as_deref() {
                Some("selected") => session.selected_track.get_untracked(),
                Some(id) => id.parse().ok(),
                None => None,
            };
            session.open_invites(track);
        }
    }

    /// Opens or closes a disclosure; closing can give focus back to its button.
    fn set_open(d: &Element, open: bool, refocus: bool) {
        let _ = d.set_attribute("data-open", if open { "true" } else { "false" });
        let Some(button) = d.query_selector(":scope > [data-toggle]").ok().flatten() else {
            return;
        };
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
        let part = button
            .get_attribute("aria-controls")
            .and_then(|id| document().get_element_by_id(&id));
        if let Some(part) = part.filter(|_| !d.has_attribute("data-eager")) {
            if open {
                materialize(&part);
                let _ = part.remove_attribute("hidden");
                let first = part
                    .query_selector("input:not([type=hidden]), select, textarea, button")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                if let Some(first) = first {
                    let _ = first.focus();
                }
            } else {
                let _ = part.set_attribute("hidden", "");
            }
        }
        if !open && refocus {
            if let Some(b) = button.dyn_ref::<HtmlElement>() {
                let _ = b.focus();
            }
        }
    }

    /// What a part's template holds comes onto the page (the first time the part is
    /// shown): `part` itself holds the template, or its disclosure does.
    pub fn materialize(part: &Element) {
        let holder = part
            .parent_element()
            .filter(|p| p.has_attribute("data-disclosure"))
            .unwrap_or_else(|| part.clone());
        let template = holder
            .query_selector(&format!("template[data-part=\"{}\"]", part.id()))
            .ok()
            .flatten()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok());
        if let Some(t) = template {
            if let Ok(content) = t.content().clone_node_with_deep(true) {
                let _ = part.append_child(&content);
            }
            t.remove();
        }
    }

    /// A form inside a disclosure succeeded: the disclosure closes (unless it says it
    /// stays open, `data-stay`).
    pub fn form_done(form: &web_sys::HtmlFormElement) {
        if let Some(d) = form
            .closest("[data-disclosure][data-open=true]")
            .ok()
            .flatten()
            .filter(|d| !d.has_attribute("data-stay"))
        {
            set_open(&d, false, true);
        }
    }

    /// The disclosures open inside `root` (their parts' ids), to open them again in
    /// what a refresh puts in its place.
    pub fn open_inside(root: &Element) -> Vec<String> {
        let mut ids = Vec::new();
        if let Ok(list) =
            root.query_selector_all("[data-disclosure][data-open=true] > [data-toggle]")
        {
            for i in 0..list.length() {
                if let Some(id) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<Element>().ok())
                    .and_then(|b| b.get_attribute("aria-controls"))
                {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// Opens again the disclosures whose parts have these ids (without moving focus).
    pub fn reopen(ids: &[String]) {
        for id in ids {
            if let Some(d) = document()
                .get_element_by_id(id)
                .and_then(|part| part.parent_element())
                .filter(|d| d.has_attribute("data-disclosure"))
            {
                let focused = document().active_element();
                set_open(&d, true, false);
                if let Some(f) = focused.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
                    let _ = f.focus();
                }
            }
        }
    }

    /// Marks the selected track's buttons pressed and shows the selection bar.
    fn show_selection(selected: Option<i64>) {
        let doc = document();
        let mut title = None;
        if let Ok(list) = doc.query_selector_all("[data-select]") {
            for i in 0..list.length() {
                let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let on = selected.is_some()
                    && b.get_attribute("data-select") == selected.map(|s| s.to_string());
                let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
                b.set_text_content(Some(if on { "Selected" } else { "Select" }));
                if on {
                    title = b.get_attribute("data-title");
                }
            }
        }
        if let Ok(Some(bar)) = doc.query_selector("[data-selection]") {
            match &title {
                Some(t) => {
                    if let Ok(Some(slot)) = bar.query_selector("[data-selected-title]") {
                        slot.set_text_content(Some(t));
                    }
                    let _ = bar.remove_attribute("hidden");
                }
                None => {
                    let _ = bar.set_attribute("hidden", "");
                }
            }
        }
    }

    /// Runs `f` whenever a refresh put new parts on the page (for state the page shows
    /// that the server did not render: a selection, live progress).
    pub fn on_page_change(f: impl Fn() + 'static) {
        ON_PAGE_CHANGE.with(|l| l.borrow_mut().push(Box::new(f)));
    }

    /// A refresh put new parts on the page.
    pub fn page_changed() {
        ON_PAGE_CHANGE.with(|l| l.borrow().iter().for_each(|f| f()));
    }
}
