//! Toasts: short messages in a polite live region. Every part of a page says them
//! through one `Toasts`; a message said just before the browser goes to another page
//! (`carry`) is shown there. A toast may offer Undo for a few seconds.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
    /// It offers Undo (what undoing does waits in `Toasts::undos`).
    pub undo: bool,
}

/// What an Undo button does.
type UndoFn = std::sync::Arc<dyn Fn() + Send + Sync>;

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
    undos: StoredValue<std::collections::HashMap<u64, UndoFn>>,
}

/// How long Undo is offered.
pub const UNDO_FOR: std::time::Duration = std::time::Duration::from_secs(5);

/// Where a message waits for the next page of this tab.
#[cfg(feature = "hydrate")]
const CARRIED: &str = "pd-toast";

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(1),
            undos: StoredValue::new(std::collections::HashMap::new()),
        };
        provide_context(t);
        t
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    /// Says `text` with an Undo button for `UNDO_FOR`; Undo runs `undo` (once).
    pub fn undoable(&self, text: impl Into<String>, undo: impl Fn() + Send + Sync + 'static) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.undos.update_value(|u| {
            u.insert(id, std::sync::Arc::new(undo));
        });
        self.items.update(|v| {
            v.push(Toast {
                id,
                text: text.into(),
                error: false,
                undo: true,
            })
        });
        self.expire(id);
    }

    /// Takes toast `id` away after `UNDO_FOR`, or later while the pointer or focus is on
    /// it (whoever is reaching for Undo gets to press it).
    fn expire(self, id: u64) {
        super::browser::after(UNDO_FOR, move || {
            if held(id) {
                self.expire(id);
            } else {
                self.dismiss(id);
            }
        });
    }

    /// Runs the Undo of toast `id` (if it is still offered) and takes the toast away.
    pub fn run_undo(&self, id: u64) {
        let undo = self.undos.try_update_value(|u| u.remove(&id)).flatten();
        self.dismiss(id);
        if let Some(undo) = undo {
            undo();
        }
    }

    /// Shows `text` on the next page this tab opens (it is about to leave this one).
    pub fn carry(&self, text: impl Into<String>) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(s)) = window().session_storage() {
            let _ = s.set_item(CARRIED, &text.into());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = text;
    }

    /// Shows what the previous page carried here, if anything.
    pub fn take_carried(&self) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(s)) = window().session_storage() {
            if let Ok(Some(text)) = s.get_item(CARRIED) {
                let _ = s.remove_item(CARRIED);
                self.success(text);
            }
        }
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| {
            v.push(Toast {
                id,
                text,
                error,
                undo: false,
            })
        });
        let items = self.items;
        super::browser::after(std::time::Duration::from_secs(6), move || {
            items.update(|v| v.retain(|t| t.id != id))
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.undos.try_update_value(|u| u.remove(&id));
        self.items.try_update(|v| v.retain(|t| t.id != id));
    }
}

/// Whether the pointer or focus is on toast `id`.
fn held(id: u64) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(el) = document()
            .query_selector(&format!("[data-toast=\"{id}\"]"))
            .ok()
            .flatten()
        else {
            return false;
        };
        let focused = document()
            .active_element()
            .is_some_and(|a| el.contains(Some(&a)));
        focused || el.matches(":hover").unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        false
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts show: rendered empty on the server, filled by `show` in the browser.
#[component]
pub fn ToastRegion() -> impl IntoView {
    view! { <div class="toasts" id="toasts" role="status" aria-live="polite"></div> }
}

/// Shows the toasts of `toasts` in the page's region as they come and go, each with a
/// Close button; and what the previous page carried here. Browser only.
#[cfg(feature = "hydrate")]
pub fn show(toasts: Toasts) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(region) = document().get_element_by_id("toasts") else {
        return;
    };
    let close = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-toast]").ok().flatten())
            .and_then(|el| el.get_attribute("data-toast"))
            .and_then(|id| id.parse::<u64>().ok());
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button").ok().flatten());
        match (id, button) {
            (Some(id), Some(b)) if b.has_attribute("data-undo") => toasts.run_undo(id),
            (Some(id), Some(_)) => toasts.dismiss(id),
            _ => {}
        }
    });
    let _ = region.add_event_listener_with_callback("click", close.as_ref().unchecked_ref());
    // Lives as long as the page.
    close.forget();
    Effect::new(move |_| {
        let items = toasts.items.get();
        let doc = document();
        // Gone ones leave; new ones are added after the others (the ones shown stay).
        let shown = region.children();
        for i in (0..shown.length()).rev() {
            if let Some(el) = shown.item(i) {
                let id = el
                    .get_attribute("data-toast")
                    .and_then(|v| v.parse::<u64>().ok());
                if !items.iter().any(|t| Some(t.id) == id) {
                    el.remove();
                }
            }
        }
        for t in &items {
            if region
                .query_selector(&format!("[data-toast=\"{}\"]", t.id))
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            let (Ok(el), Ok(text), Ok(button)) = (
                doc.create_element("div"),
                doc.create_element("span"),
                doc.create_element("button"),
            ) else {
                continue;
            };
            let _ = el.set_attribute(
                "class",
                if t.error {
                    "toast toast-error"
                } else {
                    "toast"
                },
            );
            let _ = el.set_attribute("data-toast", &t.id.to_string());
            text.set_text_content(Some(&t.text));
            let _ = button.set_attribute("class", "icon-button");
            let _ = button.set_attribute("aria-label", "Close message");
            // A fixed icon of this app's own markup (no text of anyone's in it).
            button.set_inner_html(crate::ui::icons::CLOSE_SVG);
            let _ = el.append_child(&text);
            if t.undo {
                if let Ok(undo) = doc.create_element("button") {
                    let _ = undo.set_attribute("class", "toast-undo");
                    let _ = undo.set_attribute("data-undo", "");
                    undo.set_text_content(Some("Undo"));
                    let _ = el.append_child(&undo);
                }
            }
            let _ = el.append_child(&button);
            let _ = region.append_child(&el);
        }
    });
    toasts.take_carried();
}
