//! The one clock the server reads time from. Tests replace it with a fixed one they move.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// Wall-clock time.
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock frozen at `ms` (UTC milliseconds) until `set` or `advance` moves it.
    pub fn fixed(ms: i64) -> Self {
        Clock(Some(Arc::new(AtomicI64::new(ms))))
    }

    pub fn now_ms(&self) -> i64 {
        match &self.0 {
            Some(t) => t.load(Ordering::SeqCst),
            None => chrono::Utc::now().timestamp_millis(),
        }
    }

    pub fn today(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.now_ms())
            .unwrap_or_default()
            .date_naive()
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn set(&self, ms: i64) {
        if let Some(t) = &self.0 {
            t.store(ms, Ordering::SeqCst);
        }
    }

    pub fn advance(&self, ms: i64) {
        if let Some(t) = &self.0 {
            t.fetch_add(ms, Ordering::SeqCst);
        }
    }
}
