//! Forms that work everywhere: each is a real `<form>` posting to its server function,
//! so it works without JavaScript and before the app's code has arrived (the server
//! answers with a redirect back to the page, its error signed in the address). Once
//! the page is interactive the same form answers in place (`behaviour.rs` sends it):
//! its submit buttons wait, its error shows inside it, a success is said in a toast and
//! the page's changed parts are refreshed (`refresh.rs`).
//!
//! A form is rendered on the server only; what it does after a success travels in its
//! `data-` attributes, so no form adds code to the bundle. A button or text inside it
//! with `data-pending="Saving…"` says that while the form is being sent.

use leptos::prelude::*;

/// A form posting to the server function at `action`. See the module's documentation.
/// `done`: said in a toast after a success (`{}` stands for the answer, a text or a
/// number); `status`: said in place of the form instead (its work is then over);
/// `then`: where the browser goes after a success (the toast goes with it); `undo`: the
/// toast offers Undo (see the prop); `on_change`:
/// sent as soon as a field changes (a select, a radio group); `keep`: what was typed
/// stays after a success (otherwise the form is reset).
#[component]
pub fn Form(
    action: &'static str,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] multipart: bool,
    #[prop(optional, into)] done: Option<String>,
    #[prop(optional, into)] status: Option<String>,
    #[prop(optional, into)] then: Option<String>,
    #[prop(optional)] on_change: bool,
    #[prop(optional)] keep: bool,
    /// Its error from a post without JavaScript is said above the page's list
    /// (`PlainErrors`), not in the form (whose row may be gone by then).
    #[prop(optional)]
    error_above: bool,
    /// Its id (fields elsewhere on the page join it with `form="…"`).
    #[prop(optional)]
    id: Option<&'static str>,
    /// After a success the toast offers Undo, which posts the same fields and the answer
    /// (as the field `undo_answer`, `at` unless told) to this server function. A submit
    /// button may say its own `data-done` and `data-undo`.
    #[prop(optional)]
    undo: Option<&'static str>,
    #[prop(optional)] undo_answer: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let error = (!error_above).then(|| plain_error(action)).flatten();
    view! {
        <form method="post" action=action class=class aria-label=label data-live="" id=id
            enctype=multipart.then_some("multipart/form-data")
            data-undo=undo data-undo-answer=undo_answer
            data-done=done data-status=status data-then=then
            data-on-change=on_change.then_some("") data-keep=keep.then_some("")>
            {children()}
            {error.map(|e| view! { <p class="form-error" role="alert" data-form-error="">{e}</p> })}
        </form>
    }
}

/// The error a plain post (without JavaScript) of one of `actions` came back with, for
/// a page whose forms say theirs above their list.
#[component]
pub fn PlainErrors(actions: Vec<&'static str>) -> impl IntoView {
    actions
        .into_iter()
        .find_map(plain_error)
        .map(|e| view! { <p class="form-error" role="alert">{e}</p> })
}

/// The error a plain post of the form at `action` came back with (in the page's
/// address, signed by this server), as a sentence.
pub fn plain_error(action: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use leptos::server_fn::error::ServerFnUrlError;
        let error = use_context::<leptos::server::ServerActionError>()?;
        (error.path() == action)
            .then(|| ServerFnUrlError::<crate::error::AppError>::decode_err(error.err()))
            .map(|e| e.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = action;
        None
    }
}

/// The answer's text for a `{}` in a message: a JSON string's content, or the JSON as it is.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn answer_text(json: &str) -> String {
    serde_json::from_str::<String>(json).unwrap_or_else(|_| json.trim().to_string())
}

/// Sending a form in place (the browser's half of `Form`).
#[cfg(feature = "hydrate")]
pub mod send {
    use super::answer_text;
    use crate::error::AppError;
    use crate::ui::toast::Toasts;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlFormElement};

    /// Whether `form` is being sent (its submissions wait meanwhile).
    const BUSY: &str = "data-busy";

    /// Submits the form a field belongs to the way a person would (its checks run), if
    /// it asks to be sent on every change.
    pub fn on_change(ev: &web_sys::Event) {
        if let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("form[data-on-change]").ok().flatten())
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    }

    /// Takes over the submission of a `Form` (`ev` is a submit event of the page).
    pub fn on_submit(ev: &web_sys::Event, toasts: Toasts) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
            .filter(|f| f.has_attribute("data-live"))
        else {
            return;
        };
        ev.prevent_default();
        if form.has_attribute(BUSY) {
            return;
        }
        let _ = form.set_attribute(BUSY, "");
        // The button that sent it, whose name and value are sent too.
        let submitter = ev
            .dyn_ref::<web_sys::SubmitEvent>()
            .and_then(|e| e.submitter());
        // The sending code is a chunk of its own, fetched once the page is interactive.
        leptos::task::spawn_local(async move { submit(form, submitter, toasts).await });
    }

    /// Fetches the sending code without sending anything.
    pub async fn prefetch() {
        __preload_submit().await;
    }

    /// Sends the form and answers in place. What the button that sent it says
    /// (`data-done`, `data-undo`) goes before what the form says.
    #[leptos::lazy]
    pub async fn submit(
        form: HtmlFormElement,
        submitter: Option<web_sys::HtmlElement>,
        toasts: Toasts,
    ) {
        let attr = |name: &str| {
            submitter
                .as_ref()
                .and_then(|b| b.get_attribute(name))
                .or_else(|| form.get_attribute(name))
        };
        moments(&form);
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            let _ = form.remove_attribute(BUSY);
            return;
        };
        if let Some(b) = &submitter {
            if let Some(name) = b.get_attribute("name").filter(|n| !n.is_empty()) {
                let _ = data.append_with_str(&name, &b.get_attribute("value").unwrap_or_default());
            }
        }
        // What an Undo sends: the same fields, and the answer (see `undo`).
        let sent = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)
            .map(|f| String::from(f.to_string()))
            .unwrap_or_default();
        let restore = waiting(&form);
        let multipart = form.enctype() == "multipart/form-data";
        let answer = post(&form.action(), multipart, data).await;
        restore();
        let _ = form.remove_attribute(BUSY);
        match answer {
            Ok(json) => {
                show_error(&form, None);
                let text = |t: String| t.replace("{}", &answer_text(&json));
                let message = attr("data-done").map(text);
                if let Some(to) = attr("data-then") {
                    if let Some(m) = message {
                        toasts.carry(m);
                    }
                    crate::ui::browser::navigate_hard(&to);
                    return;
                }
                match (message, attr("data-undo")) {
                    (Some(m), Some(path)) => {
                        let field = attr("data-undo-answer").unwrap_or_else(|| "at".into());
                        undo(
                            toasts,
                            m,
                            path,
                            format!("{sent}&{field}={}", answer_text(&json)),
                        );
                    }
                    (Some(m), None) => toasts.success(m),
                    _ => {}
                }
                if let Some(s) = attr("data-status").map(text) {
                    say_instead(&form, &s);
                } else if !form.has_attribute("data-keep") {
                    form.reset();
                }
                crate::ui::behaviour::form_done(&form);
                crate::ui::refresh::refresh();
            }
            Err(e) => show_error(&form, Some(&e.to_string())),
        }
    }

    /// Says `text` with Undo, which posts `fields` (form-encoded) to `path` and brings
    /// the page up to date.
    fn undo(toasts: Toasts, text: String, path: String, fields: String) {
        toasts.undoable(text, move || {
            let (path, fields) = (path.clone(), fields.clone());
            leptos::task::spawn_local(async move {
                match post_encoded(&path, fields).await {
                    Ok(_) => crate::ui::refresh::refresh(),
                    Err(e) => toasts.error(e.to_string()),
                }
            });
        });
    }

    /// A `datetime-local` field with `data-ms-field="NAME"` is sent as the moment it
    /// means in the browser's own time zone, in milliseconds, in the field NAME.
    fn moments(form: &HtmlFormElement) {
        let Ok(list) = form.query_selector_all("input[data-ms-field]") else {
            return;
        };
        for i in 0..list.length() {
            let Some(input) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                continue;
            };
            let Some(name) = input.get_attribute("data-ms-field") else {
                continue;
            };
            let ms = crate::ui::browser::local_datetime_ms(&input.value());
            if let Some(target) = form
                .query_selector(&format!("input[name=\"{name}\"]"))
                .ok()
                .flatten()
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                target.set_value(&ms.map(|m| m.to_string()).unwrap_or_default());
            }
        }
    }

    /// Shows `error` at the end of the form (or takes the one shown away).
    fn show_error(form: &HtmlFormElement, error: Option<&str>) {
        let shown = form.query_selector("[data-form-error]").ok().flatten();
        match (shown, error) {
            (Some(el), Some(text)) => el.set_text_content(Some(text)),
            (Some(el), None) => el.remove(),
            (None, Some(text)) => {
                let Some(doc) = form.owner_document() else {
                    return;
                };
                if let Ok(p) = doc.create_element("p") {
                    let _ = p.set_attribute("class", "form-error");
                    let _ = p.set_attribute("role", "alert");
                    let _ = p.set_attribute("data-form-error", "");
                    p.set_text_content(Some(text));
                    let _ = form.append_child(&p);
                }
            }
            (None, None) => {}
        }
    }

    /// Puts `text` in place of the form, whose work is over.
    fn say_instead(form: &HtmlFormElement, text: &str) {
        let Some(doc) = form.owner_document() else {
            return;
        };
        if let Ok(p) = doc.create_element("p") {
            let _ = p.set_attribute("class", "notice");
            let _ = p.set_attribute("role", "status");
            p.set_text_content(Some(text));
            let _ = form.after_with_node_1(&p);
            let _ = form.set_attribute("hidden", "");
        }
    }

    /// Disables the form's submit buttons and shows their `data-pending` texts; the
    /// returned function puts everything back.
    fn waiting(form: &HtmlFormElement) -> impl FnOnce() + 'static {
        let mut undo: Vec<Box<dyn FnOnce()>> = Vec::new();
        if let Ok(list) = form.query_selector_all("button[type=submit], [data-pending]") {
            for i in 0..list.length() {
                let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                if let Some(button) = el.dyn_ref::<web_sys::HtmlButtonElement>() {
                    if button.type_() == "submit" {
                        let was = button.disabled();
                        button.set_disabled(true);
                        let b = button.clone();
                        undo.push(Box::new(move || b.set_disabled(was)));
                    }
                }
                if let Some(pending) = el.get_attribute("data-pending") {
                    let text = el.text_content();
                    el.set_text_content(Some(&pending));
                    undo.push(Box::new(move || el.set_text_content(text.as_deref())));
                }
            }
        }
        move || undo.into_iter().for_each(|f| f())
    }

    /// Posts `data` to the server function at `path`: its JSON answer, or its error.
    async fn post(
        path: &str,
        multipart: bool,
        data: web_sys::FormData,
    ) -> Result<String, AppError> {
        if !multipart {
            let fields = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)
                .map_err(|_| AppError::Internal)?;
            return post_encoded(path, String::from(fields.to_string())).await;
        }
        let request = gloo_net::http::Request::post(path)
            .header("Accept", "application/json")
            .body(data)
            .map_err(|_| AppError::Internal)?;
        answer(request).await
    }

    /// Posts form-encoded `fields` to the server function at `path`.
    async fn post_encoded(path: &str, fields: String) -> Result<String, AppError> {
        let request = gloo_net::http::Request::post(path)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(fields)
            .map_err(|_| AppError::Internal)?;
        answer(request).await
    }

    /// The JSON answer of `request`, or its error.
    async fn answer(request: gloo_net::http::Request) -> Result<String, AppError> {
        let res = request.send().await.map_err(|_| AppError::Network)?;
        let text = res.text().await.map_err(|_| AppError::Network)?;
        if res.ok() {
            Ok(text)
        } else {
            Err(serde_json::from_str::<AppError>(&text).unwrap_or(AppError::Internal))
        }
    }
}
