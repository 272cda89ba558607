//! Where the matter is, without a map: district → street → community from
//! the office's list, an address in words, and — only if the resident asks —
//! the phone's position rounded to about 10 metres.

use leptos::prelude::*;
use letterbox_core::api::Coordinates;
use letterbox_core::catalogue::Area;
use letterbox_core::validation::Field;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::field_error;
use super::form::Form;
use super::text_input::{never, text_input, TextInput};
use crate::components::loaded::loaded;
use crate::i18n::words::local_name;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::Store;
use crate::sync::use_sync;

/// One level of the area picker.
#[derive(Clone, Copy)]
struct Level {
    id: &'static str,
    error_id: &'static str,
    label: Msg,
    none: Msg,
    field: Field,
}

const DISTRICT: Level = Level {
    id: "district",
    error_id: "district-error",
    label: Msg::DistrictLabel,
    none: Msg::DistrictChoose,
    field: Field::District,
};
const STREET: Level = Level {
    id: "street",
    error_id: "street-error",
    label: Msg::StreetLabel,
    none: Msg::StreetChoose,
    field: Field::Street,
};
const COMMUNITY: Level = Level {
    id: "community",
    error_id: "community-error",
    label: Msg::CommunityLabel,
    none: Msg::CommunityChoose,
    field: Field::Community,
};

/// One `<select>` of areas; `on_pick` gets the chosen code (None = none).
fn area_select(
    level: Level,
    form: Form,
    areas: Vec<Area>,
    chosen: Option<String>,
    on_pick: impl Fn(Option<String>) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let Level {
        id,
        error_id,
        label,
        none,
        field,
    } = level;
    view! {
        <label for=id>{tr(label)}</label>
        <select
            id=id
            aria-invalid=move || form.invalid(field)
            aria-describedby=error_id
            on:change=move |ev| {
                let value = event_target_value(&ev);
                on_pick((!value.is_empty()).then_some(value));
            }
            on:blur=move |_| form.touch(field)
        >
            <option value="">{tr(none)}</option>
            {move || {
                let lang = i18n.lang.get();
                areas.iter().map(|area| {
                    let selected = chosen.as_deref() == Some(area.code.as_str());
                    view! {
                        <option value=area.code.clone() selected=selected>
                            {local_name(lang, &area.name)}
                        </option>
                    }
                }).collect_view()
            }}
        </select>
        {field_error(form, field, error_id)}
    }
}

fn children_of(areas: &[Area], code: Option<&str>) -> Vec<Area> {
    code.and_then(|code| areas.iter().find(|a| a.code == code))
        .map(|a| a.children.clone())
        .unwrap_or_default()
}

#[component]
pub fn PlacePicker(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    // Read here, not by the form: the area lists' decoders stay in this
    // split module (issue 12).
    let read = loaded(move || {
        sync.revision.track();
        Box::pin(async { Store::app().await?.areas().await })
    });
    let areas = Signal::derive(move || read.get().and_then(Result::ok).flatten());
    // Said once the read is done and found no list, not while it runs.
    let missing = move || matches!(read.get(), Some(Ok(None) | Err(_)));
    let location_problem = RwSignal::new(false);

    let districts = move || {
        let chosen = form.draft.with(|d| d.location.district.clone());
        areas.get().map(|a| {
            area_select(DISTRICT, form, a, chosen, move |code| {
                form.edit(|d| {
                    d.location.district = code;
                    d.location.street = None;
                    d.location.community = None;
                })
            })
        })
    };
    let streets = move || {
        let (district, chosen) = form
            .draft
            .with(|d| (d.location.district.clone(), d.location.street.clone()));
        let streets = areas.with(|a| {
            a.as_ref()
                .map(|a| children_of(a, district.as_deref()))
                .unwrap_or_default()
        });
        (!streets.is_empty()).then(|| {
            area_select(STREET, form, streets, chosen, move |code| {
                form.edit(|d| {
                    d.location.street = code;
                    d.location.community = None;
                })
            })
        })
    };
    let communities = move || {
        let (district, street, chosen) = form.draft.with(|d| {
            (
                d.location.district.clone(),
                d.location.street.clone(),
                d.location.community.clone(),
            )
        });
        let communities = areas.with(|a| {
            a.as_ref()
                .map(|a| {
                    let streets = children_of(a, district.as_deref());
                    children_of(&streets, street.as_deref())
                })
                .unwrap_or_default()
        });
        (!communities.is_empty()).then(|| {
            area_select(COMMUNITY, form, communities, chosen, move |code| {
                form.edit(|d| d.location.community = code)
            })
        })
    };

    let locate = move |_| {
        location_problem.set(false);
        request_position(form, location_problem);
    };
    let position = move || {
        form.draft.with(|d| d.location.coordinates).map(|c| {
            view! {
                <p>
                    {trf(Msg::LocationAdded, vec![
                        ("lat", Arg::Text(decimal4(c.lat))),
                        ("lon", Arg::Text(decimal4(c.lon))),
                    ])}
                </p>
                <button type="button" on:click=move |_| form.edit(|d| d.location.coordinates = None)>
                    {tr(Msg::RemoveLocation)}
                </button>
            }
        })
    };

    view! {
        <fieldset aria-describedby="location-hint">
            <legend>{tr(Msg::LocationLegend)}</legend>
            <p class="hint" id="location-hint">{tr(Msg::LocationHint)}</p>
            {move || missing().then(|| view! {
                <p class="hint">{tr(Msg::AreasNotLoaded)}</p>
            })}
            {districts}
            {streets}
            {communities}
            {text_input(form, TextInput {
                id: "address",
                label: Msg::AddressLabel,
                hint: Some(Msg::AddressHint),
                field: Field::Address,
                input_type: "text",
                autocomplete: "off",
                counted_max: None,
                read: |d| &d.location.address,
                write: |d, v| d.location.address = v,
                required: never,
            })}
            <button type="button" aria-describedby="locate-hint" on:click=locate>
                {tr(Msg::UseLocation)}
            </button>
            <p class="hint" id="locate-hint">{tr(Msg::UseLocationHint)}</p>
            {position}
            <p class="field-error" role="alert">
                {move || location_problem.get().then(|| i18n.t(Msg::LocationDenied))}
            </p>
        </fieldset>
    }
}

/// Four decimals without the float formatter: the coordinates are already
/// rounded, so this is exact enough and keeps the wasm small.
fn decimal4(x: f64) -> String {
    let scaled = (x * 10_000.0).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let scaled = scaled.unsigned_abs();
    format!("{sign}{}.{:04}", scaled / 10_000, scaled % 10_000)
}

/// Asks the browser for one position. Nothing happens unless the resident
/// pressed the button; a refusal only shows a note.
fn request_position(form: Form, problem: RwSignal<bool>) {
    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        problem.set(true);
        return;
    };
    let found = Closure::once(move |position: web_sys::Position| {
        let c = position.coords();
        let rounded = Coordinates::rounded(c.latitude(), c.longitude());
        form.edit(|d| d.location.coordinates = Some(rounded));
    });
    let failed = Closure::once(move |_: JsValueAlias| problem.set(true));
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(false);
    options.set_timeout(20_000);
    options.set_maximum_age(60_000);
    if geolocation
        .get_current_position_with_error_callback_and_options(
            found.as_ref().unchecked_ref(),
            Some(failed.as_ref().unchecked_ref()),
            &options,
        )
        .is_err()
    {
        problem.set(true);
    }
    // Each runs at most once; the browser holds them until then.
    found.forget();
    failed.forget();
}

type JsValueAlias = wasm_bindgen::JsValue;
