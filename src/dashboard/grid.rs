//! The dashboard: projects, the tracks grid, creating tracks and projects.

use super::api::{create_track, get_dashboard};
use super::Dashboard;
use crate::tracks::api::{CreateProject, RenameProject};
use crate::tracks::ui::Artwork;
use crate::tracks::{due_label, Project, TrackCard};
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::PageTitle;
use crate::ui::session::use_session;
use crate::ui::toast::use_toasts;
use crate::ui::{after_success, FormError};
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let dashboard = Resource::new(
        move || (session.tracks_version.get(), session.invites_version.get()),
        |_| get_dashboard(),
    );
    let creating = RwSignal::new(false);
    view! {
        <PageTitle text="Tracks"/>
        <div class="page-head">
            <h1>"Your tracks"</h1>
            <button class="primary" aria-expanded=move || creating.get().to_string() on:click=move |_| creating.update(|c| *c = !*c)>
                <Icon kind=IconKind::Plus/>"New track"
            </button>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading tracks…"</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => view! { <DashboardBody d creating/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DashboardBody(d: Dashboard, creating: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    let projects = d.projects.clone();
    let selected_title = {
        let titles: Vec<(i64, String)> = d
            .tracks
            .iter()
            .map(|t| (t.id, t.title.clone()))
            .chain(
                d.invites
                    .iter()
                    .map(|i| (i.track_id, i.track_title.clone())),
            )
            .collect();
        move || {
            let id = session.selected_track.get()?;
            titles
                .iter()
                .find(|(t, _)| *t == id)
                .map(|(_, title)| title.clone())
        }
    };
    let today = d.today.clone();
    view! {
        <Show when=move || creating.get()>
            <NewTrackForm projects=projects.clone() creating/>
        </Show>
        <Projects projects=d.projects.clone()/>
        {move || selected_title().map(|title| view! {
            <div class="selection-bar" role="status">
                <span>"Selected: "<strong>{title}</strong></span>
                <button class="link-button" on:click=move |_| session.open_invites(session.selected_track.get_untracked())>"Invitations for the selected track"</button>
                <button class="link-button" on:click=move |_| session.selected_track.set(None)>"Clear selection"</button>
            </div>
        })}
        {if d.tracks.is_empty() && d.invites.is_empty() {
            view! {
                <div class="empty-state">
                    <Icon kind=IconKind::Music/>
                    <p>"No tracks yet. Create your first track, or accept an invitation to collaborate."</p>
                </div>
            }.into_any()
        } else {
            view! {
                <ul class="track-grid" aria-label="Tracks">
                    {d.invites.into_iter().map(|invite| view! { <InvitedTile invite/> }).collect_view()}
                    {d.tracks.into_iter().map(|card| view! { <TrackTile card today=today.clone()/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// A track I am invited to: marked as an invitation, not open yet; selecting it
/// filters the invitations list, and "Review invite" opens that list.
#[component]
fn InvitedTile(invite: crate::invitations::Invite) -> impl IntoView {
    let session = use_session();
    let id = invite.track_id;
    let selected = move || session.selected_track.get() == Some(id);
    let title = invite.track_title.clone();
    view! {
        <li class="track-card invited" class:selected=selected>
            <div class="card-link">
                <Artwork track_id=id version=invite.artwork_version title=invite.track_title.clone()/>
                <span class="track-title">{invite.track_title.clone()}</span>
            </div>
            <div class="card-meta">
                <span class="pill warn">"Invitation"</span>
                <span class="muted">"From "{invite.inviter_name.clone()}</span>
            </div>
            <div class="card-meta">
                <span class="permission">{invite.permission.label()}</span>
                <button class="small primary" on:click=move |_| session.open_invites(Some(id))>"Review invite"</button>
                <SelectButton id title=title.clone()/>
            </div>
        </li>
    }
}

#[component]
fn TrackTile(card: TrackCard, today: String) -> impl IntoView {
    let session = use_session();
    let id = card.id;
    let selected = move || session.selected_track.get() == Some(id);
    let due = card.due_date.as_deref().map(|d| {
        (
            due_label(&today, d),
            crate::tracks::days_until(&today, d).unwrap_or(1) < 0,
        )
    });
    let title = card.title.clone();
    view! {
        <li class="track-card" class:selected=selected>
            <a class="card-link" href=format!("/tracks/{id}")>
                <Artwork track_id=id version=card.artwork_version title=card.title.clone()/>
                <span class="track-title">{card.title.clone()}</span>
            </a>
            <SyncIndicator track_id=id initial=card.sync/>
            <div class="card-meta">
                <span class=format!("stage-pill stage-{}", card.stage.as_str())>{card.stage.label()}</span>
                {due.map(|(label, overdue)| view! { <span class="due" class:overdue=overdue>{label}</span> })}
            </div>
            <div class="card-meta">
                <span class="permission">{card.role.label()}</span>
                {card.project_name.clone().map(|p| view! { <span class="project-name">{p}</span> })}
                <SelectButton id title=title.clone()/>
            </div>
        </li>
    }
}

#[component]
fn NewTrackForm(projects: Vec<Project>, creating: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let action = Action::new_local(|data: &web_sys::FormData| create_track(data.clone().into()));
    after_success(action.value(), move |_id| {
        toasts.success("Track created.");
        creating.set(false);
        session.tracks_version.update(|v| *v += 1);
    });
    let on_submit = crate::ui::submit_multipart(action);
    let own: Vec<Project> = projects.into_iter().filter(|p| p.owned).collect();
    view! {
        <form class="card form new-track" aria-label="New track" on:submit=on_submit
            method="post" action="/api/tracks/create" enctype="multipart/form-data">
            <h2>"New track"</h2>
            <label>"Title"<input name="title" required maxlength="120"/></label>
            <label>"Project"
                <select name="project_id" aria-label="Project">
                    <option value="">"No project"</option>
                    {own.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
            </label>
            <label>"Due date"<input type="date" name="due_date"/></label>
            <label>"Artwork (optional image)"<input type="file" name="artwork" accept="image/png,image/jpeg,image/gif,image/webp"/></label>
            <FormError value=action.value()/>
            <div class="form-actions">
                <button class="primary" type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating…" } else { "Create track" }}
                </button>
                <button type="button" on:click=move |_| creating.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

#[component]
fn Projects(projects: Vec<Project>) -> impl IntoView {
    let session = use_session();
    let create = ServerAction::<CreateProject>::new();
    let adding = RwSignal::new(false);
    after_success(create.value(), move |_| {
        adding.set(false);
        session.tracks_version.update(|v| *v += 1);
    });
    view! {
        <section class="projects" aria-labelledby="projects-heading">
            <h2 id="projects-heading">"Projects"</h2>
            <ul class="project-list">
                {projects.into_iter().map(|p| view! { <ProjectChip project=p/> }).collect_view()}
                <li>
                    <Show when=move || adding.get() fallback=move || view! {
                        <button class="chip add" on:click=move |_| adding.set(true)><Icon kind=IconKind::Plus/>"New project"</button>
                    }>
                        <ActionForm action=create attr:class="inline-form" attr:aria-label="New project">
                            <input name="name" aria-label="Project name" required maxlength="80" autofocus/>
                            <button class="primary" type="submit">"Create project"</button>
                            <button type="button" on:click=move |_| adding.set(false)>"Cancel"</button>
                        </ActionForm>
                    </Show>
                </li>
            </ul>
            <FormError value=create.value()/>
        </section>
    }
}

#[component]
fn ProjectChip(project: Project) -> impl IntoView {
    let session = use_session();
    let rename = ServerAction::<RenameProject>::new();
    let editing = RwSignal::new(false);
    let announcing = RwSignal::new(false);
    let defaults_open = RwSignal::new(false);
    let announce = ServerAction::<crate::announcements::PostProjectAnnouncement>::new();
    let toasts = crate::ui::toast::use_toasts();
    after_success(announce.value(), move |n| {
        announcing.set(false);
        toasts.success(format!("Announcement sent to {n} people."));
    });
    after_success(rename.value(), move |_| {
        editing.set(false);
        session.tracks_version.update(|v| *v += 1);
    });
    let name = project.name.clone();
    let draft = StoredValue::new(project.name.clone());
    let project_id = project.id;
    view! {
        <li>
            <Show when=move || editing.get() fallback={
                let name = name.clone();
                move || view! {
                    <span class="chip">
                        {name.clone()}
                        {project.owned.then(|| view! {
                            <button class="link-button" aria-label=format!("Rename project {}", name) on:click=move |_| editing.set(true)>"Rename"</button>
                            <button class="link-button" aria-label=format!("Announce to project {}", name) on:click=move |_| announcing.set(true)>"Announce"</button>
                            <button class="link-button" aria-label=format!("Default collaborators of {}", name)
                                aria-expanded=move || defaults_open.get().to_string()
                                on:click=move |_| defaults_open.update(|o| *o = !*o)>"Collaborators"</button>
                        })}
                    </span>
                }
            }>
                <ActionForm action=rename attr:class="inline-form" attr:aria-label="Rename project">
                    <input type="hidden" name="project_id" value=project_id.to_string()/>
                    <input name="name" aria-label="New project name" value=draft.get_value() required maxlength="80"/>
                    <button class="primary" type="submit">"Save name"</button>
                    <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </ActionForm>
                <FormError value=rename.value()/>
            </Show>
            <Show when=move || defaults_open.get()>
                <crate::invitations::ui::DefaultCollaboratorsPanel project_id project_name=project.name.clone()/>
            </Show>
            <Show when=move || announcing.get()>
                <ActionForm action=announce attr:class="form card announce-form" attr:aria-label="Project announcement">
                    <input type="hidden" name="project_id" value=project_id.to_string()/>
                    <label>"Title"<input name="title" maxlength="120" required/></label>
                    <label>"Message"<textarea name="body" rows="2" maxlength="1000" required></textarea></label>
                    <FormError value=announce.value()/>
                    <div class="form-actions">
                        <button class="primary" type="submit">"Send to project"</button>
                        <button type="button" on:click=move |_| announcing.set(false)>"Cancel"</button>
                    </div>
                </ActionForm>
            </Show>
        </li>
    }
}

/// A progress bar on a tile while the track's files are still syncing to me: the
/// server's figure at load, then the live one it pushes.
#[component]
fn SyncIndicator(track_id: i64, initial: Option<crate::tracks::SyncProgress>) -> impl IntoView {
    let live = expect_context::<crate::tracks::ui::LiveSync>();
    let progress = move || live.of(track_id).or(initial).filter(|p| p.files_left > 0);
    move || {
        progress().map(|p| {
            let pct = p.percent();
            let files = if p.files_left == 1 {
                "1 file left".to_string()
            } else {
                format!("{} files left", p.files_left)
            };
            view! {
                <div class="sync-bar" role="progressbar" aria-label="Syncing files"
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct.to_string()
                    aria-valuetext=format!("{pct}% synced, {files}")>
                    <span class="sync-fill" style=format!("width: {pct}%")></span>
                    <span class="sync-text">"Syncing files · "{pct}"%"</span>
                </div>
            }
        })
    }
}

/// Selects a tile's track (the invitations list then shows only its invites); pressed
/// again, clears the selection.
#[component]
fn SelectButton(id: i64, title: String) -> impl IntoView {
    let session = use_session();
    let selected = move || session.selected_track.get() == Some(id);
    view! {
        <button
            class="select-button"
            aria-pressed=move || selected().to_string()
            aria-label=format!("Select {title}")
            on:click=move |_| session.selected_track.update(|s| *s = if *s == Some(id) { None } else { Some(id) })
        >
            {move || if selected() { "Selected" } else { "Select" }}
        </button>
    }
}
