//! Letterbox, the residents' app: write a petition offline, send it when the
//! network allows, follow the case.
//!
//! `pages/` holds one module per screen, `store/` is the only place that
//! speaks IndexedDB, `api` the only place that speaks HTTP, and `sync/` the
//! only place that decides when to send and pull.
//!
//! Modules depend downward only, never on a module above them and never on
//! each other in a circle: `letterbox_core`; then the leaves `limits`,
//! `time`, `timing`; then `photos`, `store` (which keeps processed photos)
//! and `api`; then `sync`; then `i18n` (its `words` name core's and the
//! store's enums); then `components`; then `pages`; then `app`. Context
//! types that pages hand each other live in `components`.
//! (`tools/module_cycles.py src` checks the "no circle" part.)

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod limits;
pub mod pages;
pub mod photos;
pub mod store;
pub mod sync;
pub mod time;
pub mod timing;

/// Called by the page's loader once the main module is instantiated (see
/// `tools/build-wasm.mjs`, which builds with the `app` feature). Not a
/// `start` function and not exported without `app`, so the browser tests,
/// which link this library too, neither mount the app nor carry it.
///
/// `lang` is the language the loader chose, `strings` that language's table
/// (see `i18n::strings`), `base` the directory the build's files are in.
#[cfg_attr(feature = "app", wasm_bindgen::prelude::wasm_bindgen)]
pub fn mount(lang: String, strings: Vec<String>, base: String) {
    console_error_panic_hook_lite();
    let lang = i18n::Lang::from_tag(&lang).unwrap_or(i18n::Lang::Zh);
    i18n::strings::set_base(base);
    i18n::strings::install(lang, strings);
    // The first paint (the header and the page's title, drawn by the
    // page's own script; for a campaign's link, its title and
    // introduction, drawn by the server): the app draws them itself from
    // here on.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(campaign) = document.get_element_by_id("first-paint") {
            campaign.remove();
        }
        if let Ok(parts) = document.query_selector_all("[data-first-paint]") {
            for i in 0..parts.length() {
                if let Some(part) = parts
                    .item(i)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                {
                    part.remove();
                }
            }
        }
    }
    leptos::mount::mount_to_body(move || leptos::prelude::view! { <app::App lang/> });
}

/// Panics end up in the console with their message, without the size of a
/// full panic-hook crate. In the debug build only: the release build aborts
/// at the panic itself (`immediate-abort`, tools/build-wasm.mjs), before any
/// hook, and the browser logs the trap.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
