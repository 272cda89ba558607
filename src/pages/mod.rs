//! One module per screen. A screen's parts live with it (`editor/`,
//! `case/`); the words for enums are in `crate::i18n::words`.

pub mod campaign;
pub mod case;
pub mod cases;
pub mod drafts;
pub mod editor;
pub mod field_error;
pub mod follow;
pub mod home_campaigns;
pub mod my_data;
pub mod settings;

use leptos::prelude::*;

use crate::i18n::words::store_error_text;
use crate::i18n::Msg;
use crate::store::StoreError;

#[component]
pub fn StoreProblem(error: StoreError) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <p class="error" role="alert">
            {move || i18n.tf(Msg::StoreError, &[("reason", &store_error_text(i18n, &error))])}
        </p>
    }
}
