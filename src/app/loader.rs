//! What every page's `<head>` says about the bundle: the stylesheet, the app's code
//! fetched at once (preloaded beside the HTML), and the loader that hydrates the page's
//! islands as soon as the code is there. It marks the page (`window.__hydrated`, when
//! in `__hydrated_at`) once every island is interactive, and gives the page refresh
//! (`ui/refresh.rs`) a way to hydrate the islands it puts on the page.

use crate::platform::assets::bundle;
use leptos::prelude::*;

/// The loader: start the code, hydrate the islands in document order (each island's
/// own islands after it), then say so. Islands already hydrated are left alone.
const LOADER: &str = r#"
const hydrateIn = async (app, root) => {
  const walk = async (node) => {
    if (node.localName === "leptos-island" && !node.$$pd) {
      node.$$pd = true;
      const island = app[node.dataset.component];
      if (island) await island(node);
      else console.warn(`no code for the island ${node.dataset.component}`);
    }
    for (const child of Array.from(node.children)) await walk(child);
  };
  await walk(root);
};
const app = await import(JS);
await app.default({ module_or_path: WASM });
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
    let script = format!("const JS = {js:?}, WASM = {wasm:?};{LOADER}");
    view! {
        <link rel="stylesheet" id="leptos" href=css/>
        <link rel="modulepreload" href=js.clone()/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
        <script type="module" nonce=nonce>{script}</script>
    }
}
