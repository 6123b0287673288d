//! Server functions for the feed: a page of it (one row per group), a group's own
//! notifications, mark read (one, a group, all), dismiss (one, a group), snooze a group;
//! and taking each back: Undo, the Dismissed view and its Restore.

#[cfg(feature = "ssr")]
use super::live::Change;
use super::{FeedPage, FilterChoices};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the feed, newest group first, before the group position `before`, with the
/// filters as a URL carries them (`unread=1`, `category=deadline`, `track=7`). An unknown
/// value is 400; a track the user has no notifications about is 404.
#[server(endpoint = "notifications/feed")]
pub async fn get_feed(
    before: Option<i64>,
    unread: Option<String>,
    category: Option<String>,
    track: Option<String>,
) -> Result<FeedPage, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let filter = super::Filter::parse(unread.as_deref(), category.as_deref(), track.as_deref())
        .map_err(AppError::invalid)?;
    if let Some(track) = filter.track {
        let mut db = state.pool.acquire().await?;
        if !super::store::has_track(&mut db, user.id, track).await? {
            return Err(AppError::not_found(
                "You have no notifications about that track.",
            ));
        }
    }
    super::store::page(&state.pool, user.id, before, super::PAGE_SIZE, &filter).await
}

/// What the feed's filters offer the user: each category's unread count and the tracks
/// they have notifications about.
#[server(endpoint = "notifications/filters")]
pub async fn get_filter_choices() -> Result<FilterChoices, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut db = state.pool.acquire().await?;
    Ok(FilterChoices {
        unread: super::store::unread_by_category(&mut db, user.id).await?,
        tracks: super::store::tracks_in_feed(&mut db, user.id, MAX_TRACK_CHOICES).await?,
    })
}

/// The most tracks the track filter lists.
pub const MAX_TRACK_CHOICES: i64 = 500;

/// The notifications of one group, newest first, before the notification id `before`
/// (empty for a group that is not the user's).
#[server(endpoint = "notifications/group")]
pub async fn get_group(group: i64, before: Option<i64>) -> Result<FeedPage, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    super::store::group_items(&state.pool, user.id, group, before, super::PAGE_SIZE).await
}

/// Pushes the group as it stands now (or that it is gone) to every tab of the user.
#[cfg(feature = "ssr")]
pub async fn tell_group(
    work: &mut crate::platform::db::Work,
    user_id: i64,
    group: i64,
) -> Result<(), AppError> {
    let change = match super::store::group_row(work.db(), user_id, group).await? {
        Some(row) => Change::Group(Box::new(row)),
        None => Change::GroupGone(group),
    };
    work.push(user_id, &change);
    Ok(())
}

/// Marks one notification read (404 when it is not the user's, missing or dismissed).
#[server(endpoint = "notifications/read")]
pub async fn mark_read(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        if let Some(group) = super::store::mark_read(work.db(), user.id, id, now).await? {
            work.push(user.id, &Change::Read(vec![id]));
            tell_group(work, user.id, group).await?;
        }
        Ok(())
    })
    .await
}

/// Marks every notification of a group read (404 when it is not the user's).
#[server(endpoint = "notifications/read_group")]
pub async fn mark_group_read(group: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        let ids = super::store::read_group(work.db(), user.id, group, now).await?;
        if !ids.is_empty() {
            work.push(user.id, &Change::Read(ids));
            tell_group(work, user.id, group).await?;
        }
        Ok(())
    })
    .await
}

/// Marks every notification read. Answers with the time it did, which its Undo
/// (`unread_again`) names.
#[server(endpoint = "notifications/read_all")]
pub async fn mark_all_read() -> Result<i64, AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::mark_all_read(work.db(), user.id, now).await?;
        work.push(user.id, &Change::AllRead);
        Ok(now)
    })
    .await
}

/// Undoes Mark all as read done at `at`: what it marked read is unread again (409 when
/// all of it changed since).
#[server(endpoint = "notifications/unread_again")]
pub async fn unread_again(at: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        super::store::undo::unread_again(work.db(), user.id, at).await?;
        work.push(user.id, &Change::Reload);
        Ok(())
    })
    .await
}

/// Dismisses one notification without opening it.
#[server(endpoint = "notifications/dismiss")]
pub async fn dismiss(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        let group = super::store::dismiss(work.db(), user.id, id, now).await?;
        work.push(user.id, &Change::Dismissed(id));
        tell_group(work, user.id, group).await
    })
    .await
}

/// Dismisses every notification of a group (404 when it is not the user's). Answers
/// with the time it did, which its Undo (`restore_group`) names.
#[server(endpoint = "notifications/dismiss_group")]
pub async fn dismiss_group(group: i64) -> Result<i64, AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::dismiss_group(work.db(), user.id, group, now).await?;
        work.push(user.id, &Change::GroupGone(group));
        Ok(now)
    })
    .await
}

/// Brings back one dismissed notification (the Dismissed view's Restore, the Undo of a
/// dismissed row): 404 when it is not the user's or was purged, 409 when not dismissed.
#[server(endpoint = "notifications/restore")]
pub async fn restore(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let group = super::store::undo::restore(work.db(), user.id, id).await?;
        tell_group(work, user.id, group).await
    })
    .await
}

/// Undoes dismissing a group at `at`: what that dismissal took comes back (409 when
/// nothing of it is dismissed any more).
#[server(endpoint = "notifications/restore_group")]
pub async fn restore_group(group: i64, at: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        super::store::undo::restore_group(work.db(), user.id, group, at).await?;
        tell_group(work, user.id, group).await
    })
    .await
}

/// The Dismissed view: notifications dismissed in the last 30 days, newest first,
/// before the notification id `before`.
#[server(endpoint = "notifications/dismissed")]
pub async fn get_dismissed(before: Option<i64>) -> Result<FeedPage, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let since = state.clock.now_ms() - super::store::undo::KEPT_DISMISSED_MS;
    let mut items =
        super::store::undo::dismissed(&state.pool, user.id, since, before, super::PAGE_SIZE + 1)
            .await?;
    let next = (items.len() as i64 > super::PAGE_SIZE).then(|| {
        items.truncate(super::PAGE_SIZE as usize);
        items.last().map_or(0, |n| n.id)
    });
    Ok(FeedPage { items, next })
}

/// The longest a snooze may last.
pub const MAX_SNOOZE_MS: i64 = 31 * 24 * 3_600_000;

/// Takes a group out of the feed and off the badge until `until` (ms since the epoch,
/// within the next 31 days); it comes back unread at the top then.
#[server(endpoint = "notifications/snooze")]
pub async fn snooze(group: i64, until: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        snooze_in(work, user.id, group, until).await
    })
    .await
}

/// The same for `hours` from now (1 to 744): what the activity page's forms send, so a
/// page left open a while still snoozes for what it says. Answers with the time it
/// snoozes until, which its Undo names.
#[server(endpoint = "notifications/snooze_for")]
pub async fn snooze_for(group: i64, hours: i64) -> Result<i64, AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let until = work.now + until_in(hours)?;
        snooze_in(work, user.id, group, until).await?;
        Ok(until)
    })
    .await
}

/// `hours` as milliseconds, when they are a snooze's.
#[cfg(feature = "ssr")]
fn until_in(hours: i64) -> Result<i64, AppError> {
    if (1..=MAX_SNOOZE_MS / 3_600_000).contains(&hours) {
        Ok(hours * 3_600_000)
    } else {
        Err(AppError::invalid(SNOOZE_RANGE))
    }
}

#[cfg(feature = "ssr")]
const SNOOZE_RANGE: &str = "Choose a time in the next 31 days to snooze until.";

#[cfg(feature = "ssr")]
async fn snooze_in(
    work: &mut crate::platform::db::Work,
    user: i64,
    group: i64,
    until: i64,
) -> Result<(), AppError> {
    if until <= work.now || until > work.now + MAX_SNOOZE_MS {
        return Err(AppError::invalid(SNOOZE_RANGE));
    }
    super::store::snooze(work.db(), user, group, until).await?;
    work.push(user, &Change::GroupGone(group));
    Ok(())
}

/// The most rows one action on a selection takes.
pub const MAX_SELECTED: usize = 200;

/// Acts on several groups at once: `action` is `read`, `dismiss` or `snooze` (until
/// `until`, or for `hours` from now). All of them or none: one that is not the user's
/// is 404 and changes nothing. Answers with what its Undo names: the time it acted (a
/// dismissal), or the time they are snoozed until.
#[server(endpoint = "notifications/selection")]
pub async fn act_on_selection(
    // None ticked (a plain form sends no field then): the sentence below, not a 400
    // about the form.
    #[server(default)] groups: Vec<i64>,
    action: String,
    until: Option<i64>,
    hours: Option<i64>,
) -> Result<i64, AppError> {
    if groups.is_empty() || groups.len() > MAX_SELECTED {
        return Err(AppError::invalid(format!(
            "Select between 1 and {MAX_SELECTED} notifications."
        )));
    }
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        let mut groups = groups;
        groups.sort_unstable();
        groups.dedup();
        match action.as_str() {
            "read" => {
                let mut read = Vec::new();
                for g in &groups {
                    read.extend(super::store::read_group(work.db(), user.id, *g, now).await?);
                }
                work.push(user.id, &Change::Read(read));
                for g in &groups {
                    tell_group(work, user.id, *g).await?;
                }
            }
            "dismiss" => {
                for g in &groups {
                    super::store::dismiss_group(work.db(), user.id, *g, now).await?;
                    work.push(user.id, &Change::GroupGone(*g));
                }
            }
            "snooze" => {
                let until = match (until, hours) {
                    (Some(until), _) => until,
                    (None, Some(hours)) => now + until_in(hours)?,
                    (None, None) => 0,
                };
                for g in &groups {
                    snooze_in(work, user.id, *g, until).await?;
                }
                return Ok(until);
            }
            _ => {
                return Err(AppError::invalid(
                    "Choose Mark read, Dismiss or Snooze for the selection.",
                ))
            }
        }
        Ok(now)
    })
    .await
}

/// Undoes an action on a selection: `action` is `dismiss` (`at`: the time it answered
/// with) or `snooze` (`at`: the time they were snoozed until). What was changed again
/// since stays as it is; 409 when all of it was.
#[server(endpoint = "notifications/selection/undo")]
pub async fn undo_selection(groups: Vec<i64>, action: String, at: i64) -> Result<(), AppError> {
    if groups.is_empty() || groups.len() > MAX_SELECTED {
        return Err(AppError::invalid(format!(
            "Select between 1 and {MAX_SELECTED} notifications."
        )));
    }
    if action != "dismiss" && action != "snooze" {
        return Err(AppError::invalid(
            "Only a dismissal or a snooze can be undone.",
        ));
    }
    crate::auth::session::in_work(async |work, user, _| {
        let mut back = 0;
        for g in &groups {
            let done = if action == "dismiss" {
                super::store::undo::restore_group(work.db(), user.id, *g, at)
                    .await
                    .map(|_| ())
            } else {
                super::store::undo::unsnooze(work.db(), user.id, *g, at).await
            };
            match done {
                Ok(()) => {
                    back += 1;
                    tell_group(work, user.id, *g).await?;
                }
                Err(AppError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if back == 0 {
            return Err(AppError::conflict(
                "Nothing to undo: this was changed since, here or in another window.",
            ));
        }
        Ok(())
    })
    .await
}

/// Undoes a snooze until `until`: the group is back where it was (409 when it came back
/// or was snoozed again since).
#[server(endpoint = "notifications/unsnooze")]
pub async fn unsnooze(group: i64, until: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        super::store::undo::unsnooze(work.db(), user.id, group, until).await?;
        tell_group(work, user.id, group).await
    })
    .await
}
