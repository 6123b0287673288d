//! "Remind me" on a track's page.

use super::api::{list_reminders, CreateReminder, DeleteReminder};
use leptos::prelude::*;

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
