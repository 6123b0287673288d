//! The player in the browser: a few listeners in the page's code (`follow`) hand a
//! player's events to its chunk (`act`), fetched once the page is interactive when it has
//! a player (`prefetch`), or on first use.

use crate::ui::behaviour::{listen, target as closest};
use crate::ui::format::clock;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlAudioElement, HtmlElement, KeyboardEvent, MouseEvent};

/// The keys a player answers (when focus is in it and not in a text field).
const KEYS: [&str; 5] = [" ", "ArrowLeft", "ArrowRight", "Home", "End"];
/// How far ← and → move.
const STEP: f64 = 5.0;

/// The player showing (or holding) version `file_id`, if the page has one.
fn player_of(file_id: &str) -> Option<Element> {
    document()
        .query_selector(&format!("[data-player] [data-wave=\"{file_id}\"]"))
        .ok()
        .flatten()
        .and_then(|w| w.closest("[data-player]").ok().flatten())
}

/// Hands the player's events to its chunk; says at once when a file cannot be
/// played in this browser.
pub fn follow() {
    listen("click", |ev| {
        if let Some(link) = closest(&ev, "[data-seek][data-file]") {
            let plain = ev.dyn_ref::<MouseEvent>().is_some_and(|m| {
                m.button() == 0 && !(m.ctrl_key() || m.meta_key() || m.shift_key() || m.alt_key())
            });
            let file = link.get_attribute("data-file").unwrap_or_default();
            // Without a player for it here, the link opens the page cued there.
            if plain && player_of(&file).is_some() {
                ev.prevent_default();
                leptos::task::spawn_local(act(ev));
            }
        } else if closest(&ev, "[data-player] button").is_some() {
            leptos::task::spawn_local(act(ev));
        }
    });
    listen("keydown", |ev| {
        let Some(key) = ev.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if key.ctrl_key() || key.meta_key() || key.alt_key() || !KEYS.contains(&key.key().as_str())
        {
            return;
        }
        let Some(_) = closest(&ev, "[data-player]") else {
            return;
        };
        // Space on a button presses it (a click); in a field it is typing.
        let pressable = closest(&ev, "button, input, textarea, select, a").is_some();
        if pressable && (key.key() == " " || closest(&ev, "input, textarea, select").is_some()) {
            return;
        }
        ev.prevent_default();
        leptos::task::spawn_local(act(ev));
    });
    listen("pointerdown", |ev| {
        let primary = ev.dyn_ref::<MouseEvent>().is_some_and(|m| m.button() == 0);
        if primary && closest(&ev, "[data-player] [data-seek-bar]").is_some() {
            leptos::task::spawn_local(act(ev));
        }
    });
    check_support();
    crate::ui::behaviour::on_page_change(check_support);
}

/// Fetches the player's code when the page has a player.
pub async fn prefetch() {
    if document()
        .query_selector("[data-player]")
        .ok()
        .flatten()
        .is_some()
    {
        __preload_act().await;
    }
}

/// Shows "cannot play" beside each file whose type this browser says it cannot play.
fn check_support() {
    let Ok(list) = document().query_selector_all("[data-player] audio[data-mime]") else {
        return;
    };
    for i in 0..list.length() {
        let Some(audio) = list
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlAudioElement>().ok())
        else {
            continue;
        };
        let mime = audio.get_attribute("data-mime").unwrap_or_default();
        if mime.starts_with("audio/") && audio.can_play_type(&mime).is_empty() {
            if let Some(root) = audio.closest("[data-player]").ok().flatten() {
                cannot_play(&root);
            }
        }
    }
}

fn cannot_play(root: &Element) {
    if let Ok(Some(note)) = root.query_selector("[data-cannot-play]") {
        let _ = note.remove_attribute("hidden");
    }
}

/// One player on the page: its element and its audio.
#[derive(Clone)]
struct Player {
    root: Element,
    audio: HtmlAudioElement,
}

impl Player {
    fn of(root: Element) -> Option<Player> {
        let audio = root
            .query_selector("audio")
            .ok()
            .flatten()?
            .dyn_into::<HtmlAudioElement>()
            .ok()?;
        let p = Player { root, audio };
        p.attach();
        Some(p)
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// The version shown.
    fn wave(&self) -> Option<Element> {
        self.find(".wave:not([hidden])")
    }

    /// Its length in seconds: the browser's, or the analysis's until it knows.
    fn duration(&self) -> f64 {
        let d = self.audio.duration();
        if d.is_finite() && d > 0.0 {
            return d;
        }
        self.wave()
            .and_then(|w| w.get_attribute("data-duration"))
            .and_then(|d| d.parse::<i64>().ok())
            .map(|ms| ms as f64 / 1000.0)
            .unwrap_or(0.0)
    }

    /// Listens to its audio (once).
    fn attach(&self) {
        if self.root.has_attribute("data-ready") {
            return;
        }
        let _ = self.root.set_attribute("data-ready", "");
        for name in [
            "timeupdate",
            "seeked",
            "loadedmetadata",
            "durationchange",
            "play",
            "pause",
            "ended",
        ] {
            let p = self.clone();
            let cb = Closure::<dyn Fn(Event)>::new(move |ev: Event| {
                if ev.type_() == "play" {
                    p.only_one();
                }
                p.render();
            });
            let _ = self
                .audio
                .add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            cb.forget();
        }
        let root = self.root.clone();
        let cb = Closure::<dyn Fn(Event)>::new(move |_| cannot_play(&root));
        let _ = self
            .audio
            .add_event_listener_with_callback("error", cb.as_ref().unchecked_ref());
        cb.forget();
        // Another tab started playing: this one stops.
        if let Ok(channel) = web_sys::BroadcastChannel::new("pd-player") {
            let audio = self.audio.clone();
            let cb = Closure::<dyn Fn(Event)>::new(move |_| {
                let _ = audio.pause();
            });
            channel.set_onmessage(Some(cb.as_ref().unchecked_ref()));
            cb.forget();
            // Kept for posting.
            let _ = js_sys::Reflect::set(&self.audio, &JsValue::from_str("__pdChannel"), &channel);
        }
    }

    /// Stops every other player, on this page and in other tabs.
    fn only_one(&self) {
        if let Ok(list) = document().query_selector_all("audio") {
            for i in 0..list.length() {
                if let Some(a) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlAudioElement>().ok())
                {
                    if !a.is_same_node(Some(&self.audio)) {
                        let _ = a.pause();
                    }
                }
            }
        }
        if let Ok(channel) = js_sys::Reflect::get(&self.audio, &JsValue::from_str("__pdChannel")) {
            if let Ok(channel) = channel.dyn_into::<web_sys::BroadcastChannel>() {
                let _ = channel.post_message(&JsValue::from_str("playing"));
            }
        }
    }

    fn play(&self) {
        self.only_one();
        if let Ok(promise) = self.audio.play() {
            let root = self.root.clone();
            let failed = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                // Not allowed yet (no gesture) is not "cannot play".
                let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
                    .ok()
                    .and_then(|n| n.as_string())
                    .unwrap_or_default();
                if name == "NotSupportedError" {
                    cannot_play(&root);
                }
            });
            let _ = promise.catch(&failed);
            failed.forget();
        }
    }

    fn toggle(&self) {
        if self.audio.paused() {
            self.play();
        } else {
            let _ = self.audio.pause();
        }
    }

    fn seek(&self, seconds: f64) {
        let d = self.duration();
        let t = if d > 0.0 {
            seconds.clamp(0.0, d)
        } else {
            seconds.max(0.0)
        };
        self.audio.set_current_time(t);
        self.render_at(t);
    }

    /// Shows version `file_id`, keeping the playhead (and playing on if it was).
    fn switch(&self, file_id: &str, keep: bool) {
        let Some(wave) = self.find(&format!("[data-wave=\"{file_id}\"]")) else {
            return;
        };
        if self.audio.get_attribute("data-file").as_deref() == Some(file_id) {
            return;
        }
        let (t, playing) = (self.audio.current_time(), !self.audio.paused());
        if let Ok(list) = self.root.query_selector_all("[data-wave]") {
            for i in 0..list.length() {
                if let Some(w) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = if w.is_same_node(Some(&wave)) {
                        w.remove_attribute("hidden")
                    } else {
                        w.set_attribute("hidden", "")
                    };
                }
            }
        }
        if let Ok(list) = self.root.query_selector_all("[data-version]") {
            for i in 0..list.length() {
                if let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let on = b.get_attribute("data-version").as_deref() == Some(file_id);
                    let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
                }
            }
        }
        let src = wave.get_attribute("data-src").unwrap_or_default();
        let name = wave.get_attribute("data-name").unwrap_or_default();
        let _ = self.audio.set_attribute("data-file", file_id);
        let _ = self.root.set_attribute("data-player", file_id);
        self.audio.set_src(&src);
        if keep {
            // Before the new file's length is known: where it starts once it is.
            self.audio.set_current_time(t);
        }
        // The file row shows the version heard: its name, download and number.
        if let Some(line) = self.root.closest(".file-line").ok().flatten() {
            if let Ok(Some(a)) = line.query_selector("[data-download]") {
                let _ = a.set_attribute("href", &src);
                let _ = a.set_attribute("download", &name);
                a.set_text_content(Some(&name));
            }
            if let Ok(Some(pill)) = line.query_selector("[data-version-pill]") {
                let n = wave
                    .get_attribute("data-version-number")
                    .unwrap_or_default();
                pill.set_text_content(Some(&format!("v{n}")));
            }
        }
        if playing {
            self.play();
        }
        self.render_at(if keep { t } else { 0.0 });
    }

    fn render(&self) {
        self.render_at(self.audio.current_time());
    }

    /// Shows the playhead at `t` seconds: times, slider, played part, buttons.
    fn render_at(&self, t: f64) {
        let d = self.duration();
        let ms = (t * 1000.0) as i64;
        if let Some(now) = self.find("[data-now]") {
            now.set_text_content(Some(&clock(ms)));
        }
        if d > 0.0 {
            if let Some(total) = self.find("[data-total]") {
                total.set_text_content(Some(&clock((d * 1000.0) as i64)));
            }
        }
        if let Some(wave) = self.wave() {
            if let Ok(Some(bar)) = wave.query_selector("[data-seek-bar]") {
                let _ = bar.set_attribute("aria-valuenow", &(t as i64).to_string());
                if d > 0.0 {
                    let _ = bar.set_attribute("aria-valuemax", &(d as i64).to_string());
                    let _ = bar.set_attribute(
                        "aria-valuetext",
                        &format!("{} of {}", clock(ms), clock((d * 1000.0) as i64)),
                    );
                }
            }
            if let (Ok(Some(rect)), Ok(Some(svg))) = (
                wave.query_selector("clipPath rect"),
                wave.query_selector("svg"),
            ) {
                let bars = svg
                    .get_attribute("viewBox")
                    .and_then(|v| v.split(' ').nth(2).and_then(|w| w.parse::<i64>().ok()))
                    .unwrap_or(0);
                // In tenths of a bar (whole numbers: no float formatting in the code).
                let tenths = if d > 0.0 {
                    ((t / d).clamp(0.0, 1.0) * bars as f64 * 10.0) as i64
                } else {
                    0
                };
                let width = format!("{}.{}", tenths / 10, tenths % 10);
                let _ = rect.set_attribute("width", &width);
            }
        }
        let playing = !self.audio.paused();
        if let Some(b) = self.find("[data-play]") {
            let label = b.get_attribute("aria-label").unwrap_or_default();
            let name = label
                .strip_prefix("Play ")
                .or_else(|| label.strip_prefix("Pause "))
                .unwrap_or(&label)
                .to_string();
            let _ = b.set_attribute(
                "aria-label",
                &format!("{} {name}", if playing { "Pause" } else { "Play" }),
            );
            let _ = b.set_attribute("aria-pressed", if playing { "true" } else { "false" });
        }
        if let Some(b) = self.find("[data-comment-at]") {
            b.set_text_content(Some(&format!("Comment at {}", clock(ms))));
        }
    }

    /// Seeks to where `x` (a pointer's position) falls on the slider.
    fn seek_to_pointer(&self, bar: &Element, x: f64) {
        let r = bar.get_bounding_client_rect();
        if r.width() > 0.0 {
            self.seek((x - r.left()) / r.width() * self.duration());
        }
    }

    /// Pins the comment form to the playhead, and puts the cursor in it.
    fn comment_here(&self) {
        let _ = self.audio.pause();
        let doc = document();
        let file = self.audio.get_attribute("data-file").unwrap_or_default();
        let at = clock((self.audio.current_time() * 1000.0) as i64);
        let select = doc
            .query_selector("form select[name=file_id]")
            .ok()
            .flatten()
            .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok());
        let Some(select) = select else {
            return;
        };
        select.set_value(&file);
        let form = select.closest("form").ok().flatten();
        if let Some(form) = &form {
            if let Some(input) = form
                .query_selector("input[name=at]")
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(&at);
            }
            if let Some(body) = form
                .query_selector("textarea[name=body]")
                .ok()
                .flatten()
                .and_then(|t| t.dyn_into::<HtmlElement>().ok())
            {
                body.scroll_into_view();
                let _ = body.focus();
            }
        }
    }
}

/// Does what an event on a player asks.
#[leptos::lazy]
fn act(ev: Event) {
    // A moment: its player shows that version there, and plays.
    if let Some(link) = closest(&ev, "[data-seek][data-file]") {
        let file = link.get_attribute("data-file").unwrap_or_default();
        let ms = link
            .get_attribute("data-seek")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0) as f64;
        if let Some(p) = player_of(&file).and_then(Player::of) {
            p.switch(&file, false);
            p.seek(ms / 1000.0);
            p.play();
        }
        return;
    }
    let Some(p) = closest(&ev, "[data-player]").and_then(Player::of) else {
        return;
    };
    match ev.type_().as_str() {
        "keydown" => {
            let key = ev
                .dyn_ref::<KeyboardEvent>()
                .map(|k| k.key())
                .unwrap_or_default();
            let t = p.audio.current_time();
            match key.as_str() {
                " " => p.toggle(),
                "ArrowLeft" => p.seek(t - STEP),
                "ArrowRight" => p.seek(t + STEP),
                "Home" => p.seek(0.0),
                "End" => p.seek(p.duration()),
                _ => {}
            }
        }
        "pointerdown" => {
            let (Some(bar), Some(pe)) = (
                closest(&ev, "[data-seek-bar]"),
                ev.dyn_ref::<web_sys::PointerEvent>(),
            ) else {
                return;
            };
            p.seek_to_pointer(&bar, f64::from(pe.client_x()));
            // Dragging follows the pointer until it is let go.
            let _ = bar.set_pointer_capture(pe.pointer_id());
            if !bar.has_attribute("data-drag") {
                let _ = bar.set_attribute("data-drag", "");
                let (p, target) = (p.clone(), bar.clone());
                let cb = Closure::<dyn Fn(Event)>::new(move |ev: Event| {
                    if let Some(pe) = ev.dyn_ref::<web_sys::PointerEvent>() {
                        if target.has_pointer_capture(pe.pointer_id()) {
                            p.seek_to_pointer(&target, f64::from(pe.client_x()));
                        }
                    }
                });
                let _ = bar
                    .add_event_listener_with_callback("pointermove", cb.as_ref().unchecked_ref());
                cb.forget();
            }
            if let Some(b) = bar.dyn_ref::<HtmlElement>() {
                let _ = b.focus();
            }
        }
        _ => {
            if closest(&ev, "[data-play]").is_some() {
                p.toggle();
            } else if let Some(v) = closest(&ev, "[data-version]") {
                let id = v.get_attribute("data-version").unwrap_or_default();
                p.switch(&id, true);
            } else if closest(&ev, "[data-comment-at]").is_some() {
                p.comment_here();
            }
        }
    }
}
