//! The activity panel's filters: Unread only, a category (each with its unread count)
//! and a track, typed ahead over the tracks there are notifications about.

use super::state::{use_feed, Feed, PANEL_ID};
use crate::notifications::{Category, Filter};
use leptos::prelude::*;

#[component]
pub(super) fn FilterBar() -> impl IntoView {
    let feed = use_feed();
    let filter = feed.filter;
    let set = move |f: Filter| feed.set_filter(f);
    let unread_only = move |_| {
        let f = filter.get_untracked();
        set(Filter {
            unread: !f.unread,
            ..f
        })
    };
    let category = move |c: Option<Category>| {
        set(Filter {
            category: c,
            ..filter.get_untracked()
        })
    };
    view! {
        <div class="feed-filters" role="group" aria-label="Filters">
            <button type="button" class="filter-chip" aria-pressed=move || filter.with(|f| f.unread).to_string()
                on:click=unread_only>"Unread only"</button>
            <div class="chips" role="group" aria-label="Category">
                <button type="button" class="filter-chip" aria-pressed=move || filter.with(|f| f.category.is_none()).to_string()
                    on:click=move |_| category(None)>"All"</button>
                {Category::ALL.into_iter().map(|c| {
                    let count = move || feed.choices.with(|o| o.as_ref().map_or(0, |ch| ch.unread_in(c)));
                    view! {
                        <button type="button" class="filter-chip" aria-pressed=move || filter.with(|f| f.category == Some(c)).to_string()
                            on:click=move |_| category(Some(c))>
                            {c.label()}
                            <Show when=move || { count() > 0 }>
                                <span class="count" aria-hidden="true">{count}</span>
                                <span class="sr-only">{move || format!(" {} unread", count())}</span>
                            </Show>
                        </button>
                    }
                }).collect_view()}
            </div>
            <TrackFilter feed/>
        </div>
    }
}

/// "Track": a field typed ahead over the tracks with notifications (a browser's own
/// suggestion list); choosing one filters by it, emptying the field shows every track.
#[component]
fn TrackFilter(feed: Feed) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let current = move || {
        let track = feed.filter.with(|f| f.track)?;
        feed.choices.with(|o| {
            o.as_ref()
                .and_then(|c| c.track_title(track))
                .map(str::to_string)
        })
    };
    let choose = move |value: String| {
        let value = value.trim().to_string();
        let f = feed.filter.get_untracked();
        if value.is_empty() {
            problem.set(None);
            feed.set_filter(Filter { track: None, ..f });
            return;
        }
        let found = feed.choices.with_untracked(|o| {
            o.as_ref().and_then(|c| {
                c.tracks
                    .iter()
                    .find(|t| t.title.eq_ignore_ascii_case(&value))
                    .or_else(|| {
                        let lower = value.to_lowercase();
                        let mut like = c
                            .tracks
                            .iter()
                            .filter(|t| t.title.to_lowercase().contains(&lower));
                        match (like.next(), like.next()) {
                            (Some(only), None) => Some(only),
                            _ => None,
                        }
                    })
                    .map(|t| t.id)
            })
        });
        match found {
            Some(id) => {
                problem.set(None);
                feed.set_filter(Filter {
                    track: Some(id),
                    ..f
                });
            }
            None => problem.set(Some(format!(
                "No notifications are about a track called \u{201c}{value}\u{201d}."
            ))),
        }
    };
    view! {
        <div class="track-filter">
            <label for="feed-track-filter">"Track"</label>
            <input id="feed-track-filter" type="search" list="feed-track-choices" placeholder="All tracks"
                autocomplete="off" prop:value=move || current().unwrap_or_default()
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby="feed-track-problem"
                on:change=move |ev| choose(event_target_value(&ev))/>
            <datalist id="feed-track-choices">
                {move || feed.choices.with(|o| o.as_ref().map(|c| c.tracks.iter().map(|t| view! {
                    <option value=t.title.clone()></option>
                }).collect_view()))}
            </datalist>
            <p class="filter-problem" id="feed-track-problem" role="status">{move || problem.get()}</p>
        </div>
    }
}

/// The words an empty filtered view says, and its way out.
#[component]
pub(super) fn NoMatch() -> impl IntoView {
    let feed = use_feed();
    let words = move || {
        let f = feed.filter.get();
        let title = f.track.and_then(|t| {
            feed.choices.with(|o| {
                o.as_ref()
                    .and_then(|c| c.track_title(t))
                    .map(str::to_string)
            })
        });
        format!(
            "Nothing here with these filters: {}.",
            f.describe(title.as_deref())
        )
    };
    view! {
        <div class="empty-state feed-empty">
            <p>{words}</p>
            <button type="button" on:click=move |_| {
                feed.set_filter(Filter::default());
                crate::ui::browser::focus(PANEL_ID);
            }>"Clear filters"</button>
        </div>
    }
}
