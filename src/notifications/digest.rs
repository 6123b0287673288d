//! Email digests: what a person asked to get hourly or daily waits in a queue (the
//! pipeline puts it there) and goes as one email when its period ends, grouped by track
//! with the tracks due within a week first; what they read in the app meanwhile is left
//! out and counted. A digest is built in one unit of work that takes its items off the
//! queue, records the person's period and queues the email in the outbox, so it goes
//! exactly once across instances and crashes. Quiet hours hold it until they end.

use super::kinds::{people, Kind};
use super::preferences::{Cadence, Preferences};
use super::store::digests::{self, Built, Item};
use crate::error::{AppError, AppResult};
use crate::platform::db::Work;
use crate::platform::mail::{literal, APP_URL};
use crate::platform::AppState;

/// People whose digests one unit of work builds (the app's write lock is held meanwhile,
/// so a large batch of digests goes in short writes).
const PAGE: i64 = 200;

/// A digest as sent.
#[derive(Debug, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub body: String,
}

/// The email for one person's `items` (in the order they came), or `None` when none is
/// left unread. `cadence`: what their digest is called; `today`: their calendar day,
/// `YYYY-MM-DD`; `token`: their unsubscribe link's.
pub fn compose(
    items: &[&Item],
    cadence: Option<Cadence>,
    today: &str,
    token: &str,
) -> Option<Composed> {
    let unread: Vec<&Item> = items.iter().copied().filter(|i| !i.read()).collect();
    if unread.is_empty() {
        return None;
    }
    let read = items.len() - unread.len();
    // Tracks in the order their first item came; then the due within a week first.
    let mut tracks: Vec<(i64, Vec<&Item>)> = Vec::new();
    let mut elsewhere: Vec<&Item> = Vec::new();
    for item in &unread {
        match item.track_id {
            Some(t) => match tracks.iter_mut().find(|(id, _)| *id == t) {
                Some((_, list)) => list.push(item),
                None => tracks.push((t, vec![item])),
            },
            None => elsewhere.push(item),
        }
    }
    let due_in = |list: &[&Item]| {
        list[0]
            .due_date
            .as_deref()
            .and_then(|d| days_until(today, d))
            .filter(|d| *d <= 7)
    };
    // Stable: due tracks by how soon, the others keep their order.
    tracks.sort_by_key(|(_, list)| due_in(list).map_or((1, 0), |d| (0, d)));

    let n = unread.len();
    let updates = if n == 1 {
        "1 update".to_string()
    } else {
        format!("{n} updates")
    };
    let name = match cadence {
        Some(Cadence::Hourly) => "Your hourly digest",
        Some(Cadence::Daily) => "Your daily digest",
        _ => "Your digest",
    };
    let subject = match tracks.len() {
        0 => format!("{name}: {updates}"),
        1 => format!("{name}: {updates} on {}", track_name(tracks[0].1[0])),
        t => format!("{name}: {updates} on {t} tracks"),
    };
    let mut body = String::from("Here is what happened since your last digest.\n\n");
    for (track, list) in &tracks {
        let due = due_in(list)
            .map(|d| format!(" ({})", due_phrase(d)))
            .unwrap_or_default();
        body.push_str(&format!(
            "{}{due}: {}\n",
            literal(track_name(list[0])),
            summary(list)
        ));
        for other in list.iter().filter(|i| !summarised(i.kind)) {
            body.push_str(&format!("  - {}\n", literal(&other.title)));
        }
        body.push_str(&format!("  {APP_URL}/tracks/{track}\n\n"));
    }
    if !elsewhere.is_empty() {
        body.push_str("Also:\n");
        for item in &elsewhere {
            body.push_str(&format!("  - {}\n", literal(&item.title)));
        }
        body.push('\n');
    }
    match read {
        0 => {}
        1 => body.push_str("1 update you already read in Producer Dashboard is left out.\n\n"),
        r => body.push_str(&format!(
            "{r} updates you already read in Producer Dashboard are left out.\n\n"
        )),
    }
    body.push_str(&format!(
        "See everything in Producer Dashboard: {APP_URL}/activity\n\n\
         Unsubscribe from digest emails: {APP_URL}/digest/unsubscribe?token={token}\n\
         To choose what reaches you by email, open Settings → Notifications: {APP_URL}/settings/notifications\n"
    ));
    Some(Composed { subject, body })
}

fn track_name(item: &Item) -> &str {
    item.track_title.as_deref().unwrap_or("A track")
}

/// The kinds a track's line sums up; the rest are listed under it by title.
fn summarised(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::CommentAdded
            | Kind::CommentEdited
            | Kind::StageChanged
            | Kind::TrackPublished
            | Kind::VersionAdded
            | Kind::ArtworkUpdated
            | Kind::MetadataUpdated
    )
}

/// "3 comments from Jordan and Priya, stage → Ready to Post".
fn summary(list: &[&Item]) -> String {
    let count = |k: Kind| list.iter().filter(|i| i.kind == k).count();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    let comments = count(Kind::CommentAdded);
    if comments > 0 {
        let mut who: Vec<&str> = Vec::new();
        for i in list.iter().filter(|i| i.kind == Kind::CommentAdded) {
            if let Some(a) = i.actor.as_deref() {
                if !who.contains(&a) {
                    who.push(a);
                }
            }
        }
        let names = people(who.first().copied(), who.get(1).copied(), who.len() > 2);
        parts.push(format!(
            "{} from {}",
            plural(comments, "comment", "comments"),
            literal(&names)
        ));
    }
    let edited = count(Kind::CommentEdited);
    if edited > 0 {
        parts.push(plural(edited, "comment edited", "comments edited"));
    }
    let versions = count(Kind::VersionAdded);
    if versions > 0 {
        parts.push(plural(versions, "new version", "new versions"));
    }
    if let Some(last) = list
        .iter()
        .rev()
        .find(|i| matches!(i.kind, Kind::StageChanged | Kind::TrackPublished))
    {
        parts.push(match (last.kind, last.detail.as_deref()) {
            (Kind::TrackPublished, _) => "published".to_string(),
            (_, Some(stage)) => format!("stage → {}", literal(stage)),
            _ => "stage changed".to_string(),
        });
    }
    if count(Kind::ArtworkUpdated) > 0 {
        parts.push("new artwork".into());
    }
    if count(Kind::MetadataUpdated) > 0 {
        parts.push("details updated".into());
    }
    let others = list.iter().filter(|i| !summarised(i.kind)).count();
    if others > 0 {
        parts.push(plural(others, "other update", "other updates"));
    }
    parts.join(", ")
}

fn due_phrase(days: i64) -> String {
    match days {
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d if d > 1 => format!("due in {d} days"),
        -1 => "overdue by 1 day".into(),
        d => format!("overdue by {} days", -d),
    }
}

/// Days from `today` to `due` (both `YYYY-MM-DD`).
fn days_until(today: &str, due: &str) -> Option<i64> {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    Some((day(due)? - day(today)?).num_days())
}

/// What a person's digest is called: hourly or daily when all their digests are.
fn cadence_of(prefs: &Preferences) -> Option<Cadence> {
    let mut seen = None;
    for s in super::kinds::Section::ALL {
        let g = prefs.group(s);
        if g.email && g.email_when != Cadence::Immediately {
            match seen {
                None => seen = Some(g.email_when),
                Some(c) if c != g.email_when => return None,
                _ => {}
            }
        }
    }
    seen
}

/// The calendar day at `now` where the person's digest is timed.
fn today(prefs: &Preferences, now: i64) -> String {
    use chrono::TimeZone;
    let zone: chrono_tz::Tz = prefs.digest.zone.parse().unwrap_or(chrono_tz::UTC);
    zone.timestamp_millis_opt(now)
        .single()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Builds and queues every digest due now, a page of people per unit of work; returns
/// how many emails were queued.
pub async fn send_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    {
        let mut db = state.pool.acquire().await?;
        if !digests::any_due(&mut db, now).await? {
            return Ok(0);
        }
    }
    let mut after = 0;
    let mut queued = 0;
    loop {
        let people = {
            let mut db = state.pool.acquire().await?;
            digests::due_people(&mut db, now, after, PAGE).await?
        };
        let Some(&last) = people.last() else {
            break;
        };
        after = last;
        let mut work = Work::begin(state).await?;
        if let Some(n) = build(&mut work, &people, now, None).await? {
            work.commit().await?;
            queued += n;
        }
    }
    Ok(queued)
}

/// What "Send my digest now" did.
#[derive(Debug, PartialEq, Eq)]
pub enum SentNow {
    /// The email is on its way.
    Sent,
    /// Everything waiting was read in the app already: no email.
    AllRead,
    /// Nothing waited.
    Nothing,
}

/// Sends what waits for `user`'s digest now, whatever its period and quiet hours.
pub async fn send_now(work: &mut Work, user: i64) -> AppResult<SentNow> {
    let now = work.now;
    if digests::waiting(work.db(), user).await? == 0 {
        return Ok(SentNow::Nothing);
    }
    match build(work, &[user], i64::MAX, Some(now)).await? {
        Some(1) => Ok(SentNow::Sent),
        Some(_) => Ok(SentNow::AllRead),
        None => Err(AppError::conflict(
            "Your digest was just sent from another window.",
        )),
    }
}

/// Builds the digests of `people` from their items due by `due_by`, inside `work`:
/// queues each email, records each period (`period`, or the latest item's due time) and
/// takes the items off the queue. People in quiet hours wait. `None`: another instance
/// built some of them first (nothing is kept; they are its).
async fn build(
    work: &mut Work,
    people: &[i64],
    due_by: i64,
    period: Option<i64>,
) -> AppResult<Option<usize>> {
    let now = work.now;
    let db = work.db();
    let prefs = super::preferences::store::of(db, people).await?;
    let ready: Vec<i64> = people
        .iter()
        .copied()
        .filter(|u| {
            period.is_some()
                || prefs
                    .of(*u)
                    .quiet_hours
                    .as_ref()
                    .and_then(|q| super::preferences::quiet_until(q, now))
                    .is_none()
        })
        .collect();
    if ready.is_empty() {
        return Ok(Some(0));
    }
    let items = digests::items(db, &ready, due_by).await?;
    let Some(last) = items.iter().map(|i| i.id).max() else {
        return Ok(Some(0));
    };
    let addresses = crate::auth::store::verified_emails(db, &ready).await?;
    let mut built = Vec::new();
    let mut mails = Vec::new();
    for chunk in items.chunk_by(|a, b| a.user_id == b.user_id) {
        let user = chunk[0].user_id;
        let p = prefs.of(user);
        let period_at =
            period.unwrap_or_else(|| chunk.iter().map(|i| i.due_at).max().unwrap_or(now));
        let list: Vec<&Item> = chunk.iter().collect();
        let token = crate::platform::tokens::new_token();
        let to = addresses
            .binary_search_by_key(&user, |(u, _)| *u)
            .ok()
            .map(|i| addresses[i].1.clone());
        let composed = to
            .and_then(|to| compose(&list, cadence_of(p), &today(p, now), &token).map(|c| (to, c)));
        let sent = composed.is_some();
        if let Some((to, c)) = composed {
            mails.push(crate::platform::mail::Queued {
                user_id: user,
                to,
                subject: c.subject,
                body: c.body,
                message_id: message_id(user, period_at),
            });
        }
        built.push(Built {
            user_id: user,
            period_at,
            outbox_id: None,
            items: list.len() as i64,
            read_items: list.iter().filter(|i| i.read()).count() as i64,
            token_hash: sent.then(|| crate::auth::session::digest(&token)),
        });
    }
    let mut queued = crate::platform::mail::enqueue_many(db, &mails, now).await?;
    queued.sort_unstable();
    for b in &mut built {
        b.outbox_id = queued
            .binary_search_by_key(&b.user_id, |(u, _)| *u)
            .ok()
            .map(|i| queued[i].1);
    }
    if !digests::record(db, &built, now).await? {
        return Ok(None);
    }
    if digests::take(db, &ready, due_by, last).await? != items.len() as u64 {
        return Ok(None);
    }
    Ok(Some(queued.len()))
}

/// The same for every attempt and instance: one person's digest for one period.
fn message_id(user: i64, period_at: i64) -> String {
    format!("<digest.{user}.{period_at}@producer-dashboard>")
}

/// Turns off the digests of whoever the unsubscribe link with `token` came to; what
/// waited for them is dropped. Their open tabs see the new preferences.
pub async fn unsubscribe(work: &mut Work, token: &str) -> AppResult<()> {
    let hash = crate::auth::session::digest(token.trim());
    let Some(user) = digests::owner_of_token(work.db(), &hash).await? else {
        return Err(AppError::NotFound(
            "This unsubscribe link is not known. Open Settings → Notifications to choose what reaches you by email.".into(),
        ));
    };
    let now = work.now;
    let prefs = super::preferences::store::load(work.db(), user)
        .await?
        .without_digests();
    super::preferences::store::save(work.db(), user, &prefs, now).await?;
    digests::drop_waiting(work.db(), user).await?;
    work.push(user, &super::live::Change::Preferences(Box::new(prefs)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::note::Note;
    use crate::notifications::pipeline::emit;
    use crate::platform::db::DbPool;

    fn item(
        id: i64,
        kind: Kind,
        track: Option<(i64, &str, Option<&str>)>,
        actor: &str,
        title: &str,
    ) -> Item {
        Item {
            id,
            user_id: 1,
            kind,
            track_id: track.map(|t| t.0),
            track_title: track.map(|t| t.1.to_string()),
            due_date: track.and_then(|t| t.2.map(str::to_string)),
            actor: Some(actor.to_string()),
            title: title.to_string(),
            detail: None,
            due_at: 0,
            read: 0,
        }
    }

    #[test]
    fn a_digest_groups_by_track_puts_the_due_first_and_counts_what_was_read() {
        let sunset = Some((4, "Sunset {app}", None));
        let night = Some((3, "Night Drive", Some("2026-12-06")));
        let mut stage = item(
            5,
            Kind::StageChanged,
            night,
            "Priya",
            "Night Drive moved to Ready to Post",
        );
        stage.detail = Some("Ready to Post".into());
        let mut read = item(7, Kind::CommentAdded, night, "Sam", "New comment");
        read.read = 1;
        let items = [
            item(
                1,
                Kind::VersionAdded,
                sunset,
                "Jordan",
                "Jordan uploaded v2",
            ),
            item(2, Kind::CommentAdded, night, "Jordan", "c1"),
            item(3, Kind::CommentAdded, night, "Priya", "c2"),
            item(4, Kind::CommentAdded, night, "Jordan", "c3"),
            stage,
            item(
                6,
                Kind::InvitationReceived,
                None,
                "Priya",
                "Priya invited you to Moonlight",
            ),
            read.clone(),
            item(
                8,
                Kind::DueSoon,
                night,
                "Priya",
                "Night Drive is due in 2 days",
            ),
        ];
        let list: Vec<&Item> = items.iter().collect();
        let c = compose(&list, Some(Cadence::Daily), "2026-12-04", "tok").unwrap();
        assert_eq!(c.subject, "Your daily digest: 7 updates on 2 tracks");
        assert_eq!(
            c.body,
            "Here is what happened since your last digest.\n\n\
             Night Drive (due in 2 days): 3 comments from Jordan and Priya, stage → Ready to Post, 1 other update\n\
             \x20 - Night Drive is due in 2 days\n\
             \x20 {app}/tracks/3\n\n\
             Sunset {{app}: 1 new version\n\
             \x20 {app}/tracks/4\n\n\
             Also:\n\
             \x20 - Priya invited you to Moonlight\n\n\
             1 update you already read in Producer Dashboard is left out.\n\n\
             See everything in Producer Dashboard: {app}/activity\n\n\
             Unsubscribe from digest emails: {app}/digest/unsubscribe?token=tok\n\
             To choose what reaches you by email, open Settings → Notifications: {app}/settings/notifications\n"
        );
        // Nothing unread: no email.
        assert_eq!(
            compose(&[&read], Some(Cadence::Hourly), "2026-12-04", "t"),
            None
        );
    }

    const NOW: i64 = 1_795_000_000_000; // 2026-11-18 11:06:40 UTC
    const HOUR: i64 = 3_600_000;

    async fn person(pool: &DbPool, email: &str, prefs: impl FnOnce(&mut Preferences)) -> i64 {
        let id = crate::auth::store::test_user(pool, email, true, NOW).await;
        // "jordan@example.com" is called Jordan.
        let name = email.split('@').next().unwrap_or(email);
        let name = name[..1].to_uppercase() + &name[1..];
        sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(pool)
            .await
            .unwrap();
        let mut p = Preferences::default();
        prefs(&mut p);
        let mut db = pool.acquire().await.unwrap();
        crate::notifications::preferences::store::save(&mut db, id, &p, NOW)
            .await
            .unwrap();
        id
    }

    async fn track(pool: &DbPool, owner: i64, title: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, $2, 1, 1) RETURNING id",
        )
        .bind(owner)
        .bind(title)
        .fetch_one(pool)
        .await
        .unwrap()
    }

    async fn comment(state: &AppState, to: &[i64], track: i64, by: i64) {
        let mut work = Work::begin(state).await.unwrap();
        let note = Note::new(Kind::CommentAdded, "New comment", "Hi")
            .on_track(track)
            .by(by);
        emit(&mut work, to, &note).await.unwrap();
        work.commit().await.unwrap();
    }

    async fn outbox(pool: &DbPool) -> Vec<(i64, String, String, String, i64)> {
        sqlx::query_as("SELECT user_id, subject, message_id, body, next_attempt_at FROM email_outbox ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    crate::platform::testdb::db_test! {
        async fn an_hourly_digest_goes_once_when_its_hour_ends_without_what_was_read(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let jordan = person(&pool, "jordan@example.com", |_| {}).await;
            let hourly = person(&pool, "hourly@example.com", |p| {
                p.track.email = true;
                p.track.email_when = Cadence::Hourly;
            })
            .await;
            let night = track(&pool, jordan, "Night Drive").await;
            for _ in 0..3 {
                comment(&state, &[hourly], night, jordan).await;
            }
            // Nothing went at once; three wait.
            assert!(outbox(&pool).await.is_empty());
            let mut db = pool.acquire().await.unwrap();
            assert_eq!(digests::waiting(&mut db, hourly).await.unwrap(), 3);
            // One of them is read in the app.
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = (SELECT MIN(id) FROM notifications)")
                .bind(NOW)
                .execute(&pool)
                .await
                .unwrap();
            drop(db);
            // Before the hour ends: nothing.
            assert_eq!(send_due(&state).await.unwrap(), 0);
            // 12:00 UTC: one email, with the two unread.
            state.clock.set(NOW + HOUR);
            assert_eq!(send_due(&state).await.unwrap(), 1);
            assert_eq!(send_due(&state).await.unwrap(), 0, "once");
            let mails = outbox(&pool).await;
            assert_eq!(mails.len(), 1);
            let (user, subject, message_id, body, _) = &mails[0];
            let twelve = (NOW / HOUR + 1) * HOUR;
            assert_eq!(*user, hourly);
            assert_eq!(subject, "Your hourly digest: 2 updates on Night Drive");
            assert_eq!(*message_id, format!("<digest.{hourly}.{twelve}@producer-dashboard>"));
            assert!(body.contains("Night Drive: 2 comments from Jordan"), "{body}");
            assert!(body.contains("1 update you already read in Producer Dashboard is left out."));
            // The unsubscribe link turns the digest off and drops what waits.
            comment(&state, &[hourly], night, jordan).await;
            let token = body.split("token=").nth(1).unwrap().split('\n').next().unwrap();
            let mut work = Work::begin(&state).await.unwrap();
            assert!(matches!(unsubscribe(&mut work, "not-a-token").await, Err(AppError::NotFound(_))));
            unsubscribe(&mut work, token).await.unwrap();
            work.commit().await.unwrap();
            let mut db = pool.acquire().await.unwrap();
            let prefs = crate::notifications::preferences::store::load(&mut db, hourly).await.unwrap();
            assert!(!prefs.track.email && !prefs.has_digest());
            assert_eq!(digests::waiting(&mut db, hourly).await.unwrap(), 0);
        }
    }

    crate::platform::testdb::db_test! {
        async fn urgent_items_never_wait_quiet_hours_hold_and_all_read_sends_nothing(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let jordan = person(&pool, "jordan@example.com", |_| {}).await;
            // Daily at 13:00 Berlin (12:00 UTC), quiet 12:30–14:00 Berlin.
            let daily = person(&pool, "daily@example.com", |p| {
                p.track.email = true;
                p.track.email_when = Cadence::Daily;
                p.deadlines.email_when = Cadence::Daily;
                p.digest = crate::notifications::preferences::DigestTime { hour: 13, zone: "Europe/Berlin".into() };
                p.quiet_hours = Some(crate::notifications::preferences::QuietHours {
                    start: "12:30".into(),
                    end: "14:00".into(),
                    zone: "Europe/Berlin".into(),
                });
            })
            .await;
            let all_read = person(&pool, "reader@example.com", |p| {
                p.track.email = true;
                p.track.email_when = Cadence::Daily;
            })
            .await;
            let night = track(&pool, jordan, "Night Drive").await;
            comment(&state, &[daily, all_read], night, jordan).await;
            // High priority goes at once, whatever the cadence.
            let mut work = Work::begin(&state).await.unwrap();
            let urgent = Note::new(Kind::Overdue, "Night Drive is overdue", "Past").on_track(night);
            emit(&mut work, &[daily], &urgent).await.unwrap();
            work.commit().await.unwrap();
            let mails = outbox(&pool).await;
            assert_eq!(mails.len(), 1);
            assert_eq!(mails[0].1, "Night Drive is overdue");
            // The reader reads theirs.
            sqlx::query("UPDATE notifications SET read_at = 1 WHERE recipient_id = $1")
                .bind(all_read)
                .execute(&pool)
                .await
                .unwrap();
            // 12:00 UTC is 13:00 Berlin: due, but inside quiet hours; the reader's
            // (08:00 UTC) is not due yet.
            let thirteen_berlin = (NOW / HOUR + 1) * HOUR;
            state.clock.set(thirteen_berlin);
            assert_eq!(send_due(&state).await.unwrap(), 0);
            let mut db = pool.acquire().await.unwrap();
            assert_eq!(digests::waiting(&mut db, daily).await.unwrap(), 1, "held");
            drop(db);
            // 14:00 Berlin: quiet hours end, the digest goes.
            state.clock.set(thirteen_berlin + HOUR);
            assert_eq!(send_due(&state).await.unwrap(), 1);
            let mails = outbox(&pool).await;
            assert_eq!(mails[1].0, daily);
            assert_eq!(mails[1].1, "Your daily digest: 1 update on Night Drive");
            // Next day 08:00 UTC: the reader's digest has nothing unread, so no email,
            // and nothing waits any more.
            state.clock.set(thirteen_berlin + 20 * HOUR);
            assert_eq!(send_due(&state).await.unwrap(), 0);
            assert_eq!(outbox(&pool).await.len(), 2);
            let mut db = pool.acquire().await.unwrap();
            assert_eq!(digests::waiting(&mut db, all_read).await.unwrap(), 0);
            let recorded: (i64, i64, Option<i64>) = sqlx::query_as(
                "SELECT items, read_items, outbox_id FROM email_digests WHERE user_id = $1",
            )
            .bind(all_read)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(recorded, (1, 1, None));
        }
    }

    crate::platform::testdb::db_test! {
        async fn two_instances_at_once_send_one_digest(pool: DbPool) {
            let one = AppState::for_tests(pool.clone(), NOW);
            let two = AppState::for_tests(pool.clone(), NOW);
            let jordan = person(&pool, "jordan@example.com", |_| {}).await;
            let mut people = Vec::new();
            for i in 0..30 {
                people.push(
                    person(&pool, &format!("p{i}@example.com"), |p| {
                        p.track.email = true;
                        p.track.email_when = Cadence::Hourly;
                    })
                    .await,
                );
            }
            let night = track(&pool, jordan, "Night Drive").await;
            comment(&one, &people, night, jordan).await;
            comment(&one, &people, night, jordan).await;
            one.clock.set(NOW + HOUR);
            two.clock.set(NOW + HOUR + 1);
            let (a, b) = tokio::join!(send_due(&one), send_due(&two));
            assert_eq!(a.unwrap() + b.unwrap(), 30);
            // Again later: nothing more; each person one email with both comments.
            two.clock.set(NOW + 3 * HOUR);
            assert_eq!(send_due(&two).await.unwrap(), 0);
            let mails = outbox(&pool).await;
            assert_eq!(mails.len(), 30);
            assert!(mails.iter().all(|m| m.3.contains("2 comments from Jordan")));
            let mut who: Vec<i64> = mails.iter().map(|m| m.0).collect();
            who.dedup();
            assert_eq!(who.len(), 30);
        }
    }

    crate::platform::testdb::db_test! {
        async fn send_now_sends_what_waits_and_says_when_nothing_does(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let jordan = person(&pool, "jordan@example.com", |_| {}).await;
            let daily = person(&pool, "daily@example.com", |p| {
                p.track.email = true;
                p.track.email_when = Cadence::Daily;
            })
            .await;
            let night = track(&pool, jordan, "Night Drive").await;
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(send_now(&mut work, daily).await.unwrap(), SentNow::Nothing);
            drop(work);
            comment(&state, &[daily], night, jordan).await;
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(send_now(&mut work, daily).await.unwrap(), SentNow::Sent);
            work.commit().await.unwrap();
            assert_eq!(outbox(&pool).await.len(), 1);
            // When its period ends, nothing is left to send.
            state.clock.set(NOW + 24 * HOUR);
            assert_eq!(send_due(&state).await.unwrap(), 0);
        }
    }
}
