//! Background work on a timer: personal reminders that are due, due-date reminders,
//! outgoing email. Each tick is one write
//! transaction, idempotent, so a restart or a second instance never fires anything twice.

use super::{db, AppState};
use crate::error::AppResult;
use std::time::Duration;

/// One pass: fires what is due now and wakes the recipients' streams.
pub async fn tick(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let mut tx = db::begin_write(&state.pool).await?;
    let mut delivered = crate::notifications::reminders::store::fire_due(&mut tx, now).await?;
    delivered.extend(crate::notifications::deadlines::run(&mut tx, now).await?);
    tx.commit().await?;
    let n = delivered.0.len();
    delivered.publish(&state.hub);
    super::mail::hold_due(&state.pool, state.clock.now_ms(), &state.config.public_url).await?;
    Ok(n)
}

/// Runs `tick` every `every` for the life of the server.
pub fn spawn(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(every);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            timer.tick().await;
            if let Err(e) = tick(&state).await {
                tracing::warn!("background tick failed: {e}");
            }
        }
    });
}
