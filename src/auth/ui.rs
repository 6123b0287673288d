//! Who is signed in, as the browser sees it, and their avatar.

use super::User;
use leptos::prelude::*;

/// The signed-in person on this page (set once the shell has loaded; `None` before).
#[derive(Clone, Copy)]
pub struct Viewer(pub RwSignal<Option<User>>);

impl Viewer {
    /// Provides an empty viewer for the signed-in frame to fill.
    pub fn provide() -> Viewer {
        let viewer = Viewer(RwSignal::new(None));
        provide_context(viewer);
        viewer
    }

    /// Their display name and email (empty until the shell has loaded).
    pub fn who(&self) -> (String, String) {
        self.0
            .with(|u| {
                u.as_ref()
                    .map(|u| (u.display_name.clone(), u.email.clone()))
            })
            .unwrap_or_default()
    }

    pub fn set(&self, user: User) {
        self.0.set(Some(user));
    }
}

pub fn use_viewer() -> Viewer {
    expect_context::<Viewer>()
}

/// The signed-in person's avatar: their picture, or their initials.
#[component]
pub fn Avatar() -> impl IntoView {
    let viewer = use_viewer();
    move || {
        let (url, initials) = viewer
            .0
            .with(|u| u.as_ref().map(|u| (u.avatar_url(), u.initials())))
            .unwrap_or_default();
        match url {
            Some(src) => {
                view! { <img class="avatar" src=src alt="" aria-hidden="true"/> }.into_any()
            }
            None => view! { <span class="avatar" aria-hidden="true">{initials}</span> }.into_any(),
        }
    }
}
