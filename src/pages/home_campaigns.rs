//! The home screen's "Asking for your views": the campaigns the office
//! runs, from the list the sync keeps on the phone (so it reads offline),
//! each linking to its page, marked "new" until the resident opens it
//! after a change. Which campaigns are listed, in what order, how many
//! days are left and what is new are core's (`CampaignSummary`).
//!
//! The section is drawn by a split module of its own, fetched once the
//! drafts are on screen: the list's decoding and the campaign rules would
//! otherwise be in the main module every first visit downloads (issue 12).

use leptos::prelude::*;
use letterbox_core::campaign::{CampaignSummary, Phase};

use crate::components::lazy::lazy_view;
use crate::components::loaded::loaded;
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::store::Store;
use crate::sync::use_sync;
use crate::time::now_ms;

#[leptos::lazy]
fn load_campaigns_section() -> fn(()) -> AnyView {
    |()| view! { <CampaignsSection/> }.into_any()
}

/// The section, once its module is in.
#[component]
pub fn LazyCampaignsSection() -> impl IntoView {
    lazy_view(load_campaigns_section(), ())
}

#[component]
fn CampaignsSection() -> impl IntoView {
    let sync = use_sync();
    let list = loaded(move || {
        sync.revision.track();
        // A new day moves the days left.
        sync.today.track();
        Box::pin(async { Store::app().await?.campaign_list().await })
    });
    move || {
        let lang = use_i18n().lang.get();
        // Without the store there is no list to show: the drafts above
        // already say why.
        let Some(Ok(list)) = list.get() else {
            return None;
        };
        let now = (now_ms() / 1000.0) as i64;
        let items: Vec<_> = CampaignSummary::for_home(&list.campaigns, now)
            .into_iter()
            .map(|c| item(c, c.is_new(list.seen(&c.slug)), now, lang))
            .collect();
        (!items.is_empty()).then(|| {
            view! {
                <section aria-labelledby="campaigns-heading">
                    <h2 id="campaigns-heading">{Msg::HomeCampaignsHeading.text(lang)}</h2>
                    <ul class="cards" aria-label=Msg::HomeCampaignsHeading.text(lang)>{items}</ul>
                </section>
            }
        })
    }
}

/// One campaign, in plain text for the current language (the list is
/// drawn again when the language changes).
fn item(c: &CampaignSummary, new: bool, now: i64, lang: Lang) -> impl IntoView {
    let standing = match (c.phase(now), c.days_left(now)) {
        (Phase::Open { .. }, Some(0) | None) => Msg::HomeCampaignClosesToday.text(lang).to_owned(),
        (Phase::Open { .. }, Some(1)) => Msg::HomeCampaignClosesTomorrow.text(lang).to_owned(),
        (Phase::Open { .. }, Some(n)) => fill(
            Msg::HomeCampaignClosesIn.text(lang),
            &[("n", &n.to_string())],
        ),
        _ if c.has_answer => Msg::HomeCampaignAnswered.text(lang).to_owned(),
        _ => Msg::HomeCampaignResults.text(lang).to_owned(),
    };
    view! {
        <li class="card">
            {new.then(|| view! { <span class="badge">{Msg::HomeCampaignNew.text(lang)}</span> })}
            <a href=format!("/c/{}", c.slug)>
                <strong>{c.title.get(lang == Lang::En).to_owned()}</strong>
            </a>
            <span class="meta">{standing}</span>
        </li>
    }
}
