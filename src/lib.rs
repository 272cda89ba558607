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

pub fn mount() {
    console_error_panic_hook_lite();
    // A campaign's link (`/c/<slug>`) arrives with its title and
    // introduction already drawn by the server for the first paint; the
    // app draws them itself from here on.
    if let Some(first) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-paint"))
    {
        first.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

/// Panics end up in the console with their message, without the size of a
/// full panic-hook crate.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
