//! "Your data" on the settings page (Regulations Art. 30, PIPL Art. 45
//! and 47): download everything this phone and the office hold for it as
//! one JSON file, and forget this phone, after a confirmation that says
//! what happens in plain words.

use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, ApiError};
use crate::i18n::words::store_error_text;
use crate::i18n::{tr, use_i18n, Msg};
use crate::store::Store;
use crate::time::today_in_china;

/// What the office part of the file holds, when it is not the office's
/// answer.
enum OfficePart {
    Fetched(JsValue),
    Unreachable,
    NoDevice,
}

async fn office_part(store: &Store) -> OfficePart {
    let Ok(Some(device)) = store.device().await else {
        return OfficePart::NoDevice;
    };
    match api::my_data(&device.token).await {
        Ok(data) => OfficePart::Fetched(data),
        Err(_) => OfficePart::Unreachable,
    }
}

/// Saves `text` as a file named `name` through the browser's download.
fn save_file(name: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let document = window.document().ok_or(JsValue::NULL)?;
    let blob = web_sys::Blob::new_with_str_sequence(&Array::of1(&text.into()))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlElement = document.create_element("a")?.dyn_into()?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.set_attribute("hidden", "")?;
    document.body().ok_or(JsValue::NULL)?.append_child(&link)?;
    link.click();
    link.remove();
    // The download has its own copy once started.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Builds and saves the file; `Ok(true)` when the office's part is in it.
async fn download(i18n: crate::i18n::I18n) -> Result<(String, bool), String> {
    let store = Store::app().await.map_err(|e| store_error_text(i18n, &e))?;
    let phone = store
        .phone_data()
        .await
        .map_err(|e| store_error_text(i18n, &e))?;
    let file = Object::new();
    let put = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&file, &k.into(), v);
    };
    put("format", &"letterbox-my-data/1".into());
    put("exported_at", &js_sys::Date::new_0().to_iso_string().into());
    put("phone", &phone);
    let complete = match office_part(&store).await {
        OfficePart::Fetched(data) => {
            put("office", &data);
            true
        }
        OfficePart::Unreachable => {
            put("office", &JsValue::NULL);
            put("office_note", &i18n.t(Msg::OfficePartUnreachable).into());
            false
        }
        OfficePart::NoDevice => {
            put("office", &JsValue::NULL);
            put("office_note", &i18n.t(Msg::OfficePartUnregistered).into());
            true
        }
    };
    let text = js_sys::JSON::stringify_with_replacer_and_space(&file, &JsValue::NULL, &2.into())
        .map(String::from)
        .map_err(|_| i18n.t(Msg::StorageUnavailable).to_owned())?;
    let name = format!("letterbox-my-data-{}.json", today_in_china());
    save_file(&name, &text).map_err(|e| format!("{e:?}"))?;
    Ok((name, complete))
}

#[derive(Clone, PartialEq)]
enum Forget {
    Idle,
    Confirming,
    Working,
    /// The office could not be asked: erase the phone only, or wait.
    Offline,
    Failed(String),
}

/// Erases the phone's data and starts the app afresh.
async fn erase_phone(i18n: crate::i18n::I18n) -> Result<(), String> {
    let store = Store::app().await.map_err(|e| store_error_text(i18n, &e))?;
    store
        .erase_everything()
        .await
        .map_err(|e| store_error_text(i18n, &e))?;
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace("/");
    }
    Ok(())
}

/// Asks the office to forget the phone, then erases it; `Offline` when the
/// office could not be asked.
async fn forget(i18n: crate::i18n::I18n) -> Forget {
    let store = match Store::app().await {
        Ok(s) => s,
        Err(e) => return Forget::Failed(store_error_text(i18n, &e)),
    };
    if let Ok(Some(device)) = store.device().await {
        match api::forget_device(&device.token).await {
            // 401: the office no longer knows this token; nothing to ask.
            Ok(()) | Err(ApiError::Status { status: 401, .. }) => {}
            Err(_) => return Forget::Offline,
        }
    }
    match erase_phone(i18n).await {
        Ok(()) => Forget::Working,
        Err(reason) => Forget::Failed(reason),
    }
}

#[component]
pub fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    let download_state = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_download = move |_| {
        busy.set(true);
        download_state.set(Some(i18n.t(Msg::DownloadPreparing).to_owned()));
        spawn_local(async move {
            let said = match download(i18n).await {
                Ok((name, true)) => i18n.tf(Msg::DownloadDone, &[("name", &name)]),
                Ok((name, false)) => i18n.tf(Msg::DownloadOfficeMissing, &[("name", &name)]),
                Err(reason) => i18n.tf(Msg::DownloadFailed, &[("reason", &reason)]),
            };
            download_state.set(Some(said));
            busy.set(false);
        });
    };
    let step = RwSignal::new(Forget::Idle);
    let ask_office = move || {
        step.set(Forget::Working);
        spawn_local(async move { step.set(forget(i18n).await) });
    };
    let phone_only = move |_| {
        step.set(Forget::Working);
        spawn_local(async move {
            if let Err(reason) = erase_phone(i18n).await {
                step.set(Forget::Failed(reason));
            }
        });
    };
    view! {
        <section aria-labelledby="my-data-heading" class="my-data">
            <h2 id="my-data-heading">{tr(Msg::MyDataHeading)}</h2>
            <p class="hint">{tr(Msg::MyDataNote)}</p>
            <button type="button" on:click=on_download disabled=move || busy.get()>
                {tr(Msg::DownloadMyData)}
            </button>
            <p role="status" aria-live="polite">{move || download_state.get()}</p>
            {move || match step.get() {
                Forget::Idle => view! {
                    <button type="button" class="danger" on:click=move |_| step.set(Forget::Confirming)>
                        {tr(Msg::ForgetPhone)}
                    </button>
                }.into_any(),
                Forget::Confirming => view! {
                    <div role="group" aria-labelledby="forget-heading" class="confirm">
                        <h3 id="forget-heading">{tr(Msg::ForgetConfirmHeading)}</h3>
                        <p id="forget-consequences">{tr(Msg::ForgetConsequences)}</p>
                        <button type="button" class="danger" aria-describedby="forget-consequences"
                            on:click=move |_| ask_office()>
                            {tr(Msg::ForgetConfirm)}
                        </button>
                        <button type="button" on:click=move |_| step.set(Forget::Idle)>
                            {tr(Msg::ForgetCancel)}
                        </button>
                    </div>
                }.into_any(),
                Forget::Working => view! {
                    <p role="status">{tr(Msg::ForgetWorking)}</p>
                }.into_any(),
                Forget::Offline => view! {
                    <div role="alert" class="confirm">
                        <p>{tr(Msg::ForgetOffline)}</p>
                        <button type="button" class="danger" on:click=phone_only>
                            {tr(Msg::ForgetPhoneOnly)}
                        </button>
                        <button type="button" on:click=move |_| step.set(Forget::Idle)>
                            {tr(Msg::ForgetTryAgain)}
                        </button>
                    </div>
                }.into_any(),
                Forget::Failed(reason) => view! {
                    <p role="alert">{i18n.tf(Msg::ForgetFailed, &[("reason", &reason)])}</p>
                    <button type="button" on:click=move |_| step.set(Forget::Idle)>
                        {tr(Msg::ForgetTryAgain)}
                    </button>
                }.into_any(),
            }}
        </section>
    }
}
