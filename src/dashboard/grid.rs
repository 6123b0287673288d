//! The dashboard: projects, the tracks grid, creating tracks and projects. Rendered on
//! the server: selecting a tile, the selection bar and "Review invite" work from their
//! markup (`ui/behaviour.rs`), a tile's sync progress follows the live stream
//! (`tracks/ui.rs`), and a project's default collaborators are an island. The grid and
//! the projects are regions, refreshed in place when a form succeeds or the live stream
//! says the tracks changed.

use super::api::{get_dashboard, CreateTrack};
use super::Dashboard;
use crate::tracks::api::{CreateProject, RenameProject};
use crate::tracks::ui::Artwork;
use crate::tracks::{due_label, Project, TrackCard};
use crate::ui::disclosure::Reveal;
use crate::ui::form::Form;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::markup::PageTitle;
use crate::ui::refresh::{rev, Region};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |_| get_dashboard());
    view! {
        <PageTitle text="Tracks"/>
        <Suspense fallback=|| view! { <p class="loading">"Loading tracks…"</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => view! { <DashboardBody d/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let own: Vec<Project> = d.projects.iter().filter(|p| p.owned).cloned().collect();
    let grid_rev = rev(&(&d.tracks, &d.invites, &d.today));
    let today = d.today.clone();
    view! {
        <Region name="head" rev=rev(&own)>
            <div class="page-head">
                <h1>"Your tracks"</h1>
                <Reveal id="new-track" label="New track" class="primary" wrap="new-track-reveal" icon=IconKind::Plus>
                    <NewTrackForm own/>
                </Reveal>
            </div>
        </Region>
        <Region name="projects" rev=rev(&(&d.projects, &d.defaults))>
            <Projects projects=d.projects.clone() defaults=d.defaults.clone()/>
        </Region>
        <Region name="grid" rev=grid_rev>
            <SelectionBar/>
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
        </Region>
    }
}

/// "Selected: Night Drive", with the invitations for it and a way to clear the selection
/// (shown while a tile is selected; see `ui/behaviour.rs`).
#[component]
fn SelectionBar() -> impl IntoView {
    view! {
        <div class="selection-bar" role="status" data-selection="" hidden>
            <span>"Selected: "<strong data-selected-title=""></strong></span>
            <button class="link-button" data-open-invites="selected">"Invitations for the selected track"</button>
            <button class="link-button" data-select-clear="">"Clear selection"</button>
        </div>
    }
}

/// A track I am invited to: marked as an invitation, not open yet; selecting it
/// filters the invitations list, and "Review invite" opens that list.
#[component]
fn InvitedTile(invite: crate::invitations::Invite) -> impl IntoView {
    let id = invite.track_id;
    let title = invite.track_title.clone();
    view! {
        <li class="track-card invited">
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
                <ReviewInvite track_id=id/>
                <SelectButton id title/>
            </div>
        </li>
    }
}

/// Opens the invitations list narrowed to one track (without JavaScript: the
/// invitations page).
#[component]
fn ReviewInvite(track_id: i64) -> impl IntoView {
    view! {
        <form class="plain" method="get" action="/invitations">
            <button type="submit" class="small primary" data-open-invites=track_id.to_string()>"Review invite"</button>
        </form>
    }
}

#[component]
fn TrackTile(card: TrackCard, today: String) -> impl IntoView {
    let id = card.id;
    let due = card.due_date.as_deref().map(|d| {
        (
            due_label(&today, d),
            crate::tracks::days_until(&today, d).unwrap_or(1) < 0,
        )
    });
    let shared = card.role != crate::tracks::Role::Owner;
    view! {
        <li class="track-card">
            <a class="card-link" href=format!("/tracks/{id}")>
                <Artwork track_id=id version=card.artwork_version title=card.title.clone()/>
                <span class="track-title">{card.title.clone()}</span>
            </a>
            {shared.then(|| view! { <crate::tracks::ui::SyncIndicator track_id=id initial=card.sync/> })}
            <div class="card-meta">
                <span class=format!("stage-pill stage-{}", card.stage.as_str())>{card.stage.label()}</span>
                {due.map(|(label, overdue)| view! { <span class="due" class:overdue=overdue>{label}</span> })}
            </div>
            <div class="card-meta">
                <span class="permission">{card.role.label()}</span>
                {card.project_name.clone().map(|p| view! { <span class="project-name">{p}</span> })}
                <SelectButton id title=card.title.clone()/>
            </div>
        </li>
    }
}

#[component]
fn NewTrackForm(own: Vec<Project>) -> impl IntoView {
    view! {
        <Form action=CreateTrack::PATH label="New track" class="card form new-track" multipart=true done="Track created.">
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
            <div class="form-actions">
                <button class="primary" type="submit" data-pending="Creating…">"Create track"</button>
                <button type="button" data-close="">"Cancel"</button>
            </div>
        </Form>
    }
}

#[component]
fn Projects(
    projects: Vec<Project>,
    defaults: Vec<(i64, crate::invitations::DefaultCollaborator)>,
) -> impl IntoView {
    view! {
        <section class="projects" aria-labelledby="projects-heading">
            <h2 id="projects-heading">"Projects"</h2>
            <ul class="project-list">
                {projects.into_iter().map(|p| {
                    let people = defaults.iter().filter(|(id, _)| *id == p.id).map(|(_, c)| c.clone()).collect();
                    view! { <ProjectChip project=p people/> }
                }).collect_view()}
                <li>
                    <Reveal id="new-project" label="New project" class="chip add" wrap="chip-reveal" icon=IconKind::Plus>
                        <Form action=CreateProject::PATH label="New project" class="inline-form">
                            <input name="name" aria-label="Project name" required maxlength="80"/>
                            <button class="primary" type="submit">"Create project"</button>
                            <button type="button" data-close="">"Cancel"</button>
                        </Form>
                    </Reveal>
                </li>
            </ul>
        </section>
    }
}

#[component]
fn ProjectChip(
    project: Project,
    people: Vec<crate::invitations::DefaultCollaborator>,
) -> impl IntoView {
    let Project {
        id, name, owned, ..
    } = project;
    let chip = name.clone();
    let (rename, announce, current) = (
        format!("Rename project {name}"),
        format!("Announce to project {name}"),
        name.clone(),
    );
    view! {
        <li class="project">
            <span class="chip">{chip}</span>
            {owned.then(|| view! {
                <Reveal id=format!("rename-{id}") label="Rename" name=rename.clone() class="link-button" wrap="chip-reveal">
                    <Form action=RenameProject::PATH label="Rename project" class="inline-form">
                        <input type="hidden" name="project_id" value=id.to_string()/>
                        <input name="name" aria-label="New project name" value=current.clone() required maxlength="80"/>
                        <button class="primary" type="submit">"Save name"</button>
                        <button type="button" data-close="">"Cancel"</button>
                    </Form>
                </Reveal>
                <Reveal id=format!("announce-{id}") label="Announce" name=announce.clone() class="link-button" wrap="chip-reveal">
                    <Form action=crate::announcements::PostProjectAnnouncement::PATH label="Project announcement"
                        class="form card announce-form" done="Announcement sent to {} people.">
                        <input type="hidden" name="project_id" value=id.to_string()/>
                        <label>"Title"<input name="title" maxlength="120" required/></label>
                        <label>"Message"<textarea name="body" rows="2" maxlength="1000" required></textarea></label>
                        <div class="form-actions">
                            <button class="primary" type="submit">"Send to project"</button>
                            <button type="button" data-close="">"Cancel"</button>
                        </div>
                    </Form>
                </Reveal>
                <crate::invitations::ui::ProjectDefaults project_id=id project_name=name.clone() people=people.clone()/>
            })}
        </li>
    }
}

/// Selects a tile's track (the invitations list then shows only its invites); pressed
/// again, clears the selection (see `ui/behaviour.rs`).
#[component]
fn SelectButton(id: i64, title: String) -> impl IntoView {
    view! {
        <button class="select-button" aria-pressed="false" aria-label=format!("Select {title}")
            data-select=id.to_string() data-title=title.clone()>"Select"</button>
    }
}
