//! Toasts: short messages in a polite live region.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(1),
        };
        provide_context(t);
        t
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, text, error }));
        let items = self.items;
        super::browser::after(std::time::Duration::from_secs(6), move || {
            items.update(|v| v.retain(|t| t.id != id))
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:t>
                <div class="toast" class:toast-error=t.error>
                    <span>{t.text.clone()}</span>
                    <button class="icon-button" aria-label="Close message" on:click=move |_| toasts.dismiss(t.id)>
                        <crate::ui::icons::Icon kind=crate::ui::icons::IconKind::Close/>
                    </button>
                </div>
            </For>
        </div>
    }
}
