//! Letterbox, the residents' app: write a petition offline, send it when the
//! network allows, follow the case.
//!
//! `pages/` holds one module per screen, `store/` is the only place that
//! speaks IndexedDB, `api` the only place that speaks HTTP, and `sync/` the
//! only place that decides when to send and pull.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod photos;
pub mod store;
pub mod sync;
pub mod time;

pub fn mount() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(app::App);
}

/// Panics end up in the console with their message, without the size of a
/// full panic-hook crate.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
