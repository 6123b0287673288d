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
