//! Background work on timers: personal reminders, due-date reminders and snoozes that
//! end (one write transaction per tick, idempotent, so a restart or a second instance
//! never fires anything twice), and, on timers of their own, email digests as their
//! periods end and outgoing email (a slow mail server never holds reminders up).

use crate::error::AppResult;
use crate::platform::db::{Engine, Work};
use crate::platform::AppState;
use std::time::Duration;

/// One pass: fires what is due now and wakes the recipients' streams.
pub async fn tick(state: &AppState) -> AppResult<usize> {
    let mut work = Work::begin(state).await?;
    let n = crate::reminders::due::fire_due(&mut work).await?
        + crate::tracks::deadlines::run(&mut work).await?
        + snoozes_end(&mut work).await?;
    work.commit().await?;
    Ok(n)
}

/// Brings back what was snoozed until now, live in its owner's open tabs.
async fn snoozes_end(work: &mut Work) -> AppResult<usize> {
    let now = work.now;
    let back = crate::notifications::store::wake_snoozed(work.db(), now).await?;
    for (group, user) in &back {
        crate::notifications::api::tell_group(work, *user, *group).await?;
    }
    Ok(back.len())
}

/// Housekeeping: forgets ended sessions, sign-in failures older than the throttle window,
/// notifications dismissed more than 30 days ago and (PostgreSQL) live changes the other
/// instances have had, and removes temporary upload files a crash left behind.
pub async fn sweep(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let sessions = crate::auth::session::purge_expired(&state.pool, now).await?;
    let failures = crate::auth::throttle::purge(&state.pool, now).await?;
    let dismissed = crate::notifications::store::undo::purge_dismissed(
        &state.pool,
        now - crate::notifications::store::undo::KEPT_DISMISSED_MS,
        PURGE_BATCH,
    )
    .await?;
    let changes = match Engine::of(&state.pool) {
        Engine::Postgres => crate::platform::bus::purge(&state.pool, now).await?,
        Engine::Sqlite => 0,
    };
    let temp = crate::platform::upload::sweep_temp(
        &state.config.uploads_dir().join("tmp"),
        Duration::from_secs(3600),
    )
    .await;
    Ok(sessions as usize + failures as usize + dismissed as usize + changes as usize + temp)
}

/// The most dismissed notifications one housekeeping pass purges (a backlog goes in
/// short writes, a minute apart).
const PURGE_BATCH: i64 = 2_000;

fn every(
    period: Duration,
    state: AppState,
    name: &'static str,
    work: fn(&AppState) -> futures::future::BoxFuture<'_, AppResult<usize>>,
) {
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(period);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            timer.tick().await;
            if let Err(e) = work(&state).await {
                tracing::warn!("{name} failed: {e}");
            }
        }
    });
}

/// Runs `tick` and the email delivery every `period` for the life of the server.
pub fn spawn(state: AppState, period: Duration) {
    every(period, state.clone(), "background tick", |s| {
        Box::pin(tick(s))
    });
    every(period, state.clone(), "email digests", |s| {
        Box::pin(crate::notifications::digest::send_due(s))
    });
    every(period, state.clone(), "email delivery", |s| {
        Box::pin(crate::platform::mail::deliver_due(s))
    });
    every(Duration::from_secs(60), state, "housekeeping", |s| {
        Box::pin(sweep(s))
    });
}
