//! Tracks UI: the grid on the dashboard and the detail page with its widgets.

mod detail;
mod grid;

pub use detail::TrackPage;
pub use grid::DashboardPage;

use crate::ui::icons::{Icon, IconKind};
use leptos::prelude::*;

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
