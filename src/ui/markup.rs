//! User text in the two places Leptos writes without escaping when it renders on the
//! server: the page `<title>` (leptos_meta pushes it raw) and the children of a
//! `<textarea>` (tachys treats them as raw text, like `<script>`). A title such as
//! `</title><script>…` would otherwise run as script in every reader's browser.
//!
//! Everything else Leptos renders (text nodes, attributes, resource data in scripts)
//! is escaped by the framework.

use leptos::prelude::*;

/// `text` ready for a raw-text sink. On the server `&`, `<` and `>` become character
/// references, which the browser decodes back, so a person sees exactly what was typed.
/// In the browser Leptos sets the text through the DOM, so it stays as it is.
pub fn sink_text(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    {
        escape(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// `&`, `<` and `>` as character references: all that text content needs (the same
/// as Leptos does for text nodes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The page title: `text · Producer Dashboard`. The one way pages set it, so user text
/// in a title is always escaped.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <leptos_meta::Title text=sink_text(text)/> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_breakout_character() {
        assert_eq!(
            escape(r#"</title><img src=x onerror="a('b')">&"#),
            r#"&lt;/title&gt;&lt;img src=x onerror="a('b')"&gt;&amp;"#
        );
        assert_eq!(sink_text("plain Title"), "plain Title");
        assert_eq!(sink_text("</textarea>"), "&lt;/textarea&gt;");
    }
}
