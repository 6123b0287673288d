//! "Remind me" on a track's page: the person's own reminders, each deleted with a form,
//! and a form to set one (its time is read in the browser's own time zone: the form
//! sends it as a moment, see `data-ms-field` in `ui/form.rs`).

use super::api::{CreateReminder, DeleteReminder};
use super::Reminder;
use crate::ui::form::Form;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::time::TimeUntil;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Remind me": the signed-in user's own reminders on a track.
#[component]
pub fn RemindMe(track_id: i64, reminders: Vec<Reminder>) -> impl IntoView {
    view! {
        <h3>"Remind me"</h3>
        <ul class="reminders" aria-label="My reminders">
            {reminders.into_iter().map(|r| view! {
                <li>
                    <Icon kind=IconKind::Clock/>
                    <span><TimeUntil at=r.remind_at/>{(!r.note.is_empty()).then(|| format!(" · {}", r.note))}</span>
                    <Form action=DeleteReminder::PATH class="plain" keep=true done="Reminder deleted.">
                        <input type="hidden" name="id" value=r.id.to_string()/>
                        <button type="submit" class="link-button" aria-label=format!("Delete reminder {}", r.note)>"Delete"</button>
                    </Form>
                </li>
            }).collect_view()}
        </ul>
        <Form action=CreateReminder::PATH label="Set a reminder" class="inline-form" done="Reminder set.">
            <input type="hidden" name="track_id" value=track_id.to_string()/>
            <input type="hidden" name="remind_at" value=""/>
            <input type="datetime-local" step="1" aria-label="Remind me at" name="remind_at_local" data-ms-field="remind_at" required/>
            <input aria-label="Reminder note" placeholder="Note (optional)" maxlength="200" name="note"/>
            <button type="submit">"Set reminder"</button>
        </Form>
    }
}
