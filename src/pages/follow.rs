//! Following a case sent from another phone, with its case number and
//! query code. Needs the network once; afterwards the case is kept on this
//! phone and updated by the sync like the resident's own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use letterbox_core::api::LookupRequest;
use letterbox_core::case::CaseRecord;
use letterbox_core::limits::QUERY_CODE_LEN;

use crate::api::{self, ApiError};
use crate::i18n::{tr, use_i18n, Msg};
use crate::store::Store;
use crate::sync::use_sync;

#[derive(Clone, Copy, PartialEq)]
enum Problem {
    Missing,
    NotFound,
    Limited(u64),
    Offline,
    Storage,
}

#[component]
pub fn FollowPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let navigate = use_navigate();
    let number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LookupRequest {
            case_number: number.get_untracked().trim().to_owned(),
            query_code: code.get_untracked().trim().to_owned(),
        };
        if request.case_number.is_empty() || request.query_code.is_empty() {
            problem.set(Some(Problem::Missing));
            return;
        }
        busy.set(true);
        problem.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let outcome = follow(request).await;
            busy.set(false);
            match outcome {
                Ok(id) => {
                    sync.changed();
                    crate::sync::announce();
                    navigate(&format!("/cases/{id}"), Default::default());
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    view! {
        <h1>{tr(Msg::FollowTitle)}</h1>
        <p>{tr(Msg::FollowIntro)}</p>
        <form class="editor" on:submit=submit>
            <label for="follow-number">{tr(Msg::FollowNumber)}</label>
            <input id="follow-number" autocomplete="off" placeholder="LB-2026-000001"
                on:input=move |ev| number.set(event_target_value(&ev))/>
            <label for="follow-code">{tr(Msg::FollowCode)}</label>
            <input id="follow-code" autocomplete="off" autocapitalize="characters"
                maxlength=(QUERY_CODE_LEN + 2).to_string()
                on:input=move |ev| code.set(event_target_value(&ev))/>
            {move || problem.get().map(|p| {
                let text = match p {
                    Problem::Missing => i18n.t(Msg::FollowMissing).to_owned(),
                    Problem::NotFound => i18n.t(Msg::FollowNotFound).to_owned(),
                    Problem::Limited(minutes) => {
                        i18n.tf(Msg::FollowLimited, &[("minutes", &minutes.to_string())])
                    }
                    Problem::Offline => i18n.t(Msg::FollowOffline).to_owned(),
                    Problem::Storage => i18n.t(Msg::StorageUnavailable).to_owned(),
                };
                view! { <p class="error" role="alert">{text}</p> }
            })}
            <p><button type="submit" class="primary" disabled=move || busy.get()>{tr(Msg::FollowSubmit)}</button></p>
        </form>
    }
}

async fn follow(request: LookupRequest) -> Result<uuid::Uuid, Problem> {
    let store = Store::app().await.map_err(|_| Problem::Storage)?;
    let device = crate::sync::device(&store)
        .await
        .map_err(|_| Problem::Storage)?;
    let token = device.as_ref().map(|d| d.token.as_str());
    let view = match api::lookup(token, &request).await {
        Ok(view) => view,
        Err(ApiError::Status {
            status: 429,
            retry_after_ms,
            ..
        }) => {
            let minutes = retry_after_ms.map_or(10.0, |ms| (ms / 60_000.0).ceil());
            return Err(Problem::Limited(minutes.max(1.0) as u64));
        }
        Err(ApiError::Status { status: 404, .. }) => return Err(Problem::NotFound),
        Err(_) => return Err(Problem::Offline),
    };
    let case = CaseRecord::from_lookup(view);
    let id = case.id;
    store
        .follow_case(&case)
        .await
        .map_err(|_| Problem::Storage)?;
    Ok(id)
}
