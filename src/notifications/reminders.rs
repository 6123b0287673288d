//! Personal reminders: on a track, a person sets a date and time (and a note); at that
//! time a Reminder notification reaches only them, once. They can edit or delete it
//! until it fires.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: i64,
    pub track_id: i64,
    pub remind_at: i64,
    pub note: String,
}

pub const NOTE_MAX: usize = 200;

#[cfg(feature = "ssr")]
pub mod store {
    use super::{Reminder, NOTE_MAX};
    use crate::error::{AppError, AppResult};
    use crate::notifications::kinds::Kind;
    use crate::notifications::pipeline::{self, Delivered, Note};
    use sqlx::{SqliteConnection, SqlitePool};

    const YEAR_MS: i64 = 366 * 24 * 3600 * 1000;

    pub fn validate(remind_at: i64, note: &str, now: i64) -> AppResult<String> {
        if remind_at <= now {
            return Err(AppError::invalid(
                "Choose a time in the future for the reminder.",
            ));
        }
        if remind_at > now + 2 * YEAR_MS {
            return Err(AppError::invalid(
                "A reminder can be at most two years ahead.",
            ));
        }
        crate::text::optional(note, NOTE_MAX, crate::text::multiline)
            .map(Option::unwrap_or_default)
            .map_err(|p| {
                p.error(
                    "A reminder note",
                    "",
                    &format!("A reminder note has at most {NOTE_MAX} characters."),
                )
            })
    }

    /// The user's reminders on a track that have not fired yet, soonest first.
    pub async fn pending(
        pool: &SqlitePool,
        user_id: i64,
        track_id: i64,
    ) -> AppResult<Vec<Reminder>> {
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT id, track_id, remind_at, note FROM reminders
             WHERE user_id = ? AND track_id = ? AND fired_at IS NULL ORDER BY remind_at, id",
        )
        .bind(user_id)
        .bind(track_id)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, track_id, remind_at, note)| Reminder {
                id,
                track_id,
                remind_at,
                note,
            })
            .collect())
    }

    pub async fn create(
        db: &mut SqliteConnection,
        user_id: i64,
        track_id: i64,
        remind_at: i64,
        note: &str,
        now: i64,
    ) -> AppResult<i64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reminders WHERE user_id = ? AND track_id = ? AND fired_at IS NULL")
            .bind(user_id)
            .bind(track_id)
            .fetch_one(&mut *db)
            .await?;
        if n >= 20 {
            return Err(AppError::conflict(
                "You already have 20 reminders on this track. Delete one first.",
            ));
        }
        Ok(sqlx::query("INSERT INTO reminders (user_id, track_id, remind_at, note, created_at) VALUES (?, ?, ?, ?, ?)")
            .bind(user_id)
            .bind(track_id)
            .bind(remind_at)
            .bind(note)
            .bind(now)
            .execute(&mut *db)
            .await?
            .last_insert_rowid())
    }

    fn gone() -> AppError {
        AppError::not_found("This reminder does not exist or has already gone off.")
    }

    /// Changes one of the user's reminders that has not fired (404 otherwise).
    pub async fn update(
        db: &mut SqliteConnection,
        user_id: i64,
        id: i64,
        remind_at: i64,
        note: &str,
    ) -> AppResult<()> {
        let n = sqlx::query("UPDATE reminders SET remind_at = ?, note = ? WHERE id = ? AND user_id = ? AND fired_at IS NULL")
            .bind(remind_at)
            .bind(note)
            .bind(id)
            .bind(user_id)
            .execute(&mut *db)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(gone());
        }
        Ok(())
    }

    pub async fn delete(db: &mut SqliteConnection, user_id: i64, id: i64) -> AppResult<()> {
        let n =
            sqlx::query("DELETE FROM reminders WHERE id = ? AND user_id = ? AND fired_at IS NULL")
                .bind(id)
                .bind(user_id)
                .execute(&mut *db)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(gone());
        }
        Ok(())
    }

    /// Fires every reminder due at `now`, each exactly once (the `fired_at IS NULL` claim
    /// makes a second run, or a second instance, a no-op). A reminder whose person is no
    /// longer on the track fires nothing.
    pub async fn fire_due(db: &mut SqliteConnection, now: i64) -> AppResult<Delivered> {
        let due: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(
            "UPDATE reminders SET fired_at = ?1 WHERE fired_at IS NULL AND remind_at <= ?1
             RETURNING id, user_id, track_id, note,
                       (SELECT title FROM tracks WHERE tracks.id = reminders.track_id)",
        )
        .bind(now)
        .fetch_all(&mut *db)
        .await?;
        let mut delivered = Delivered::default();
        for (_, user_id, track_id, note, title) in due {
            if crate::tracks::store::role(db, user_id, track_id)
                .await?
                .is_none()
            {
                continue;
            }
            let message = if note.is_empty() {
                format!("You asked to be reminded about {title}.")
            } else {
                note
            };
            let n = Note::new(
                Kind::PersonalReminder,
                format!("Reminder: {title}"),
                message,
            )
            .on_track(track_id);
            delivered.extend(pipeline::emit(db, now, &[user_id], &n).await?);
        }
        Ok(delivered)
    }
}

/// The signed-in user's pending reminders on a track.
#[server(endpoint = "reminders/list")]
pub async fn list_reminders(track_id: i64) -> Result<Vec<Reminder>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    crate::tracks::store::require(
        &mut conn,
        user.id,
        track_id,
        crate::tracks::store::Need::Read,
    )
    .await?;
    store::pending(&state.pool, user.id, track_id).await
}

/// Sets a reminder on a track (any member may remind themselves, viewers included).
#[server(endpoint = "reminders/create")]
pub async fn create_reminder(track_id: i64, remind_at: i64, note: String) -> Result<i64, AppError> {
    use crate::tracks::store::{require, Need};
    crate::platform::db::in_write_tx(async |tx, user, state| {
        let now = state.clock.now_ms();
        let note = store::validate(remind_at, &note, now)?;
        require(tx, user.id, track_id, Need::Read).await?;
        store::create(tx, user.id, track_id, remind_at, &note, now).await
    })
    .await
}

#[server(endpoint = "reminders/update")]
pub async fn update_reminder(id: i64, remind_at: i64, note: String) -> Result<(), AppError> {
    crate::platform::db::in_write_tx(async |tx, user, state| {
        let note = store::validate(remind_at, &note, state.clock.now_ms())?;
        store::update(tx, user.id, id, remind_at, &note).await
    })
    .await
}

#[server(endpoint = "reminders/delete")]
pub async fn delete_reminder(id: i64) -> Result<(), AppError> {
    crate::platform::db::in_write_tx(async |tx, user, _| store::delete(tx, user.id, id).await).await
}

/// "Remind me": the signed-in user's own reminders on a track.
#[component]
pub fn RemindMe(track_id: i64) -> impl IntoView {
    use crate::ui::icons::{Icon, IconKind};
    use crate::ui::toast::use_toasts;
    let toasts = use_toasts();
    let version = RwSignal::new(0u64);
    let list = Resource::new(move || version.get(), move |_| list_reminders(track_id));
    let create = ServerAction::<CreateReminder>::new();
    let remove = ServerAction::<DeleteReminder>::new();
    crate::ui::after_success(create.value(), move |_| {
        toasts.success("Reminder set.");
        version.update(|v| *v += 1);
    });
    crate::ui::after_success(remove.value(), move |_| {
        toasts.success("Reminder deleted.");
        version.update(|v| *v += 1);
    });
    let when = NodeRef::<leptos::html::Input>::new();
    let note = NodeRef::<leptos::html::Input>::new();
    let local_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(w), Some(n)) = (when.get(), note.get()) else {
            return;
        };
        match crate::ui::browser::local_datetime_ms(&w.value()) {
            Some(remind_at) => {
                local_error.set(None);
                create.dispatch(CreateReminder {
                    track_id,
                    remind_at,
                    note: n.value(),
                });
                n.set_value("");
            }
            None => local_error.set(Some("Choose a date and time for the reminder.".into())),
        }
    };
    let now = use_context::<crate::ui::time::Now>();
    view! {
        <h3>"Remind me"</h3>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let items = list.await.unwrap_or_default();
                view! {
                    <ul class="reminders" aria-label="My reminders">
                        {items.into_iter().map(|r| {
                            let at = r.remind_at;
                            let label = move || now.map(|n| crate::ui::format::relative_future(n.0.get(), at)).unwrap_or_default();
                            view! {
                                <li>
                                    <Icon kind=IconKind::Clock/>
                                    <span>{label}{(!r.note.is_empty()).then(|| format!(" · {}", r.note))}</span>
                                    <button class="link-button" aria-label=format!("Delete reminder {}", r.note)
                                        on:click=move |_| { remove.dispatch(DeleteReminder { id: r.id }); }>"Delete"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
        </Transition>
        <form class="inline-form" aria-label="Set a reminder" on:submit=submit>
            <input type="datetime-local" step="1" aria-label="Remind me at" node_ref=when required/>
            <input aria-label="Reminder note" placeholder="Note (optional)" maxlength="200" node_ref=note/>
            <button type="submit" disabled=move || create.pending().get()>"Set reminder"</button>
        </form>
        {move || local_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <crate::ui::FormError value=create.value()/>
        <crate::ui::FormError value=remove.value()/>
    }
}
