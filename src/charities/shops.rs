//! `/charities/shops?district=&open_now=`: charity shops (慈善超市) and donation points
//! (经常性社会捐助点) by district, with address and opening hours; "open now" is computed by the
//! server in the city's local time.

use super::text;
use super::{DistrictSelect, use_c};
use crate::api;
use crate::ui::prefs::{use_prefs, use_t, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::charities::search::{encode, valid_district};
use portal_api::charities::{CharityShop, distance_km};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[component]
pub fn ShopsPage() -> impl IntoView {
    let c = use_c();
    use_title(|m| m.charity_shops);
    let q = use_query_map();
    let from_url = move || {
        q.with(|q| {
            (
                q.get("district").filter(|d| valid_district(d)).unwrap_or_default(),
                q.get("open_now").is_some_and(|v| v == "true"),
            )
        })
    };
    let (d0, o0) = from_url();
    let district = RwSignal::new(d0);
    let open_now = RwSignal::new(o0);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut url = format!("/charities/shops?district={}", encode(&district.get_untracked()));
        if open_now.get_untracked() {
            url.push_str("&open_now=true");
        }
        navigate(&url, Default::default());
    };
    let here: RwSignal<Option<(f64, f64)>> = RwSignal::new(None);
    let locating = RwSignal::new(false);
    let located_failed = RwSignal::new(false);
    let locate = move |_| locate_me(here, locating, located_failed);
    let shops = LocalResource::new(move || {
        let (d, open) = from_url();
        async move { api::charity_shops(&d, open).await }
    });
    view! {
        <div class="page charities">
            <A href="/charities" attr:class="back-link">"‹ " {move || c().back_to_search}</A>
            <h1>{move || c().shops_title}</h1>
            <p class="lead">{move || c().shops_intro}</p>
            <form class="charity-search" on:submit=submit>
                <div class="field">
                    <label for="shop-district">{move || c().district}</label>
                    <DistrictSelect value=district id="shop-district" />
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || open_now.get()
                        on:change=move |ev| open_now.set(event_target_checked(&ev)) />
                    {move || c().open_now_only}
                </label>
                <button type="submit" class="button primary wide">{move || c().search_button}</button>
            </form>
            <button type="button" class="button secondary wide" on:click=locate disabled=move || locating.get()>
                {move || if locating.get() { c().locating } else { c().by_distance }}
            </button>
            <p class="hint">{move || c().location_note}</p>
            <Show when=move || located_failed.get()><p class="state notice" role="status">{move || c().location_failed}</p></Show>
            <Transition fallback=|| view! { <Loading /> }>
                {move || shops.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| shops.refetch() /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="state empty">{move || c().shops_empty}</p> }.into_any(),
                    Ok(list) => {
                        let mut list: Vec<(Option<f64>, CharityShop)> = list
                            .into_iter()
                            .map(|s| (here.get().zip(s.lat.zip(s.lng)).map(|(h, p)| distance_km(h, p)), s))
                            .collect();
                        if here.get().is_some() {
                            list.sort_by(|a, b| a.0.unwrap_or(f64::MAX).total_cmp(&b.0.unwrap_or(f64::MAX)));
                        }
                        view! {
                            <ul class="card-list shop-list">
                                {list.into_iter().map(|(km, s)| view! { <Shop s=s km=km /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Shop(s: CharityShop, km: Option<f64>) -> impl IntoView {
    let c = use_c();
    let t = use_t();
    let lang = use_prefs().lang;
    let (demo, open, kind) = (s.demo, s.open_now, s.kind);
    let (receive, give) = (s.hours_receive.clone(), s.hours_give.clone());
    let has_give = !give.is_empty();
    view! {
        <li class="card">
            <p class="service-name">{s.name.clone()}
                <Show when=move || demo>" "<span class="badge">{move || t().demo_badge}</span></Show>
            </p>
            <p>
                <span class="hint">{move || text::shop_kind(lang.get(), kind)}</span>" · "
                <strong class=if open { "open-now" } else { "closed-now" }>
                    {move || if open { c().open_now } else { c().closed_now }}
                </strong>
            </p>
            {km.map(|km| view! { <p class="distance">{move || c().distance.replace("{km}", &format!("{km:.1}"))}</p> })}
            <dl class="facts">
                <dt>{move || c().address}</dt><dd>{s.address.clone()}</dd>
                <dt>{move || c().hours_receive}</dt><dd>{move || text::hours(lang.get(), &receive)}</dd>
                <Show when=move || has_give>
                    <dt>{move || c().hours_give}</dt><dd>{let g = give.clone(); move || text::hours(lang.get(), &g)}</dd>
                </Show>
                {(!s.accepts.is_empty()).then(|| view! { <dt>{move || c().accepts}</dt><dd>{s.accepts.clone()}</dd> })}
                {(!s.eligibility.is_empty()).then(|| view! { <dt>{move || c().eligibility}</dt><dd>{s.eligibility.clone()}</dd> })}
                {(!s.phone.is_empty()).then(|| view! {
                    <dt>{move || c().phone}</dt><dd><a href=format!("tel:{}", s.phone)>{s.phone.clone()}</a></dd>
                })}
            </dl>
        </li>
    }
}

/// Asks the phone for its position once; the answer stays in this page's memory.
fn locate_me(here: RwSignal<Option<(f64, f64)>>, busy: RwSignal<bool>, failed: RwSignal<bool>) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        failed.set(true);
        return;
    };
    busy.set(true);
    failed.set(false);
    let ok = Closure::once_into_js(move |p: web_sys::Position| {
        let c = p.coords();
        here.set(Some((c.latitude(), c.longitude())));
        busy.set(false);
    });
    let err = Closure::once_into_js(move |_: JsValue| {
        failed.set(true);
        busy.set(false);
    });
    if geo
        .get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref()))
        .is_err()
    {
        failed.set(true);
        busy.set(false);
    }
}
