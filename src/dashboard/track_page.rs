//! A track's detail page: widgets a URL can address and highlight (`?widget=comments`).
//! Rendered on the server; every change is a form answering in place (`ui/form.rs`),
//! after which the widgets whose data changed are refreshed (each widget is a region).

use super::api::get_track;
use crate::error::AppError;
use crate::invitations::api::{
    InviteCollaborator, LeaveTrack, RemoveCollaborator, RevokeInvitation,
};
use crate::notifications::{Cue, Widget};
use crate::tracks::api::*;
use crate::tracks::player::{moment_href, moment_text, Player};
use crate::tracks::ui::Artwork;
use crate::tracks::{due_label, Comment, FileInfo, Role, Sound, Stage, TrackDetail};
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
    let (highlight, cue) = use_query_map().with_untracked(|q| {
        let widget = q.get("widget").and_then(|w| Widget::parse(&w));
        // A moment to cue: `file=12&t=92.5` (seconds); anything else is ignored.
        let file = q.get("file").and_then(|f| f.parse::<i64>().ok());
        let at = q
            .get("t")
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|t| t.is_finite() && (0.0..=86_400.0).contains(t))
            .map(|t| (t * 1000.0).round() as i64);
        let cue = file.map(|file_id| Cue {
            file_id,
            at_ms: at.unwrap_or(0),
        });
        (widget, cue)
    });
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
                        view! { <TrackView d highlight cue reminders/> }.into_any()
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
    cue: Option<Cue>,
    reminders: Vec<crate::reminders::Reminder>,
) -> impl IntoView {
    let role = d.card.role;
    let card = d.card.clone();
    let head = rev(&(&card, d.muted));
    let muted = d.muted;
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
    let comments_rev = rev(&(&d.comments, &d.files, d.viewer_id, role, cue));
    let files_rev = rev(&(&d.files, role, &d.comments, cue));
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
                    <MuteControl track_id=card.id title=card.title.clone() muted/>
                </div>
            </div>
        </Region>
        <div class="widgets">
            <WidgetBox widget=Widget::Stage title="Stage" highlight rev=stage_rev><StageWidget d=stage/></WidgetBox>
            <WidgetBox widget=Widget::DueDate title="Due date" highlight rev=due_rev><DueDateWidget d=due reminders/></WidgetBox>
            <WidgetBox widget=Widget::Artwork title="Artwork & metadata" highlight rev=art_rev><ArtworkWidget d=artwork/></WidgetBox>
            <WidgetBox widget=Widget::Comments title="Comments" highlight rev=comments_rev><CommentsWidget d=comments cue/></WidgetBox>
            <WidgetBox widget=Widget::Files title="Files" highlight rev=files_rev><FilesWidget d=files cue/></WidgetBox>
            <WidgetBox widget=Widget::Collaborators title="Collaborators" highlight rev=people_rev><CollaboratorsWidget d/></WidgetBox>
        </div>
    }
}

/// "Mute Night Drive", or "Muted" with Unmute: whether this track's activity notifies
/// the viewer.
#[component]
fn MuteControl(track_id: i64, title: String, muted: bool) -> impl IntoView {
    let id = track_id.to_string();
    if muted {
        view! {
            <div class="mute-control">
                <span class="pill">"Muted"</span>
                <span class="hint">"Its activity does not notify you."</span>
                <Form action=UnmuteTrack::PATH class="plain" keep=true done=format!("{title} is unmuted.")>
                    <input type="hidden" name="track_id" value=id/>
                    <button type="submit" class="small">"Unmute"</button>
                </Form>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="mute-control">
                <Form action=MuteTrack::PATH class="plain" keep=true
                    done=format!("{title} is muted: its activity will not notify you.")>
                    <input type="hidden" name="track_id" value=id/>
                    <button type="submit" class="small">{format!("Mute {title}")}</button>
                </Form>
            </div>
        }
        .into_any()
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
fn CommentsWidget(d: TrackDetail, cue: Option<Cue>) -> impl IntoView {
    let can_edit = d.card.role.can_edit();
    let viewer = d.viewer_id;
    let empty = d.comments.is_empty();
    // Lines with more than one version: their moments say which version they were on.
    let several = |line: i64| d.files.iter().filter(|f| f.line_id == line).count() > 1;
    let items = d
        .comments
        .iter()
        .cloned()
        .map(|c| {
            let mine = c.author_id == viewer;
            let on = c.moment.filter(|m| several(m.line_id)).map(|m| m.version);
            view! { <CommentItem c on can_edit=can_edit && mine/> }
        })
        .collect_view();
    // The versions a comment can be pinned in (analysed audio), the cued or newest first.
    let mut pinnable: Vec<_> = d
        .files
        .iter()
        .filter(|f| f.syncing.is_none() && f.sound.duration_ms().is_some())
        .collect();
    pinnable.sort_by_key(|f| (Some(f.id) != cue.map(|c| c.file_id), -f.version, f.line_id));
    let choices = pinnable
        .iter()
        .map(|f| (f.id, format!("{} (v{})", f.name, f.version)))
        .collect::<Vec<_>>();
    view! {
        {empty.then(|| view! { <p class="muted">"No comments yet."</p> })}
        <ol class="comments" aria-label="Comments">{items}</ol>
        {can_edit.then(|| view! {
            <Form action=AddComment::PATH label="Add a comment" class="form" done="Comment posted.">
                <input type="hidden" name="track_id" value=d.card.id.to_string()/>
                <label>"Comment"<textarea name="body" rows="3" required maxlength="5000"></textarea></label>
                {(!choices.is_empty()).then(|| view! {
                    <fieldset class="moment-fields">
                        <legend>"Pin to a moment (optional)"</legend>
                        <label>"File"
                            <select name="file_id">
                                {choices.into_iter().map(|(id, label)| view! {
                                    <option value=id.to_string()>{label}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>"At"<input name="at" placeholder="1:32" size="7" maxlength="12" autocomplete="off"/></label>
                        <label>"Until"<input name="until" placeholder="1:40" size="7" maxlength="12" autocomplete="off"/></label>
                    </fieldset>
                })}
                <button class="primary" type="submit" data-pending="Posting…">"Post comment"</button>
            </Form>
        })}
    }
}

#[component]
fn CommentItem(c: Comment, on: Option<i64>, can_edit: bool) -> impl IntoView {
    let comment_id = c.id;
    let moment = c.moment.map(|m| {
        let when = moment_text(m.at_ms, m.until_ms);
        let name = format!("Play from {when}");
        view! {
            " · "
            <a class="moment" href=moment_href(m.file_id, m.at_ms) data-seek=m.at_ms.to_string()
                data-file=m.file_id.to_string() aria-label=name>{when}</a>
            {on.map(|v| view! { " " <span class="pill">{format!("on v{v}")}</span> })}
        }
    });
    view! {
        <li class="comment">
            <p class="comment-head">
                <strong>{c.author_name.clone()}</strong>" · "<RelativeTime at=c.created_at/>
                {moment}
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
fn FilesWidget(d: TrackDetail, cue: Option<Cue>) -> impl IntoView {
    let empty = d.files.is_empty();
    let role = d.card.role;
    let (track_id, viewer) = (d.card.id, d.viewer_id);
    // Versions of one file are consecutive (by line, then version).
    let mut lines: Vec<Vec<FileInfo>> = Vec::new();
    for f in d.files.iter().cloned() {
        match lines.last_mut() {
            Some(line) if line[0].line_id == f.line_id => line.push(f),
            _ => lines.push(vec![f]),
        }
    }
    let lines = lines
        .into_iter()
        .map(|versions| {
            let line_id = versions[0].line_id;
            let name = versions[0].name.clone();
            let cued = cue.filter(|c| versions.iter().any(|v| v.id == c.file_id));
            let newest = versions.last().map(|v| v.id).unwrap_or(line_id);
            let selected = cued.map(|c| c.file_id).unwrap_or(newest);
            let sel = versions.iter().find(|v| v.id == selected).cloned().unwrap_or_else(|| versions[0].clone());
            let moments: Vec<Comment> = d
                .comments
                .iter()
                .filter(|c| c.moment.is_some_and(|m| m.line_id == line_id))
                .cloned()
                .collect();
            let playable = sel.syncing.is_none() && sel.sound != Sound::NotAudio;
            let several = versions.len() > 1;
            let next = versions.iter().map(|v| v.version).max().unwrap_or(0) + 1;
            let list = versions
                .iter()
                .rev()
                .map(|v| view! { <VersionItem v=v.clone() name=name.clone() several can_remove=role.can_manage() || (v.uploader_id == viewer && role.can_edit())/> })
                .collect_view();
            view! {
                <li class="file-line" id=format!("file-{line_id}")>
                    <div class="file-row">
                        <Icon kind=IconKind::FileIcon/>
                        {match sel.syncing {
                            None => view! { <a href=format!("/media/files/{}", sel.id) download=sel.name.clone() data-download="">{sel.name.clone()}</a> }.into_any(),
                            Some(_) => view! {
                                <span>{sel.name.clone()}</span>
                                <span class="pill warn" data-awaits-live="">"Syncing to you…"</span>
                            }.into_any(),
                        }}
                        {several.then(|| view! { <span class="pill" data-version-pill="">{format!("v{}", sel.version)}</span> })}
                        <span class="muted">{human_size(sel.size_bytes.max(0) as u64)}" · "{sel.uploader_name.clone()}" · "<RelativeTime at=sel.created_at/></span>
                    </div>
                    {playable.then(|| view! {
                        <Player name=name.clone() versions=versions.clone() selected cue_ms=cued.map(|c| c.at_ms) moments can_comment=role.can_edit()/>
                    })}
                    <details class="versions">
                        <summary>{if several { format!("Versions ({})", versions.len()) } else { "Versions".to_string() }}</summary>
                        <ol aria-label=format!("Versions of {name}")>{list}</ol>
                    </details>
                    {role.can_edit().then(|| view! {
                        <Reveal id=format!("new-version-{line_id}") label="Upload a new version" name=format!("Upload a new version of {name}") class="link-button" wrap="new-version">
                            <Form action=UploadVersion::PATH label=format!("New version of {name}") class="inline-form" multipart=true done=format!("v{next} of {name} uploaded.")>
                                <input type="hidden" name="track_id" value=track_id.to_string()/>
                                <input type="hidden" name="file_id" value=line_id.to_string()/>
                                <input type="file" name="file" aria-label=format!("File for v{next} of {name}") required/>
                                <button type="submit">
                                    <Icon kind=IconKind::Upload/><span data-pending="Uploading…">{format!("Upload v{next}")}</span>
                                </button>
                                <button type="button" class="link-button" data-close="">"Cancel"</button>
                            </Form>
                        </Reveal>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        {empty.then(|| view! { <p class="muted">"No files yet."</p> })}
        <ul class="files" aria-label="Files">{lines}</ul>
        {role.can_edit().then(|| view! {
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

/// One version in a file's list: its number, name, size, uploader and date, a download
/// link, and Remove (asked once more) for those who may.
#[component]
fn VersionItem(v: FileInfo, name: String, several: bool, can_remove: bool) -> impl IntoView {
    let what = if several {
        format!("v{} of {name}", v.version)
    } else {
        name.clone()
    };
    let (asked, question, done, yes) = (
        format!("Remove {what}"),
        format!("Remove {what}?"),
        format!("{what} removed."),
        format!("Yes, remove {what}"),
    );
    let said = format!("{question} Its space is freed, and collaborators' copies are deleted.");
    view! {
        <li>
            <strong>{format!("v{}", v.version)}</strong>
            " "{v.name.clone()}
            <span class="muted">" · "{human_size(v.size_bytes.max(0) as u64)}" · "{v.uploader_name.clone()}" · "<RelativeTime at=v.created_at/></span>
            {match &v.sound {
                Sound::Analysing => Some(view! { " " <span class="pill" data-awaits-live="">"Analysing…"</span> }.into_any()),
                Sound::NoWaveform(why) => Some(view! { " " <span class="muted">{crate::tracks::player::no_waveform(why)}</span> }.into_any()),
                _ => None,
            }}
            {v.syncing.is_none().then(|| view! {
                " " <a href=format!("/media/files/{}", v.id) download=v.name.clone() aria-label=format!("Download {what}")>"Download"</a>
            })}
            {can_remove.then(|| view! {
                <Reveal id=format!("remove-file-{}", v.id) label="Remove" name=asked class="link-button danger" wrap="confirm-reveal">
                    <span class="confirm" role="group" aria-label=question>
                        <span>{said}</span>
                        <Form action=RemoveFile::PATH class="plain" done=done>
                            <input type="hidden" name="file_id" value=v.id.to_string()/>
                            <button type="submit" class="danger" data-pending="Removing…">{yes}</button>
                        </Form>
                        <button type="button" class="link-button" data-close="">"Cancel"</button>
                    </span>
                </Reveal>
            })}
        </li>
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
            <span class="confirm" role="group" aria-label=question>
                <span>{question.clone()}</span>
                {form}
                <button type="button" class="link-button" data-close="">"Cancel"</button>
            </span>
        </Reveal>
    }
}
