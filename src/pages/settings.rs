//! Settings: the resident's details kept on this phone (they fill in new
//! petitions), how much storage the app uses, larger text, and the
//! resident's own data (`my_data`: download it, forget this phone).

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::api::Identity;
use letterbox_core::limits::{ADDRESS_MAX_CHARS, NAME_MAX_CHARS};

use crate::components::loaded::loaded;
use crate::components::storage::{human_bytes, report};
use crate::i18n::words::store_error_text;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::limits::AUTOSAVE_DEBOUNCE_MS;
use crate::store::{Store, StoreError};

const LARGE_TEXT_KEY: &str = "letterbox.large-text";

/// Applies the remembered text size; called once at start.
pub fn apply_text_size() {
    set_large_text(is_large_text());
}

fn is_large_text() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LARGE_TEXT_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

fn set_large_text(on: bool) {
    let window = web_sys::window();
    if let Some(root) = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().toggle_with_force("large-text", on);
    }
    if let Some(storage) = window.and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LARGE_TEXT_KEY, if on { "1" } else { "0" });
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let profile = loaded(|| Box::pin(async { Store::app().await?.profile().await }));
    let storage = loaded(|| Box::pin(report()));
    view! {
        <h1>{tr(Msg::SettingsTitle)}</h1>
        {move || profile.get().map(|result| match result {
            Ok(profile) => view! { <ProfileForm profile/> }.into_any(),
            Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
        })}
        <Notifications/>
        <section aria-labelledby="storage-heading">
            <h2 id="storage-heading">{tr(Msg::StorageHeading)}</h2>
            {move || storage.get().map(|r| {
                let usage = match (r.usage, r.quota) {
                    (Some(used), Some(quota)) => trf(Msg::StorageUsage, vec![
                        ("used", Arg::Text(human_bytes(used))),
                        ("quota", Arg::Text(human_bytes(quota))),
                    ]).into_any(),
                    _ => tr(Msg::StorageUnknown).into_any(),
                };
                let kept = if r.persisted { Msg::StoragePersisted } else { Msg::StorageNotPersisted };
                view! { <p>{usage}</p><p>{tr(kept)}</p> }
            })}
        </section>
        <section>
            <div class="choice">
                <input
                    type="checkbox"
                    id="large-text"
                    checked=is_large_text()
                    on:change=move |ev| set_large_text(event_target_checked(&ev))
                />
                <label for="large-text">{tr(Msg::TextSizeLabel)}</label>
            </div>
        </section>
        <super::my_data::MyData/>
    }
}

#[component]
fn ProfileForm(profile: Identity) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(profile.clone());
    let state = RwSignal::new(None::<Result<(), StoreError>>);
    let pending = StoredValue::new_local(None::<Timeout>);
    let save = move || {
        let snapshot = current.get_untracked();
        spawn_local(async move {
            let result = match Store::app().await {
                Ok(store) => store.set_profile(&snapshot).await,
                Err(e) => Err(e),
            };
            state.set(Some(result));
        });
    };
    let edit = move |change: Box<dyn FnOnce(&mut Identity)>| {
        current.update(|p| change(p));
        pending.set_value(Some(Timeout::new(AUTOSAVE_DEBOUNCE_MS, move || {
            pending.set_value(None);
            save();
        })));
    };
    on_cleanup(move || {
        if pending.try_update_value(|p| p.take()).flatten().is_some() {
            save();
        }
    });
    let status = move || match state.get() {
        None => String::new(),
        Some(Ok(())) => i18n.t(Msg::ProfileSaved).to_owned(),
        Some(Err(e)) => i18n.tf(
            Msg::AutosaveFailed,
            &[("reason", &store_error_text(i18n, &e))],
        ),
    };
    view! {
        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">{tr(Msg::ProfileHeading)}</h2>
            <p class="hint">{tr(Msg::ProfileNote)}</p>
            <div class="editor">
                <label for="profile-name">{tr(Msg::NameLabel)}</label>
                <input id="profile-name" type="text" autocomplete="name" maxlength=NAME_MAX_CHARS
                    value=profile.name.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |p| p.name = v)); }/>
                <label for="profile-phone">{tr(Msg::PhoneLabel)}</label>
                <input id="profile-phone" type="tel" autocomplete="tel" inputmode="tel"
                    value=profile.phone.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |p| p.phone = v)); }/>
                <label for="profile-address">{tr(Msg::HomeAddressLabel)}</label>
                <input id="profile-address" type="text" autocomplete="street-address" maxlength=ADDRESS_MAX_CHARS
                    value=profile.address.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |p| p.address = v)); }/>
                <p class="save-state" role="status" aria-live="polite">{status}</p>
            </div>
        </section>
    }
}

/// Notifications are asked for only when the resident chooses to.
#[component]
fn Notifications() -> impl IntoView {
    use crate::components::notify::{permission, request, Permission};
    let state = RwSignal::new(permission());
    view! {
        <section aria-labelledby="notify-heading">
            <h2 id="notify-heading">{tr(Msg::NotificationsHeading)}</h2>
            {move || match state.get() {
                Permission::Unsupported => view! { <p>{tr(Msg::NotificationsUnsupported)}</p> }.into_any(),
                Permission::Granted => view! { <p role="status">{tr(Msg::NotificationsOn)}</p> }.into_any(),
                Permission::Denied => view! { <p>{tr(Msg::NotificationsBlocked)}</p> }.into_any(),
                Permission::Default => view! {
                    <button type="button" class="secondary" on:click=move |_| request(move |p| state.set(p))>
                        {tr(Msg::NotificationsEnable)}
                    </button>
                }.into_any(),
            }}
        </section>
    }
}
