//! What every page's `<head>` says about the bundle: the stylesheet, the app's code
//! fetched at once (preloaded beside the HTML), and the loader that hydrates the page's
//! islands as soon as the code is there. It marks the page (`window.__hydrated`, when
//! in `__hydrated_at`) once every island is interactive, and gives the page refresh
//! (`ui/refresh.rs`) a way to hydrate the islands it puts on the page.

use crate::platform::assets::bundle;
use leptos::prelude::*;

/// Compiles the code while the page is still being parsed (a module script runs only
/// after): placed before the stylesheet, which a classic script would otherwise wait for.
const COMPILE: &str = r#"
window.__pdCode = WebAssembly.compileStreaming(fetch(WASM)).catch(() => WASM);
"#;

/// The loader: start the code (compiled already, or fetched now if that failed), hydrate
/// the islands in document order (each island's own islands after it), then say so.
/// Islands already hydrated are left alone.
const LOADER: &str = r#"
const hydrateIn = async (app, root) => {
  const islands = root.localName === "leptos-island" ? [root] : [];
  for (const node of [...islands, ...root.querySelectorAll("leptos-island")]) {
    if (node.$$pd) continue;
    node.$$pd = true;
    const island = app[node.dataset.component];
    if (island) await island(node);
    else console.warn(`no code for the island ${node.dataset.component}`);
  }
};
const app = await import(JS);
await app.default({ module_or_path: await (window.__pdCode ?? WASM) });
await app.hydrate();
await hydrateIn(app, document.body);
window.__pdHydrate = (root) => hydrateIn(app, root);
window.__hydrated_at = performance.now();
window.__hydrated = true;
app.hydrated();
"#;

#[component]
pub fn Bundle(options: LeptosOptions) -> impl IntoView {
    let names = bundle(&options);
    let pkg = format!("/{}", options.site_pkg_dir);
    let js = format!("{pkg}/{}", names.js);
    let wasm = format!("{pkg}/{}", names.wasm);
    let css = format!("{pkg}/{}", names.css);
    let nonce = leptos::nonce::use_nonce();
    let compile = format!("{{const WASM = {wasm:?};{COMPILE}}}");
    let script = format!("const JS = {js:?}, WASM = {wasm:?};{LOADER}");
    let split = names
        .split
        .as_ref()
        .map(|split| view! { <link rel="modulepreload" href=format!("{pkg}/{split}")/> });
    view! {
        <script nonce=nonce.clone()>{compile}</script>
        <link rel="stylesheet" id="leptos" href=css/>
        <link rel="modulepreload" href=js.clone()/>
        {split}
        <script type="module" nonce=nonce>{script}</script>
    }
}
