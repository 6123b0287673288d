//! A track's detail page: widgets a URL can address and highlight (`?widget=comments`).

use super::api::get_track;
use crate::error::AppError;
use crate::invitations::api::InviteCollaborator;
use crate::notifications::Widget;
use crate::tracks::api::*;
use crate::tracks::ui::Artwork;
use crate::tracks::{due_label, Comment, Role, Stage, TrackDetail};
use crate::ui::format::human_size;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::{sink_text, PageTitle};
use crate::ui::time::RelativeTime;
use crate::ui::toast::use_toasts;
use crate::ui::{after_success, FormError};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Re-fetches the track after a change.
#[derive(Clone, Copy)]
struct Refresh(RwSignal<u64>);

impl Refresh {
    fn run(self) {
        self.0.update(|v| *v += 1);
    }
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let version = RwSignal::new(0u64);
    provide_context(Refresh(version));
    let session = crate::ui::session::use_session();
    let detail = Resource::new(
        move || (id(), version.get(), session.access_version.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_track(id).await,
                None => Err(AppError::not_found(
                    "This track does not exist or is not shared with you.",
                )),
            }
        },
    );
    let highlight = Memo::new(move |_| query.read().get("widget").and_then(|w| Widget::parse(&w)));
    // Bring the highlighted widget into view once it is on the page.
    Effect::new(move |_| {
        if let (Some(w), Some(Ok(_))) = (highlight.get(), detail.get()) {
            crate::ui::browser::scroll_to(format!("widget-{}", w.as_str()));
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading track…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <TrackView d highlight/> }.into_any(),
                    Err(e) => {
                        #[cfg(feature = "ssr")]
                        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                            res.set_status(http::StatusCode::from_u16(e.status_code()).unwrap_or(http::StatusCode::NOT_FOUND));
                        }
                        view! {
                            <PageTitle text="Track not available"/>
                            <div class="narrow-page">
                                <h1>"Track not available"</h1>
                                <p role="alert">{e.to_string()}</p>
                                <p><a href="/">"Back to your tracks"</a></p>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn WidgetBox(
    widget: Widget,
    title: &'static str,
    highlight: Memo<Option<Widget>>,
    children: Children,
) -> impl IntoView {
    let heading = format!("widget-{}-heading", widget.as_str());
    view! {
        <section
            id=format!("widget-{}", widget.as_str())
            class=format!("widget widget-{}", widget.as_str())
            class:highlighted=move || highlight.get() == Some(widget)
            aria-labelledby=heading.clone()
            data-highlighted=move || (highlight.get() == Some(widget)).to_string()
        >
            <h2 id=heading.clone()>{title}</h2>
            {children()}
        </section>
    }
}

#[component]
fn TrackView(d: TrackDetail, highlight: Memo<Option<Widget>>) -> impl IntoView {
    let role = d.card.role;
    let card = d.card.clone();
    let (stage, due, artwork, comments, files) =
        (d.clone(), d.clone(), d.clone(), d.clone(), d.clone());
    view! {
        <PageTitle text=card.title.clone()/>
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">"Tracks"</a>" / "<span>{card.title.clone()}</span></nav>
        <div class="track-head">
            <Artwork track_id=card.id version=card.artwork_version title=card.title.clone() large=true/>
            <div>
                <h1>{card.title.clone()}</h1>
                <p class="card-meta">
                    <span class=format!("stage-pill stage-{}", card.stage.as_str())>{card.stage.label()}</span>
                    <span class="permission">"Your access: "{role.label()}</span>
                    {card.project_name.clone().map(|p| view! { <span class="project-name">{p}</span> })}
                    <span>"Owner: "{card.owner_name.clone()}</span>
                </p>
                {(!role.can_edit()).then(|| view! {
                    <p class="notice">"You have view-only access: you can see this track and its files, but not change them."</p>
                })}
            </div>
        </div>
        <div class="widgets">
            <WidgetBox widget=Widget::Stage title="Stage" highlight><StageWidget d=stage/></WidgetBox>
            <WidgetBox widget=Widget::DueDate title="Due date" highlight><DueDateWidget d=due/></WidgetBox>
            <WidgetBox widget=Widget::Artwork title="Artwork & metadata" highlight><ArtworkWidget d=artwork/></WidgetBox>
            <WidgetBox widget=Widget::Comments title="Comments" highlight><CommentsWidget d=comments/></WidgetBox>
            <WidgetBox widget=Widget::Files title="Files" highlight><FilesWidget d=files/></WidgetBox>
            <WidgetBox widget=Widget::Collaborators title="Collaborators" highlight><CollaboratorsWidget d/></WidgetBox>
        </div>
    }
}

/// Re-fetches the track and says `message` once `value` holds a success.
fn refresh_after<T, S>(value: S, message: &'static str)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    let refresh = expect_context::<Refresh>();
    let toasts = use_toasts();
    after_success(value, move |_| {
        toasts.success(message);
        refresh.run();
    });
}

#[component]
fn StageWidget(d: TrackDetail) -> impl IntoView {
    let action = ServerAction::<SetStage>::new();
    refresh_after(action.value(), "Stage updated.");
    let current = d.card.stage;
    let track_id = d.card.id;
    let can_edit = d.card.role.can_edit();
    view! {
        <ol class="stage-steps" aria-label="Stages">
            {[Stage::Idea, Stage::Editing, Stage::Ready, Stage::Published].into_iter().map(|s| view! {
                <li class:current=s == current aria-current=(s == current).then_some("step")>{s.label()}</li>
            }).collect_view()}
        </ol>
        <label class="field">"Stage"
            <select
                aria-label="Stage"
                disabled=move || !can_edit || action.pending().get()
                on:change=move |ev| { action.dispatch(SetStage { track_id, stage: event_target_value(&ev) }); }
            >
                {Stage::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=s == current>{s.label()}</option>
                }).collect_view()}
            </select>
        </label>
        <FormError value=action.value()/>
    }
}

#[component]
fn DueDateWidget(d: TrackDetail) -> impl IntoView {
    let action = ServerAction::<SetDueDate>::new();
    refresh_after(action.value(), "Due date saved.");
    let track_id = d.card.id;
    let label = d.card.due_date.as_deref().map(|v| due_label(&d.today, v));
    let due_value = d.card.due_date.clone().unwrap_or_default();
    let has_due = d.card.due_date.is_some();
    view! {
        <p class="due-summary">{label.unwrap_or_else(|| "No due date set.".into())}</p>
        {d.card.role.can_edit().then(|| view! {
            <ActionForm action=action attr:class="inline-form" attr:aria-label="Set due date">
                <input type="hidden" name="track_id" value=track_id.to_string()/>
                <input type="date" name="due_date" aria-label="Due date" value=due_value/>
                <button class="primary" type="submit">"Save due date"</button>
            </ActionForm>
            {has_due.then(|| view! {
                <button class="link-button" on:click=move |_| { action.dispatch(SetDueDate { track_id, due_date: String::new() }); }>"Clear due date"</button>
            })}
        })}
        <FormError value=action.value()/>
        <crate::reminders::ui::RemindMe track_id/>
    }
}

#[component]
fn ArtworkWidget(d: TrackDetail) -> impl IntoView {
    let meta = ServerAction::<UpdateMetadata>::new();
    refresh_after(meta.value(), "Details saved.");
    let art = Action::new_local(|data: &web_sys::FormData| set_artwork(data.clone().into()));
    refresh_after(art.value(), "Artwork updated.");
    let c = d.card.clone();
    let on_art = crate::ui::submit_multipart(art);
    let bpm = d.bpm.map(|b| b.to_string()).unwrap_or_default();
    if !c.role.can_edit() {
        return view! {
            <Artwork track_id=c.id version=c.artwork_version title=c.title.clone()/>
            <dl class="metadata">
                <dt>"BPM"</dt><dd>{if bpm.is_empty() { "—".to_string() } else { bpm }}</dd>
                <dt>"Key"</dt><dd>{d.musical_key.unwrap_or_else(|| "—".into())}</dd>
                <dt>"Genre"</dt><dd>{d.genre.unwrap_or_else(|| "—".into())}</dd>
                <dt>"Description"</dt><dd>{if d.description.is_empty() { "—".to_string() } else { d.description }}</dd>
            </dl>
        }
        .into_any();
    }
    view! {
        <div class="artwork-row">
            <Artwork track_id=c.id version=c.artwork_version title=c.title.clone()/>
            <form class="form" aria-label="Artwork" on:submit=on_art method="post" action="/api/tracks/artwork" enctype="multipart/form-data">
                <input type="hidden" name="track_id" value=c.id.to_string()/>
                <label>"Artwork image"<input type="file" name="artwork" accept="image/png,image/jpeg,image/gif,image/webp" required/></label>
                <button type="submit" disabled=move || art.pending().get()>
                    <Icon kind=IconKind::Upload/>{move || if art.pending().get() { "Uploading…" } else { "Upload artwork" }}
                </button>
                <FormError value=art.value()/>
            </form>
        </div>
        <ActionForm action=meta attr:class="form metadata-form" attr:aria-label="Metadata">
            <input type="hidden" name="track_id" value=c.id.to_string()/>
            <label>"Title"<input name="title" value=c.title.clone() required maxlength="120"/></label>
            <div class="form-row">
                <label>"BPM"<input name="bpm" inputmode="numeric" value=bpm/></label>
                <label>"Key"<input name="musical_key" value=d.musical_key.unwrap_or_default() maxlength="40"/></label>
                <label>"Genre"<input name="genre" value=d.genre.unwrap_or_default() maxlength="40"/></label>
            </div>
            <label>"Description"<textarea name="description" rows="3" maxlength="2000">{sink_text(d.description)}</textarea></label>
            <FormError value=meta.value()/>
            <button class="primary" type="submit">"Save details"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn CommentsWidget(d: TrackDetail) -> impl IntoView {
    let add = ServerAction::<AddComment>::new();
    refresh_after(add.value(), "Comment posted.");
    let can_edit = d.card.role.can_edit();
    let viewer = d.viewer_id;
    let empty = d.comments.is_empty();
    view! {
        {empty.then(|| view! { <p class="muted">"No comments yet."</p> })}
        <ol class="comments" aria-label="Comments">
            {d.comments.into_iter().map(|c| {
                let mine = c.author_id == viewer;
                view! { <CommentItem c can_edit=can_edit && mine/> }
            }).collect_view()}
        </ol>
        {can_edit.then(|| view! {
            <ActionForm action=add attr:class="form" attr:aria-label="Add a comment">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <label>"Comment"<textarea name="body" rows="3" required maxlength="5000"></textarea></label>
                <FormError value=add.value()/>
                <button class="primary" type="submit" disabled=move || add.pending().get()>"Post comment"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn CommentItem(c: Comment, can_edit: bool) -> impl IntoView {
    let edit = ServerAction::<EditComment>::new();
    refresh_after(edit.value(), "Comment updated.");
    let editing = RwSignal::new(false);
    let body = c.body.clone();
    let draft = StoredValue::new(c.body.clone());
    let comment_id = c.id;
    view! {
        <li class="comment">
            <p class="comment-head">
                <strong>{c.author_name.clone()}</strong>" · "<RelativeTime at=c.created_at/>
                {c.edited_at.map(|_| view! { " · " <em>"edited"</em> })}
            </p>
            <Show when=move || editing.get() fallback={
                let body = body.clone();
                move || view! { <p class="comment-body">{body.clone()}</p> }
            }>
                <ActionForm action=edit attr:class="form" attr:aria-label="Edit comment">
                    <input type="hidden" name="comment_id" value=comment_id.to_string()/>
                    <label>"Edit comment"<textarea name="body" rows="3" required maxlength="5000">{sink_text(draft.get_value())}</textarea></label>
                    <FormError value=edit.value()/>
                    <div class="form-actions">
                        <button class="primary" type="submit">"Save comment"</button>
                        <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </ActionForm>
            </Show>
            {can_edit.then(|| view! {
                <Show when=move || !editing.get()>
                    <button class="link-button" on:click=move |_| editing.set(true)>"Edit"</button>
                </Show>
            })}
        </li>
    }
}

#[component]
fn FilesWidget(d: TrackDetail) -> impl IntoView {
    let upload = Action::new_local(|data: &web_sys::FormData| upload_file(data.clone().into()));
    refresh_after(upload.value(), "File uploaded.");
    let on_submit = crate::ui::submit_multipart(upload);
    let empty = d.files.is_empty();
    let live = expect_context::<crate::tracks::ui::LiveSync>();
    view! {
        {empty.then(|| view! { <p class="muted">"No files yet."</p> })}
        <ul class="files" aria-label="Files">
            {d.files.into_iter().map(|f| {
                let (id, name, syncing) = (f.id, f.name.clone(), f.syncing);
                // Available once synced to me (now, or live while the page is open).
                let ready = move || syncing.is_none() || live.files_synced.with(|s| s.contains(&id));
                view! {
                    <li>
                        <Icon kind=IconKind::FileIcon/>
                        <Show when=ready fallback=move || view! {
                            <span>{name.clone()}</span>
                            <span class="pill warn">"Syncing to you…"</span>
                        }>
                            <a href=format!("/media/files/{id}") download=f.name.clone()>{f.name.clone()}</a>
                        </Show>
                        <span class="muted">{human_size(f.size_bytes.max(0) as u64)}" · "{f.uploader_name.clone()}" · "<RelativeTime at=f.created_at/></span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {d.card.role.can_edit().then(|| view! {
            <form class="inline-form" aria-label="Upload a file" on:submit=on_submit method="post" action="/api/tracks/files" enctype="multipart/form-data">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <input type="file" name="file" aria-label="File to upload" required/>
                <button type="submit" disabled=move || upload.pending().get()>
                    <Icon kind=IconKind::Upload/>{move || if upload.pending().get() { "Uploading…" } else { "Upload file" }}
                </button>
            </form>
            <FormError value=upload.value()/>
        })}
    }
}

#[component]
fn CollaboratorsWidget(d: TrackDetail) -> impl IntoView {
    let invite = ServerAction::<InviteCollaborator>::new();
    refresh_after(invite.value(), "Invitation sent.");
    let can_manage = d.card.role.can_manage();
    let viewer = d.viewer_id;
    let (track_id, title) = (d.card.id, d.card.title.clone());
    view! {
        <ul class="members" aria-label="Collaborators">
            {d.members.into_iter().map(|m| {
                let end = match m.role {
                    Role::Member(_) if m.user_id == viewer => Some(Ending::Leave(title.clone())),
                    Role::Member(_) if can_manage => Some(Ending::Remove(m.user_id, m.display_name.clone())),
                    _ => None,
                };
                view! {
                    <li>
                        <span class="avatar small" aria-hidden="true">{m.display_name.chars().next().unwrap_or('?').to_uppercase().to_string()}</span>
                        <span>{m.display_name.clone()}{m.email.clone().map(|e| view! { <small class="muted">" "{e}</small> })}</span>
                        <span class="permission">{m.role.label()}</span>
                        {end.map(|end| view! { <EndCollaboration track_id end/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(can_manage && !d.invites.is_empty()).then(|| view! {
            <h3>"Pending invitations"</h3>
            <ul class="members pending" aria-label="Pending invitations">
                {d.invites.into_iter().map(|i| view! {
                    <li>
                        <span>{i.email.clone()}</span>
                        <span class="permission">{i.permission.label()}</span>
                        <span class="muted">"Sent "<RelativeTime at=i.created_at/></span>
                        <RevokeInvite id=i.id name=i.email.clone()/>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {can_manage.then(|| view! {
            <ActionForm action=invite attr:class="form" attr:aria-label="Add a collaborator">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <crate::tracks::ui::PersonFields/>
                <FormError value=invite.value()/>
                <button class="primary" type="submit" disabled=move || invite.pending().get()>"Send invite"</button>
            </ActionForm>
        })}
        {(!can_manage).then(|| view! {
            <p class="muted">{match d.card.role { Role::Owner => "", _ => "Only the owner or a collaborator with full control can add collaborators." }}</p>
        })}
    }
}

/// How a collaboration ends from this page.
#[derive(Clone)]
enum Ending {
    /// The viewer leaves the track (its title).
    Leave(String),
    /// The viewer removes a collaborator (id, name).
    Remove(i64, String),
}

/// A "Leave track" / "Remove" button that asks once more before it acts.
#[component]
fn EndCollaboration(track_id: i64, end: Ending) -> impl IntoView {
    use crate::invitations::api::{leave_track, remove_collaborator};
    let toasts = use_toasts();
    let refresh = expect_context::<Refresh>();
    let asking = RwSignal::new(false);
    let end = StoredValue::new(end);
    let act = Action::new_local(move |_: &()| {
        let end = end.get_value();
        async move {
            match &end {
                Ending::Leave(_) => leave_track(track_id).await,
                Ending::Remove(id, _) => remove_collaborator(track_id, *id).await,
            }
            .map(|_| end)
        }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(Ending::Leave(title))) => {
            toasts.success(format!("You left {title}."));
            let navigate = leptos_router::hooks::use_navigate();
            navigate("/", Default::default());
        }
        Some(Ok(Ending::Remove(_, name))) => {
            toasts.success(format!("{name} is no longer a collaborator."));
            refresh.run();
        }
        Some(Err(e)) => {
            asking.set(false);
            toasts.error(e.to_string());
        }
        None => {}
    });
    let (label, question, confirm) = end.with_value(|e| match e {
        Ending::Leave(title) => (
            "Leave track".to_string(),
            format!("Leave {title}? You will lose access to it and its files."),
            "Leave".to_string(),
        ),
        Ending::Remove(_, name) => (
            format!("Remove {name}"),
            format!("Remove {name} from this track?"),
            format!("Yes, remove {name}"),
        ),
    });
    let short = end.with_value(|e| {
        if matches!(e, Ending::Leave(_)) {
            "Leave track"
        } else {
            "Remove"
        }
    });
    view! {
        <Show when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="link-button danger" aria-label=label.clone() on:click=move |_| asking.set(true)>{short}</button>
            }>
            <span class="confirm" role="group" aria-label=question.clone()>
                <span>{question.clone()}</span>
                <button type="button" class="danger" disabled=move || act.pending().get() on:click=move |_| { act.dispatch(()); }>
                    {let confirm = confirm.clone(); move || if act.pending().get() { "Working…".to_string() } else { confirm.clone() }}
                </button>
                <button type="button" class="link-button" on:click=move |_| asking.set(false)>"Cancel"</button>
            </span>
        </Show>
    }
}

/// Withdraws a pending invitation; it leaves the invitee's list at once.
#[component]
fn RevokeInvite(id: i64, name: String) -> impl IntoView {
    let revoke = Action::new(move |_: &()| crate::invitations::api::revoke_invitation(id));
    refresh_after(revoke.value(), "Invitation withdrawn.");
    crate::ui::toast_failures(revoke.value());
    view! {
        <button type="button" class="link-button danger" aria-label=format!("Revoke the invitation to {name}")
            disabled=move || revoke.pending().get() on:click=move |_| { revoke.dispatch(()); }>
            {move || if revoke.pending().get() { "Revoking…" } else { "Revoke" }}
        </button>
    }
}
