//! A track's detail page: widgets a URL can address and highlight (`?widget=comments`).
//! Rendered on the server; every change is a form answering in place (`ui/form.rs`),
//! after which the widgets whose data changed are refreshed (each widget is a region).

use super::api::get_track;
use crate::error::AppError;
use crate::invitations::api::{
    InviteCollaborator, LeaveTrack, RemoveCollaborator, RevokeInvitation,
};
use crate::notifications::Widget;
use crate::tracks::api::*;
use crate::tracks::ui::Artwork;
use crate::tracks::{due_label, Comment, Role, Stage, TrackDetail};
use crate::ui::disclosure::Reveal;
use crate::ui::form::Form;
use crate::ui::format::human_size;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::{sink_text, PageTitle};
use crate::ui::refresh::{rev, Region};
use crate::ui::time::RelativeTime;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TrackPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let highlight =
        use_query_map().with_untracked(|q| q.get("widget").and_then(|w| Widget::parse(&w)));
    let detail = Resource::new(
        || (),
        move |_| async move {
            match id {
                Some(id) => get_track(id).await,
                None => Err(AppError::not_found(
                    "This track does not exist or is not shared with you.",
                )),
            }
        },
    );
    let reminders = Resource::new(
        || (),
        move |_| async move {
            match id {
                Some(id) => crate::reminders::api::list_reminders(id)
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading track…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let reminders = reminders.await;
                        view! { <TrackView d highlight reminders/> }.into_any()
                    }
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
        </Suspense>
    }
}

/// A widget of the page: a region of its own, refreshed when `data` changes.
#[component]
fn WidgetBox(
    widget: Widget,
    title: &'static str,
    highlight: Option<Widget>,
    rev: u64,
    children: Children,
) -> impl IntoView {
    let heading = format!("widget-{}-heading", widget.as_str());
    let lit = highlight == Some(widget);
    view! {
        <Region name=widget.as_str() rev>
            <section
                id=format!("widget-{}", widget.as_str())
                class=format!("widget widget-{}", widget.as_str())
                class:highlighted=lit
                aria-labelledby=heading.clone()
                data-highlighted=lit.to_string()
            >
                <h2 id=heading.clone()>{title}</h2>
                {children()}
            </section>
        </Region>
    }
}

#[component]
fn TrackView(
    d: TrackDetail,
    highlight: Option<Widget>,
    reminders: Vec<crate::reminders::Reminder>,
) -> impl IntoView {
    let role = d.card.role;
    let card = d.card.clone();
    let head = rev(&card);
    let stage_rev = rev(&(card.stage, role));
    let due_rev = rev(&(&card.due_date, &d.today, role, &reminders));
    let art_rev = rev(&(
        &card.title,
        card.artwork_version,
        d.bpm,
        &d.musical_key,
        &d.genre,
        &d.description,
        role,
    ));
    let comments_rev = rev(&(&d.comments, d.viewer_id, role));
    let files_rev = rev(&(&d.files, role));
    let people_rev = rev(&(&d.members, &d.invites, d.viewer_id, role, &card.title));
    let (stage, due, artwork, comments, files) =
        (d.clone(), d.clone(), d.clone(), d.clone(), d.clone());
    view! {
        <PageTitle text=card.title.clone()/>
        <Region name="head" rev=head>
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
        </Region>
        <div class="widgets">
            <WidgetBox widget=Widget::Stage title="Stage" highlight rev=stage_rev><StageWidget d=stage/></WidgetBox>
            <WidgetBox widget=Widget::DueDate title="Due date" highlight rev=due_rev><DueDateWidget d=due reminders/></WidgetBox>
            <WidgetBox widget=Widget::Artwork title="Artwork & metadata" highlight rev=art_rev><ArtworkWidget d=artwork/></WidgetBox>
            <WidgetBox widget=Widget::Comments title="Comments" highlight rev=comments_rev><CommentsWidget d=comments/></WidgetBox>
            <WidgetBox widget=Widget::Files title="Files" highlight rev=files_rev><FilesWidget d=files/></WidgetBox>
            <WidgetBox widget=Widget::Collaborators title="Collaborators" highlight rev=people_rev><CollaboratorsWidget d/></WidgetBox>
        </div>
    }
}

#[component]
fn StageWidget(d: TrackDetail) -> impl IntoView {
    let current = d.card.stage;
    let track_id = d.card.id;
    let can_edit = d.card.role.can_edit();
    view! {
        <ol class="stage-steps" aria-label="Stages">
            {[Stage::Idea, Stage::Editing, Stage::Ready, Stage::Published].into_iter().map(|s| view! {
                <li class:current=s == current aria-current=(s == current).then_some("step")>{s.label()}</li>
            }).collect_view()}
        </ol>
        <Form action=SetStage::PATH label="Set stage" class="stage-form" on_change=true keep=true done="Stage updated.">
            <input type="hidden" name="track_id" value=track_id.to_string()/>
            <label class="field">"Stage"
                <select name="stage" aria-label="Stage" disabled=!can_edit>
                    {Stage::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=s == current>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            {can_edit.then(|| view! { <noscript><button type="submit">"Save stage"</button></noscript> })}
        </Form>
    }
}

#[component]
fn DueDateWidget(d: TrackDetail, reminders: Vec<crate::reminders::Reminder>) -> impl IntoView {
    let track_id = d.card.id;
    let label = d.card.due_date.as_deref().map(|v| due_label(&d.today, v));
    let due_value = d.card.due_date.clone().unwrap_or_default();
    let has_due = d.card.due_date.is_some();
    view! {
        <p class="due-summary">{label.unwrap_or_else(|| "No due date set.".into())}</p>
        {d.card.role.can_edit().then(|| view! {
            <Form action=SetDueDate::PATH label="Set due date" class="inline-form" keep=true done="Due date saved.">
                <input type="hidden" name="track_id" value=track_id.to_string()/>
                <input type="date" name="due_date" aria-label="Due date" value=due_value/>
                <button class="primary" type="submit">"Save due date"</button>
            </Form>
            {has_due.then(|| view! {
                <Form action=SetDueDate::PATH label="Clear due date" class="plain" keep=true done="Due date cleared.">
                    <input type="hidden" name="track_id" value=track_id.to_string()/>
                    <input type="hidden" name="due_date" value=""/>
                    <button class="link-button" type="submit">"Clear due date"</button>
                </Form>
            })}
        })}
        <crate::reminders::ui::RemindMe track_id reminders/>
    }
}

#[component]
fn ArtworkWidget(d: TrackDetail) -> impl IntoView {
    let c = d.card.clone();
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
            <Form action=SetArtwork::PATH label="Artwork" class="form" multipart=true done="Artwork updated.">
                <input type="hidden" name="track_id" value=c.id.to_string()/>
                <label>"Artwork image"<input type="file" name="artwork" accept="image/png,image/jpeg,image/gif,image/webp" required/></label>
                <button type="submit">
                    <Icon kind=IconKind::Upload/><span data-pending="Uploading…">"Upload artwork"</span>
                </button>
            </Form>
        </div>
        <Form action=UpdateMetadata::PATH label="Metadata" class="form metadata-form" keep=true done="Details saved.">
            <input type="hidden" name="track_id" value=c.id.to_string()/>
            <label>"Title"<input name="title" value=c.title.clone() required maxlength="120"/></label>
            <div class="form-row">
                <label>"BPM"<input name="bpm" inputmode="numeric" value=bpm/></label>
                <label>"Key"<input name="musical_key" value=d.musical_key.unwrap_or_default() maxlength="40"/></label>
                <label>"Genre"<input name="genre" value=d.genre.unwrap_or_default() maxlength="40"/></label>
            </div>
            <label>"Description"<textarea name="description" rows="3" maxlength="2000">{sink_text(d.description)}</textarea></label>
            <button class="primary" type="submit">"Save details"</button>
        </Form>
    }
    .into_any()
}

#[component]
fn CommentsWidget(d: TrackDetail) -> impl IntoView {
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
            <Form action=AddComment::PATH label="Add a comment" class="form" done="Comment posted.">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <label>"Comment"<textarea name="body" rows="3" required maxlength="5000"></textarea></label>
                <button class="primary" type="submit" data-pending="Posting…">"Post comment"</button>
            </Form>
        })}
    }
}

#[component]
fn CommentItem(c: Comment, can_edit: bool) -> impl IntoView {
    let comment_id = c.id;
    view! {
        <li class="comment">
            <p class="comment-head">
                <strong>{c.author_name.clone()}</strong>" · "<RelativeTime at=c.created_at/>
                {c.edited_at.map(|_| view! { " · " <em>"edited"</em> })}
            </p>
            <p class="comment-body">{c.body.clone()}</p>
            {can_edit.then(|| view! {
                <Reveal id=format!("edit-comment-{comment_id}") label="Edit" class="link-button" wrap="comment-edit">
                    <Form action=EditComment::PATH label="Edit comment" class="form" keep=true done="Comment updated.">
                        <input type="hidden" name="comment_id" value=comment_id.to_string()/>
                        <label>"Edit comment"<textarea name="body" rows="3" required maxlength="5000">{sink_text(c.body.clone())}</textarea></label>
                        <div class="form-actions">
                            <button class="primary" type="submit">"Save comment"</button>
                            <button type="button" data-close="">"Cancel"</button>
                        </div>
                    </Form>
                </Reveal>
            })}
        </li>
    }
}

#[component]
fn FilesWidget(d: TrackDetail) -> impl IntoView {
    let empty = d.files.is_empty();
    view! {
        {empty.then(|| view! { <p class="muted">"No files yet."</p> })}
        <ul class="files" aria-label="Files">
            {d.files.into_iter().map(|f| {
                let id = f.id;
                view! {
                    <li>
                        <Icon kind=IconKind::FileIcon/>
                        {match f.syncing {
                            None => view! { <a href=format!("/media/files/{id}") download=f.name.clone()>{f.name.clone()}</a> }.into_any(),
                            Some(_) => view! {
                                <span>{f.name.clone()}</span>
                                <span class="pill warn">"Syncing to you…"</span>
                            }.into_any(),
                        }}
                        <span class="muted">{human_size(f.size_bytes.max(0) as u64)}" · "{f.uploader_name.clone()}" · "<RelativeTime at=f.created_at/></span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {d.card.role.can_edit().then(|| view! {
            <Form action=UploadFile::PATH label="Upload a file" class="inline-form" multipart=true done="File uploaded.">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <input type="file" name="file" aria-label="File to upload" required/>
                <button type="submit">
                    <Icon kind=IconKind::Upload/><span data-pending="Uploading…">"Upload file"</span>
                </button>
            </Form>
        })}
    }
}

#[component]
fn CollaboratorsWidget(d: TrackDetail) -> impl IntoView {
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
                        <Form action=RevokeInvitation::PATH class="plain" keep=true done="Invitation withdrawn.">
                            <input type="hidden" name="id" value=i.id.to_string()/>
                            <button type="submit" class="link-button danger" aria-label=format!("Revoke the invitation to {}", i.email)
                                data-pending="Revoking…">"Revoke"</button>
                        </Form>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {can_manage.then(|| view! {
            <Form action=InviteCollaborator::PATH label="Add a collaborator" class="form" done="Invitation sent.">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <crate::tracks::ui::PersonFields/>
                <button class="primary" type="submit" data-pending="Sending…">"Send invite"</button>
            </Form>
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
    let (key, label, short, question, confirm) = match &end {
        Ending::Leave(title) => (
            "leave".to_string(),
            "Leave track".to_string(),
            "Leave track",
            format!("Leave {title}? You will lose access to it and its files."),
            "Leave".to_string(),
        ),
        Ending::Remove(id, name) => (
            format!("remove-{id}"),
            format!("Remove {name}"),
            "Remove",
            format!("Remove {name} from this track?"),
            format!("Yes, remove {name}"),
        ),
    };
    let form = match end {
        Ending::Leave(title) => view! {
            <Form action=LeaveTrack::PATH class="plain" done=format!("You left {title}.") then="/">
                <input type="hidden" name="track_id" value=track_id.to_string()/>
                <button type="submit" class="danger" data-pending="Working…">{confirm}</button>
            </Form>
        }
        .into_any(),
        Ending::Remove(user_id, name) => view! {
            <Form action=RemoveCollaborator::PATH class="plain" done=format!("{name} is no longer a collaborator.")>
                <input type="hidden" name="track_id" value=track_id.to_string()/>
                <input type="hidden" name="user_id" value=user_id.to_string()/>
                <button type="submit" class="danger" data-pending="Working…">{confirm}</button>
            </Form>
        }
        .into_any(),
    };
    view! {
        <Reveal id=format!("end-{key}") label=short name=label class="link-button danger" wrap="confirm-reveal">
            <span class="confirm" role="group" aria-label=question.clone()>
                <span>{question.clone()}</span>
                {form}
                <button type="button" class="link-button" data-close="">"Cancel"</button>
            </span>
        </Reveal>
    }
}
