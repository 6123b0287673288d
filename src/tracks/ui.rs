//! Track widgets other parts of the app show: artwork, the person fields of a form,
//! and the live file-sync progress of this page.

use crate::ui::icons::{Icon, IconKind};
use leptos::prelude::*;

/// File sync as the server pushes it to this page: progress per track, and the files
/// that finished syncing to me since the page loaded.
#[derive(Clone, Copy)]
pub struct LiveSync {
    pub progress: RwSignal<Vec<(i64, crate::tracks::SyncProgress)>>,
    pub files_synced: RwSignal<Vec<i64>>,
}

impl LiveSync {
    pub fn provide() -> LiveSync {
        let live = LiveSync {
            progress: RwSignal::new(Vec::new()),
            files_synced: RwSignal::new(Vec::new()),
        };
        provide_context(live);
        live
    }

    /// The live sync progress of a track, if the server pushed any.
    pub fn of(&self, track_id: i64) -> Option<crate::tracks::SyncProgress> {
        self.progress
            .with(|s| s.iter().find(|(t, _)| *t == track_id).map(|(_, p)| *p))
    }

    /// Progress pushed for one file of a track (totals for the whole track).
    pub fn arrive(
        &self,
        track_id: i64,
        file_id: i64,
        file_done: bool,
        progress: crate::tracks::SyncProgress,
    ) {
        self.progress.update(|s| {
            s.retain(|(t, _)| *t != track_id);
            s.push((track_id, progress));
        });
        if file_done {
            self.files_synced.update(|f| f.push(file_id));
        }
    }
}

/// A track's artwork, or a placeholder icon when none is set.
#[component]
pub fn Artwork(
    track_id: i64,
    version: Option<i64>,
    title: String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    match version {
        Some(v) => view! {
            <img class="artwork" class:large=large src=format!("/media/artwork/{track_id}?v={v}") alt=format!("Artwork for {title}") loading="lazy"/>
        }
        .into_any(),
        None => view! {
            <div class="artwork placeholder" class:large=large role="img" aria-label=format!("{title} has no artwork")>
                <Icon kind=IconKind::Music/>
            </div>
        }
        .into_any(),
    }
}

/// The fields that add a person to a track or project: their email and a permission
/// (edit preselected).
#[component]
pub fn PersonFields() -> impl IntoView {
    use crate::tracks::Permission;
    view! {
        <div class="form-row">
            <label>"Email"<input type="email" name="email" required autocomplete="off"/></label>
            <label>"Permission"
                <select name="permission" aria-label="Permission">
                    {Permission::ALL.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=p == Permission::Edit>{p.label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// Where a tile shows its track's files syncing to me: the server's figure at load, then
/// the live one the stream pushes (`follow_sync`).
#[component]
pub fn SyncIndicator(track_id: i64, initial: Option<crate::tracks::SyncProgress>) -> impl IntoView {
    let bar = initial.filter(|p| p.files_left > 0).map(|p| {
        let (pct, text) = sync_text(&p);
        view! {
            <div class="sync-bar" role="progressbar" data-awaits-live="" aria-label="Syncing files"
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string() aria-valuetext=text>
                <span class="sync-fill" style=format!("width: {pct}%")></span>
                <span class="sync-text">{format!("Syncing files · {pct}%")}</span>
            </div>
        }
    });
    view! { <div class="sync-slot" data-sync-track=track_id.to_string()>{bar}</div> }
}

/// A progress's percentage and its words ("40% synced, 2 files left").
fn sync_text(p: &crate::tracks::SyncProgress) -> (i64, String) {
    let pct = p.percent();
    let files = if p.files_left == 1 {
        "1 file left".to_string()
    } else {
        format!("{} files left", p.files_left)
    };
    (pct, format!("{pct}% synced, {files}"))
}

/// Keeps every tile's sync progress on the page as the stream pushes it (and again when
/// a refresh put new tiles in place).
#[cfg(feature = "hydrate")]
pub fn follow_sync(live: LiveSync) {
    let show = move || {
        live.progress.with_untracked(|all| {
            for (track, p) in all {
                show_progress(*track, p);
            }
        })
    };
    Effect::new(move |_| {
        live.progress.track();
        show();
    });
    crate::ui::behaviour::on_page_change(show);
}

#[cfg(feature = "hydrate")]
fn show_progress(track: i64, p: &crate::tracks::SyncProgress) {
    let doc = document();
    let Ok(Some(slot)) = doc.query_selector(&format!("[data-sync-track=\"{track}\"]")) else {
        return;
    };
    if p.files_left <= 0 {
        slot.set_inner_html("");
        return;
    }
    let (pct, text) = sync_text(p);
    let bar = match slot.first_element_child() {
        Some(bar) => bar,
        None => {
            let Ok(bar) = doc.create_element("div") else {
                return;
            };
            for (k, v) in [
                ("class", "sync-bar"),
                ("role", "progressbar"),
                ("aria-label", "Syncing files"),
                ("aria-valuemin", "0"),
                ("aria-valuemax", "100"),
            ] {
                let _ = bar.set_attribute(k, v);
            }
            for class in ["sync-fill", "sync-text"] {
                if let Ok(span) = doc.create_element("span") {
                    let _ = span.set_attribute("class", class);
                    let _ = bar.append_child(&span);
                }
            }
            let _ = slot.append_child(&bar);
            bar
        }
    };
    let _ = bar.set_attribute("aria-valuenow", &pct.to_string());
    let _ = bar.set_attribute("aria-valuetext", &text);
    if let Some(fill) = bar.first_element_child() {
        let _ = fill.set_attribute("style", &format!("width: {pct}%"));
        if let Some(words) = fill.next_element_sibling() {
            words.set_text_content(Some(&format!("Syncing files · {pct}%")));
        }
    }
}
