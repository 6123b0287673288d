//! Background work on a timer: personal reminders that are due, outgoing email. Each tick is one write
//! transaction, idempotent, so a restart or a second instance never fires anything twice.

use super::{db, AppState};
use crate::error::AppResult;
use std::time::Duration;

/// One pass: fires what is due now and wakes the recipients' streams.
pub async fn tick(state: &AppState) -> AppResult<usize> {
    let mut tx = db::begin_write(&state.pool).await?;
    let delivered =
        crate::notifications::reminders::store::fire_due(&mut tx, state.clock.now_ms()).await?;
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
