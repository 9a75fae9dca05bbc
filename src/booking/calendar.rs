//! `/booking/day/:office`: the month calendar of the booking window (elder mode: a list of
//! bookable days), operable by keyboard, each day announced in full.

use super::*;
use crate::api::{self};
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_api::booking::{DayStatus, DayView};
use portal_api::ids::Date;
use text::km;
use wasm_bindgen::JsCast;

/// A day's state for screen readers, in words.
fn day_note(lang: Lang, d: &DayView) -> String {
    match d.status {
        DayStatus::Open => km(lang).places_left.replace("{n}", &d.places_left.to_string()),
        _ => day_cell_note(lang, d),
    }
}

/// A day's state inside its small calendar cell.
fn day_cell_note(lang: Lang, d: &DayView) -> String {
    let m = km(lang);
    match d.status {
        DayStatus::Open if lang == Lang::Zh => format!("余{}", d.places_left),
        DayStatus::Open => d.places_left.to_string(),
        DayStatus::Full => m.day_full.to_owned(),
        DayStatus::Closed => m.day_closed.to_owned(),
        DayStatus::NotReleased => m.day_soon.to_owned(),
    }
}

/// The days of one month, laid out Monday to Sunday.
fn months(days: &[DayView]) -> Vec<Vec<DayView>> {
    let mut out: Vec<Vec<DayView>> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some(m) if m[0].day.month == d.day.month => m.push(*d),
            _ => out.push(vec![*d]),
        }
    }
    out
}

/// `/booking/day/:office?service=`: a calendar of the booking window. Each day is a button
/// whose accessible name is the full date and its state; arrow keys move a day or a week.
#[component]
pub fn DayPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let office = move || params.read().get("office").unwrap_or_default();
    let flow = use_flow();
    let days = LocalResource::new(move || {
        let (o, f) = (office(), flow());
        async move { api::office_days(&o, f.service).await }
    });
    // Roving focus: one day is in the tab order; arrows move it.
    let focused = RwSignal::new(None::<Date>);
    let navigate = use_navigate();
    let choose = move |d: Date| {
        navigate(
            &format!("/booking/time/{}?{}&day={d}", office(), flow().query()),
            Default::default(),
        );
    };
    let choose = StoredValue::new_local(choose);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            "ArrowUp" => -7,
            "ArrowDown" => 7,
            _ => return,
        };
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
            return;
        };
        let Some(from) = el.get_attribute("data-day").and_then(|s| Date::parse(&s)) else { return };
        let to = from.add_days(step);
        if let Some(next) = document()
            .get_element_by_id(&format!("day-{to}"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            focused.set(Some(to));
            let _ = next.focus();
        }
    };
    view! {
        <div class="page">
            {move || match flow().reschedule {
                Some(_) => view! { <A href="/booking/mine" attr:class="back-link">"‹ " {move || k().mine}</A> }.into_any(),
                None => view! { <A href=move || format!("/booking/office?{}", flow().query()) attr:class="back-link">"‹ " {move || k().q_office}</A> }.into_any(),
            }}
            {move || view! { <RescheduleNotice flow=flow() /> }}
            <p class="step-context">{move || text::service_name(lang.get(), flow().service)}</p>
            <h1 id="day-title">{move || k().q_day}</h1>
            <p class="hint">{move || k().day_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || days.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| days.refetch() /> }.into_any(),
                    Ok(list) if !list.iter().any(|d| d.status == DayStatus::Open) => view! {
                        <p class="state empty">{move || k().no_days}</p>
                        <A href=move || format!("/booking/office?{}", flow().query()) attr:class="button secondary">{move || k().q_office}</A>
                    }.into_any(),
                    Ok(list) => {
                        if focused.get_untracked().is_none() {
                            focused.set(list.iter().find(|d| d.status == DayStatus::Open).map(|d| d.day));
                        }
                        view! {
                            <div class="calendar" role="group" aria-labelledby="day-title" aria-describedby="day-keys" on:keydown=on_key>
                                <p class="hint kbd-hint" id="day-keys">{move || k().day_keys}</p>
                                {months(&list).into_iter().map(|month| {
                                    let first = month[0].day;
                                    let lead = usize::from(first.weekday()) - 1;
                                    view! {
                                        <section class="cal-month">
                                            <h2 class="cal-title">{move || text::month_title(lang.get(), first)}</h2>
                                            <div class="cal-grid">
                                                {(0..7).map(|i| view! { <span class="cal-head" aria-hidden="true">{move || text::weekday_letter(lang.get(), i)}</span> }).collect_view()}
                                                {(0..lead).map(|_| view! { <span class="cal-blank" aria-hidden="true"></span> }).collect_view()}
                                                {month.into_iter().map(|d| {
                                                    let open = d.status == DayStatus::Open;
                                                    let day = d.day;
                                                    view! {
                                                        <button
                                                            type="button"
                                                            id=format!("day-{day}")
                                                            data-day=day.to_string()
                                                            class="cal-day"
                                                            class:open=open
                                                            class:closed={d.status == DayStatus::Closed}
                                                            aria-disabled=(!open).to_string()
                                                            tabindex=move || if focused.get() == Some(day) { "0" } else { "-1" }
                                                            aria-label=move || format!("{}，{}", text::full_date(lang.get(), day), day_note(lang.get(), &d))
                                                            on:focus=move |_| focused.set(Some(day))
                                                            on:click=move |_| if open { choose.with_value(|c| c(day)) }
                                                        >
                                                            <span class="cal-wd" aria-hidden="true">{move || text::weekday_short(lang.get(), usize::from(day.weekday()) - 1)}</span>
                                                            <span class="cal-num">{day.day}</span>
                                                            <span class="cal-note" aria-hidden="true">{move || day_cell_note(lang.get(), &d)}</span>
                                                        </button>
                                                    }
                                                }).collect_view()}
                                            </div>
                                        </section>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}
