//! The feed as this tab knows it, kept current by the live stream.

use crate::error::AppError;
use crate::notifications::api::get_filter_choices;
use crate::notifications::api::{get_feed, get_group};
use crate::notifications::live::Change;
use crate::notifications::{Badges, Filter, FilterChoices, Notification};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// The feed as this tab knows it: filled from the server when the panel first opens,
/// then kept current by the live stream.
#[derive(Clone, Copy)]
pub struct Feed {
    pub items: RwSignal<Vec<Notification>>,
    /// Keyset cursor of the next page (`None`: no more).
    pub next: RwSignal<Option<i64>>,
    pub loaded: RwSignal<bool>,
    pub loading: RwSignal<bool>,
    /// The last load failed even after retrying (the panel says so and offers to retry).
    pub failed: RwSignal<bool>,
    /// Read out by the polite live region when something new arrives.
    pub announcement: RwSignal<String>,
    /// The header badges: unread notifications and pending invitations.
    pub badges: RwSignal<Badges>,
    /// The groups opened in place: their notifications, newest first.
    pub expanded: RwSignal<HashMap<i64, Vec<Notification>>>,
    /// Which rows the panel shows (remembered by this browser).
    pub filter: RwSignal<Filter>,
    /// What the filters offer: unread per category, the tracks there are notifications
    /// about (loaded with the panel, kept in step with the badge).
    pub choices: RwSignal<Option<FilterChoices>>,
    /// The rows selected to act on together (their groups, in the order chosen), and the
    /// last one ticked (where a Shift-click range starts).
    pub selected: RwSignal<Vec<i64>>,
    anchor: RwSignal<Option<i64>>,
}

/// The panel's element id (focus returns to it when the control that had it goes away).
#[cfg(feature = "hydrate")]
pub(super) const PANEL_ID: &str = "feed-panel";

/// Where this browser keeps the panel's last filter (as a URL query).
const FILTER_KEY: &str = "pd-feed-filter";

/// The filter this browser last chose, if it still reads as one.
fn remembered_filter() -> Filter {
    let Some(query) = crate::ui::browser::stored(FILTER_KEY) else {
        return Filter::default();
    };
    let value = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    Filter::parse(
        value("unread").as_deref(),
        value("category").as_deref(),
        value("track").as_deref(),
    )
    .unwrap_or_default()
}

/// The server refused the request as asked (trying again would not help).
fn refused(e: &AppError) -> bool {
    matches!(e, AppError::Invalid(_) | AppError::NotFound(_))
}

/// The filter's three values as the feed's server function takes them.
fn filter_args(f: &Filter) -> (Option<String>, Option<String>, Option<String>) {
    (
        f.unread.then(|| "1".to_string()),
        f.category.map(|c| c.as_str().to_string()),
        f.track.map(|t| t.to_string()),
    )
}

impl Feed {
    pub fn provide() -> Feed {
        let feed = Feed {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loaded: RwSignal::new(false),
            loading: RwSignal::new(false),
            failed: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            badges: RwSignal::new(Badges::default()),
            expanded: RwSignal::new(HashMap::new()),
            filter: RwSignal::new(remembered_filter()),
            choices: RwSignal::new(None),
            selected: RwSignal::new(Vec::new()),
            anchor: RwSignal::new(None),
        };
        provide_context(feed);
        feed
    }

    /// A notification pushed by the stream. It joins its group's row (the newest row,
    /// so nothing moves down) or starts a new row at the top; never twice.
    pub fn arrive(&self, n: Notification) {
        // In quiet hours nothing pops up (it waits in the feed, marked).
        if !n.quiet {
            if n.high_priority {
                crate::ui::browser::desktop::show(&n.title, &n.message, &format!("pd-{}", n.id));
            }
            self.announcement
                .set(format!("New notification: {}. {}", n.title, n.message));
        }
        if !self.loaded.get_untracked() {
            return;
        }
        if !self.filter.with_untracked(|f| f.shows(&n)) {
            return;
        }
        self.expanded.update(|open| {
            if let Some(items) = open.get_mut(&n.group.id) {
                if !items.iter().any(|i| i.id == n.id) {
                    items.insert(0, n.clone());
                }
            }
        });
        self.items.update(
            |items| match items.iter().position(|i| i.group.id == n.group.id) {
                Some(at) if items[at].id < n.id => items[at] = n,
                Some(_) => {}
                None => items.insert(0, n),
            },
        );
    }

    pub fn apply(&self, change: Change) {
        if change == Change::Reload {
            self.reload();
            return;
        }
        if let Change::GroupGone(group) = change {
            self.selected.update(|s| s.retain(|g| *g != group));
        }
        let read = |n: &mut Notification| {
            n.read = true;
            n.group.unread = 0;
        };
        match &change {
            Change::Read(ids) => self.each_single(|n| {
                if ids.contains(&n.id) {
                    n.read = true
                }
            }),
            Change::AllRead => self.each_single(read),
            Change::Invitation { id, status } => self.each_single(|n| {
                if n.invitation_id == Some(*id) {
                    n.invitation_status = Some(*status)
                }
            }),
            Change::Dismissed(id) => self.expanded.update(|open| {
                open.values_mut()
                    .for_each(|items| items.retain(|n| n.id != *id))
            }),
            Change::GroupGone(group) => self.expanded.update(|open| {
                open.remove(group);
            }),
            _ => {}
        }
        let filter = self.filter.get_untracked();
        self.items.update(|items| match change {
            Change::Read(ids) => items
                .iter_mut()
                .filter(|n| ids.contains(&n.id))
                .for_each(|n| {
                    n.read = true;
                    if n.group.size == 1 {
                        n.group.unread = 0;
                    }
                }),
            Change::AllRead => items.iter_mut().for_each(read),
            Change::Dismissed(id) => items.retain(|n| n.id != id || n.group.size > 1),
            Change::GroupGone(group) => items.retain(|n| n.group.id != group),
            Change::Group(row) => match items.iter().position(|n| n.group.id == row.group.id) {
                Some(at) if items[at].group.position == row.group.position => items[at] = *row,
                // Back from a snooze (at the top), restored, or back in view: where it belongs.
                found => {
                    if let Some(at) = found {
                        items.remove(at);
                    }
                    let at = items
                        .iter()
                        .position(|n| n.group.position < row.group.position)
                        .unwrap_or(items.len());
                    if at == 0 && found.is_none() {
                        let title = row.group.title.as_deref().unwrap_or(&row.title);
                        self.announcement
                            .set(format!("Back in your activity: {title}."));
                    }
                    // Shown only in a view it belongs to (a row already shown stays,
                    // even if read while "Unread only" is on).
                    let belongs = filter.holds(&row) && (found.is_some() || filter.shows(&row));
                    if belongs && (at < items.len() || self.next.get_untracked().is_none()) {
                        items.insert(at, *row);
                    }
                }
            },
            Change::Invitation { id, status } => items
                .iter_mut()
                .filter(|n| n.invitation_id == Some(id))
                .for_each(|n| n.invitation_status = Some(status)),
            Change::Reload => {}
            Change::Tracks
            | Change::Sync { .. }
            | Change::Analysed { .. }
            | Change::Muted
            | Change::Preferences(_)
            | Change::Me(_) => {}
        });
    }

    /// Applies `f` to every notification shown inside an opened group.
    fn each_single(&self, f: impl Fn(&mut Notification)) {
        self.expanded
            .update(|open| open.values_mut().flatten().for_each(&f));
    }

    /// Opens a group in place (loading its notifications), or closes it.
    pub fn toggle_group(&self, group: i64) {
        if self
            .expanded
            .with_untracked(|open| open.contains_key(&group))
        {
            self.expanded.update(|open| {
                open.remove(&group);
            });
            return;
        }
        let feed = *self;
        spawn_local(async move {
            if let Ok(page) = get_group(group, None).await {
                feed.expanded.update(|open| {
                    open.insert(group, page.items);
                });
            }
        });
    }

    /// Ticks or unticks the row of `group`; with `range` (Shift), every row from the last
    /// one ticked to it, all as this one now is.
    pub fn toggle_selected(&self, group: i64, range: bool) {
        let order: Vec<i64> = self
            .items
            .with_untracked(|items| items.iter().map(|n| n.group.id).collect());
        let at = |g: i64| order.iter().position(|o| *o == g);
        let from = self.anchor.get_untracked().filter(|_| range).and_then(at);
        self.selected.update(|sel| {
            let on = !sel.contains(&group);
            let span = match (from, at(group)) {
                (Some(a), Some(b)) => order[a.min(b)..=a.max(b)].to_vec(),
                _ => vec![group],
            };
            for g in span {
                if !on {
                    sel.retain(|s| *s != g);
                } else if !sel.contains(&g) {
                    sel.push(g);
                }
            }
        });
        self.anchor.set(Some(group));
    }

    pub fn clear_selection(&self) {
        self.selected.set(Vec::new());
        self.anchor.set(None);
    }

    /// Forgets what it shows; the panel loads it again (at once if it is open).
    pub fn reload(&self) {
        self.clear_selection();
        self.expanded.set(HashMap::new());
        self.failed.set(false);
        self.loaded.set(false);
    }

    /// Shows only the rows `filter` lets through (from its first page), and remembers it.
    pub fn set_filter(&self, filter: Filter) {
        if self.filter.get_untracked() == filter {
            return;
        }
        crate::ui::browser::store(FILTER_KEY, &filter.query(&[]));
        self.filter.set(filter);
        // The panel loads the first page of the new view (or, if a page of the old one
        // is on its way, once it is back).
        self.reload();
    }

    /// Loads what the filters offer (again: the counts moved).
    pub fn load_choices(&self) {
        let feed = *self;
        spawn_local(async move {
            if let Ok(choices) = get_filter_choices().await {
                feed.choices.set(Some(choices));
            }
        });
    }

    /// Loads the first page (`fresh`) or the next one.
    pub fn load_more(&self, fresh: bool) {
        if self.loading.get_untracked() || (!fresh && self.next.get_untracked().is_none()) {
            return;
        }
        let feed = *self;
        let before = if fresh {
            None
        } else {
            self.next.get_untracked()
        };
        let filter = self.filter.get_untracked();
        feed.loading.set(true);
        feed.failed.set(false);
        spawn_local(async move {
            let fetch = || {
                let (unread, category, track) = filter_args(&filter);
                get_feed(before, unread, category, track)
            };
            // A request that fails (a dropped connection, a server restarting) is tried
            // twice more before the panel says so.
            let mut result = fetch().await;
            for wait in [500, 1_500] {
                if result.is_ok() || matches!(result, Err(ref e) if refused(e)) {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(wait).await;
                result = fetch().await;
            }
            if feed.filter.get_untracked() != filter {
                // The filter changed meanwhile: this page is of another view.
                feed.loading.set(false);
                if !feed.loaded.get_untracked() {
                    feed.load_more(true);
                }
                return;
            }
            if let Err(e) = &result {
                if refused(e) && filter.is_on() {
                    // A remembered filter that no longer applies (its track has no
                    // notifications left): show everything instead.
                    feed.loading.set(false);
                    feed.set_filter(Filter::default());
                    feed.load_more(true);
                    return;
                }
            }
            if let Ok(page) = result {
                feed.items.update(|items| {
                    if fresh {
                        items.clear();
                    }
                    for n in page.items {
                        if !items.iter().any(|i| i.id == n.id) {
                            items.push(n);
                        }
                    }
                });
                feed.next.set(page.next);
                feed.loaded.set(true);
            } else {
                feed.failed.set(true);
            }
            feed.loading.set(false);
        });
    }
}

#[cfg(feature = "hydrate")]
pub(super) fn use_feed() -> Feed {
    expect_context::<Feed>()
}
