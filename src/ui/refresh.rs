//! Server-rendered parts of a page that change in place.
//!
//! Pages are rendered on the server; only the islands run in the browser. After an
//! action (a form answered in place) or a live change (a track shared with me, an
//! invitation answered in another tab), `refresh()` asks the server for the page again
//! and replaces each [`Region`] whose revision changed, hydrating the islands inside
//! it. Regions that did not change stay as they are, with whatever the person was
//! doing in them. If the page became another one (access to a track ended, the
//! session expired), its main part is replaced whole, or the browser goes there.
//! `go()` shows another page's main part in place the same way (the settings sections).

use leptos::prelude::*;
use serde::Serialize;

/// A part of a page that `refresh()` replaces when `rev` changes. `rev` is a digest of
/// the data the part shows (see [`rev`]): the same data, the same revision.
#[component]
pub fn Region(name: &'static str, rev: u64, children: Children) -> impl IntoView {
    view! { <div class="region" data-region=name data-rev=rev.to_string()>{children()}</div> }
}

/// The revision of a region showing `data` (a digest of its JSON form, the same on the
/// server and in the browser).
pub fn rev(data: &impl Serialize) -> u64 {
    use std::hash::Hasher;
    // The bytes alone (no length prefix, whose width differs between the server and
    // the browser), so the browser can compute the same revision.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(&serde_json::to_vec(data).unwrap_or_default());
    hasher.finish()
}

/// Brings the server-rendered parts of this page up to date (once more after the one
/// running, if called while one runs). Server: nothing.
pub fn refresh() {
    #[cfg(feature = "hydrate")]
    browser::refresh();
}

/// Shows the page at `href` in place of this one's main part, without a page load: the
/// address changes (Back and Forward work), the header, the event stream and the code
/// stay. For links between views of one page (`a[data-swap]`, the settings sections).
/// If the page cannot be fetched, the browser goes there the usual way.
#[cfg(feature = "hydrate")]
pub fn go(href: String) {
    browser::go(href);
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Document, Element};

    thread_local! {
        /// 0: idle, 1: running, 2: running and asked again.
        static STATE: Cell<u8> = const { Cell::new(0) };
    }

    pub fn refresh() {
        let was = STATE.with(|s| s.get());
        STATE.with(|s| s.set(if was == 0 { 1 } else { 2 }));
        if was != 0 {
            return;
        }
        leptos::task::spawn_local(async {
            loop {
                let _ = once().await;
                let again = STATE.with(|s| s.get()) == 2;
                STATE.with(|s| s.set(if again { 1 } else { 0 }));
                if !again {
                    break;
                }
            }
        });
    }

    async fn once() -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let href = window.location().href()?;
        let here = href.split('#').next().unwrap_or_default().to_string();
        match fetch_page(&here).await? {
            // Signed out meanwhile, or sent elsewhere: go where the server says.
            Fetched::Elsewhere(url) => {
                let _ = window.location().assign(&url);
                Ok(())
            }
            // An error page too (access ended): it replaces this one.
            Fetched::Page { doc: fresh, .. } => {
                let doc = window.document().ok_or(JsValue::NULL)?;
                apply(&doc, &fresh)
            }
        }
    }

    /// A page of this site as the browser would load it, or where the server sent the
    /// request instead.
    enum Fetched {
        Page { ok: bool, doc: Document },
        Elsewhere(String),
    }

    async fn fetch_page(href: &str) -> Result<Fetched, JsValue> {
        let res = gloo_net::http::Request::get(href)
            .header("Accept", "text/html")
            .send()
            .await
            .map_err(|_| JsValue::NULL)?;
        if res.redirected() {
            return Ok(Fetched::Elsewhere(res.url()));
        }
        let ok = res.ok();
        let html = res.text().await.map_err(|_| JsValue::NULL)?;
        let doc = web_sys::DomParser::new()?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)?;
        // Parsed without scripting, a `<noscript>` holds elements: what the page has for
        // a browser without JavaScript does not come onto this one.
        if let Ok(hidden) = doc.query_selector_all("noscript") {
            for i in 0..hidden.length() {
                if let Some(node) = hidden.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    node.remove();
                }
            }
        }
        Ok(Fetched::Page { ok, doc })
    }

    pub fn go(href: String) {
        follow_history();
        leptos::task::spawn_local(async move {
            if swap(&href, true).await.is_err() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign(&href);
                }
            }
        });
    }

    /// Back and Forward between pages shown in place show them again in place.
    fn follow_history() {
        thread_local! {
            static FOLLOWING: Cell<bool> = const { Cell::new(false) };
        }
        if FOLLOWING.with(|f| f.replace(true)) {
            return;
        }
        SHOWN.with(|s| s.replace(here()));
        let on_pop = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            // Only another page (not a `#part` of this one).
            if SHOWN.with(|s| *s.borrow() == here()) {
                return;
            }
            leptos::task::spawn_local(async {
                let Some(w) = web_sys::window() else {
                    return;
                };
                let href = w.location().href().unwrap_or_default();
                if swap(&href, false).await.is_err() {
                    let _ = w.location().reload();
                }
            });
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        }
        // Lives as long as the page.
        on_pop.forget();
    }

    thread_local! {
        /// The page (path and query) whose main part is shown.
        static SHOWN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    fn here() -> String {
        web_sys::window()
            .map(|w| {
                let l = w.location();
                l.pathname().unwrap_or_default() + &l.search().unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// Fetches `href` and puts its main part in place of this page's (added to the
    /// history when `push`).
    async fn swap(href: &str, push: bool) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        // Anything but the page itself (sent elsewhere, an error) is left to a page load.
        let Fetched::Page {
            ok: true,
            doc: fresh,
        } = fetch_page(href).await?
        else {
            return Err(JsValue::NULL);
        };
        let doc = window.document().ok_or(JsValue::NULL)?;
        let (Some(main), Some(next)) = (
            doc.get_element_by_id("main"),
            fresh.get_element_by_id("main"),
        ) else {
            return Err(JsValue::NULL);
        };
        if push {
            window
                .history()?
                .push_state_with_url(&JsValue::NULL, "", Some(href))?;
        }
        SHOWN.with(|s| s.replace(here()));
        doc.set_title(&fresh.title());
        // A new view: nothing left open from the last one.
        put(&main, &next, false)?;
        crate::ui::behaviour::page_changed();
        Ok(())
    }

    fn regions(doc: &Document) -> Vec<Element> {
        let mut out = Vec::new();
        if let Ok(list) = doc.query_selector_all("[data-region]") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    out.push(el);
                }
            }
        }
        out
    }

    fn name(el: &Element) -> String {
        el.get_attribute("data-region").unwrap_or_default()
    }

    /// Replaces what changed; the whole main part when the page is another one.
    fn apply(doc: &Document, fresh: &Document) -> Result<(), JsValue> {
        doc.set_title(&fresh.title());
        let old = regions(doc);
        let new = regions(fresh);
        // A page without regions has nothing that changes in place.
        if old.is_empty() {
            return Ok(());
        }
        let names = |l: &[Element]| l.iter().map(name).collect::<Vec<_>>();
        if names(&old) != names(&new) {
            if let (Some(main), Some(next)) = (
                doc.get_element_by_id("main"),
                fresh.get_element_by_id("main"),
            ) {
                replace(&main, &next)?;
            }
            crate::ui::behaviour::page_changed();
            return Ok(());
        }
        for (o, n) in old.iter().zip(new.iter()) {
            if o.get_attribute("data-rev") != n.get_attribute("data-rev") {
                replace(o, n)?;
            }
        }
        crate::ui::behaviour::page_changed();
        Ok(())
    }

    /// Puts `next` in the place of `old` (what was open in it open again), hydrates the
    /// islands in it and keeps the keyboard focus on the same control if it was inside.
    fn replace(old: &Element, next: &Element) -> Result<(), JsValue> {
        put(old, next, true)
    }

    fn put(old: &Element, next: &Element, keep_open: bool) -> Result<(), JsValue> {
        let doc = old.owner_document().ok_or(JsValue::NULL)?;
        let focused = doc
            .active_element()
            .filter(|a| old.contains(Some(a)))
            .map(|a| (a.id(), a.get_attribute("name")));
        let open = if keep_open {
            crate::ui::behaviour::open_inside(old)
        } else {
            Vec::new()
        };
        old.replace_with_with_node_1(next)?;
        crate::ui::browser::hydrate_islands_in(next);
        crate::ui::behaviour::reopen(&open);
        if let Some((id, name)) = focused {
            let same = if !id.is_empty() {
                doc.get_element_by_id(&id)
                    .filter(|e| next.contains(Some(e)))
            } else {
                name.and_then(|n| {
                    next.query_selector(&format!("[name=\"{n}\"]"))
                        .ok()
                        .flatten()
                })
            };
            if let Some(el) = same.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        }
        Ok(())
    }
}
