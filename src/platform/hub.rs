//! Wakes a user's open streams in this process. It carries no notification data: a woken
//! stream reads what is new from the database, so a slow or dropped stream loses nothing
//! and never holds anyone else up (a full channel only tells that stream to resync). With
//! several instances on PostgreSQL, `bus` brings the other instances' wake-ups here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// A change for a user's open tabs, already in its wire form (JSON). The hub does not
/// know what it means; the features that make changes and the browser that applies them do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Live(pub Arc<str>);

impl Live {
    pub fn new(change: &impl serde::Serialize) -> Live {
        Live(
            serde_json::to_string(change)
                .unwrap_or_else(|_| "null".into())
                .into(),
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Push {
    /// New rows may exist: read what is newer than your cursor, and the badges.
    Wake,
    /// Something the user's tabs show changed elsewhere.
    Change(Live),
    /// Wake-ups may have been missed (the bus between instances reconnected): reload
    /// what you show, and read what is newer than your cursor.
    Resync,
}

#[derive(Clone)]
pub struct Hub {
    users: Arc<Mutex<HashMap<i64, broadcast::Sender<Push>>>>,
    /// This process among the instances sharing a database (random per start).
    instance: Arc<str>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            users: Default::default(),
            instance: super::tokens::random_hex(8).into(),
        }
    }
}

/// How far a stream may fall behind before it is told to resync (and re-reads the
/// database). Small: the slots are allocated for every user with a stream open.
const CAPACITY: usize = 8;

impl Hub {
    pub fn subscribe(&self, user_id: i64) -> broadcast::Receiver<Push> {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        users
            .entry(user_id)
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .subscribe()
    }

    fn send(&self, user_id: i64, push: Push) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = users.get(&user_id) {
            if tx.send(push).is_err() {
                // nobody listens any more
                users.remove(&user_id);
            }
        }
    }

    pub(super) fn wake(&self, user_ids: &[i64]) {
        for id in user_ids {
            self.send(*id, Push::Wake);
        }
    }

    /// Pushes a change to the user's open tabs (the unit of work does, after commit).
    pub(super) fn send_live(&self, user_id: i64, change: Live) {
        self.send(user_id, Push::Change(change));
    }

    /// Tells every open stream to resync.
    pub(super) fn resync_all(&self) {
        let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        for tx in users.values() {
            let _ = tx.send(Push::Resync);
        }
    }

    /// This process's name on the bus between instances.
    pub(super) fn instance(&self) -> &str {
        &self.instance
    }

    /// How many users have a stream open (for diagnostics and benchmarks).
    pub fn users_listening(&self) -> usize {
        self.users.lock().map(|u| u.len()).unwrap_or(0)
    }
}

/// Wakes background workers waiting for new work (the file-sync workers, say).
#[derive(Clone, Default)]
pub struct Signal(Arc<tokio::sync::Notify>);

impl Signal {
    /// Every worker waiting now wakes (the unit of work calls it after commit).
    pub(super) fn notify(&self) {
        self.0.notify_waiters();
    }

    /// Waits for the next `notify`. Create the future before checking for work, so a
    /// notification in between is not missed.
    pub fn notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.0.notified()
    }

    /// A background worker for as long as the process lives: runs `drain` now, again
    /// whenever this signal fires, and at the latest after `period` (work queued by another
    /// instance, or due later). A failed pass is logged under `what`.
    pub fn spawn_worker<F, Fut, E>(&self, what: &'static str, period: std::time::Duration, drain: F)
    where
        F: Fn() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<usize, E>> + Send,
        E: std::fmt::Display,
    {
        let signal = self.clone();
        tokio::spawn(async move {
            loop {
                let woken = signal.notified();
                tokio::pin!(woken);
                woken.as_mut().enable();
                if let Err(e) = drain().await {
                    tracing::warn!("{what}: {e}");
                }
                let _ = tokio::time::timeout(period, woken).await;
            }
        });
    }
}
