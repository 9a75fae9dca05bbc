//! Marriage registration booking pages: start, office, date and time (held for 10 minutes),
//! the partner's details, the confirmation with its reference, my bookings (cancel) and the
//! partner's confirmation.

pub mod text;

use crate::account::use_auth;
use crate::api::{self, ApiError};
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::booking::{
    BookingView, HoldRequest, MARRIAGE_BRING_EN, MARRIAGE_BRING_ZH, PartyInput, Service, SlotView,
};
use portal_api::ids::Date;
use text::{KMsgs, km};

fn use_k() -> impl Fn() -> &'static KMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || km(lang.get())
}

/// Today at the registry (China Standard Time, UTC+8), whatever the phone's time zone: the
/// booking window is counted in the office's days, as the server counts them.
fn office_today() -> Date {
    let secs = (js_sys::Date::now() / 1000.0) as i64 + 8 * 3600;
    portal_api::booking::civil_from_days(secs.div_euclid(86_400))
}

fn bring(lang: Lang) -> &'static str {
    if lang == Lang::Zh { MARRIAGE_BRING_ZH } else { MARRIAGE_BRING_EN }
}

/// The service chosen on the start page (`?service=divorce`); marriage by default.
fn use_service() -> impl Fn() -> Service + Copy {
    let q = use_query_map();
    move || {
        q.read()
            .get("service")
            .and_then(|s| Service::parse(&s))
            .filter(|s| *s == Service::Divorce)
            .unwrap_or(Service::Marriage)
    }
}

#[component]
pub fn BookingHome() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let auth = use_auth();
    use_title(|m| m.booking);
    view! {
        <div class="page">
            <h1>{move || k().title}</h1>
            <p class="lead">{move || k().intro}</p>
            {move || match auth.get() {
                None => view! { <Loading /> }.into_any(),
                Some(None) => view! {
                    <div class="state notice"><p>{move || k().need_sign_in}</p></div>
                    <A href="/account" attr:class="button primary">{move || crate::account::text::am(lang.get()).sign_in}</A>
                }.into_any(),
                Some(Some(me)) if me.real_name.is_none() => view! {
                    <div class="state notice"><p>{move || k().need_real_name}</p></div>
                    <A href="/account/real-name" attr:class="button primary">{move || crate::account::text::am(lang.get()).do_real_name}</A>
                }.into_any(),
                Some(Some(_)) => view! {
                    <ul class="link-list">
                        <li><A href="/booking/office">{move || k().start}</A></li>
                        <li><A href="/booking/office?service=divorce">{move || k().start_divorce}</A></li>
                        <li><A href="/booking/divorce">{move || k().divorce_title}</A></li>
                        <li><A href="/booking/mine">{move || k().mine}</A></li>
                        <li><A href="/booking/confirm">{move || k().confirm_partner}</A></li>
                    </ul>
                }.into_any(),
            }}
            <section class="card" aria-labelledby="bring-title">
                <h2 id="bring-title">{move || k().bring_title}</h2>
                <p><strong>{move || k().start} " · "</strong>{move || bring(lang.get())}</p>
                <p><strong>{move || k().start_divorce} " · "</strong>{move || k().divorce_bring}</p>
                <p>{move || k().free}</p>
            </section>
        </div>
    }
}

#[component]
pub fn OfficePage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let offices = LocalResource::new(api::offices);
    let service = use_service();
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().title}</A>
            <h1>{move || k().q_office}</h1>
            <p class="hint">{move || k().office_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || offices.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| offices.refetch() /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="link-list offices">
                            {list.into_iter().filter(|o| o.services.contains(&service())).map(|o| {
                                let href = format!("/booking/slot/{}?service={}", o.code, service().as_str());
                                let (zh, en, addr_zh, addr_en, phone) = (o.name_zh, o.name_en, o.address_zh, o.address_en, o.phone);
                                view! {
                                    <li>
                                        <A href=href attr:class="office-choice">
                                            <span class="service-name">{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</span>
                                            <span class="hint">{move || if lang.get() == Lang::Zh { addr_zh.clone() } else { addr_en.clone() }} " · " {phone.clone()}</span>
                                        </A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

fn error_text(lang: Lang, e: &ApiError) -> String {
    match e.fields().first() {
        Some(f) => text::field_error(lang, &f.code).to_owned(),
        None => e.message(lang.msgs()).to_owned(),
    }
}

#[component]
pub fn SlotPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let office = move || params.read().get("office").unwrap_or_default();
    let service = use_service();
    // Days are counted as the server counts them (its date), falling back to China time.
    let info = LocalResource::new(api::info);
    let days = move || {
        let today = info.get().and_then(Result::ok).map(|i| i.today).unwrap_or_else(office_today);
        (1..=30).map(|n| today.add_days(n)).collect::<Vec<Date>>()
    };
    let day = RwSignal::new(None::<Date>);
    let avail = LocalResource::new(move || {
        let (o, d, svc) = (office(), day.get(), service());
        async move {
            match d {
                Some(d) => api::availability(&o, svc, d).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let alert = RwSignal::new(None::<String>);
    let alternatives = RwSignal::new(Vec::<SlotView>::new());
    let navigate = use_navigate();
    let choose = move |slot: SlotView| {
        let l = lang.get_untracked();
        let req = HoldRequest {
            office: office(),
            service: service(),
            day: slot.day,
            start_min: slot.start_min,
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::hold(&req).await {
                Ok(b) => navigate(&format!("/booking/details/{}", b.id), Default::default()),
                Err(e) => {
                    if let ApiError::Problem(p, _) = &e {
                        alternatives.set(p.alternatives.clone());
                    }
                    alert.set(Some(error_text(l, &e)));
                    avail.refetch();
                }
            }
        });
    };
    let choose = StoredValue::new_local(choose);
    view! {
        <div class="page">
            <A href="/booking/office" attr:class="back-link">"‹ " {move || k().q_office}</A>
            <h1>{move || k().q_slot}</h1>
            <h2>{move || k().choose_day}</h2>
            <div class="day-grid" role="group" aria-label=move || k().choose_day>
                {move || days().into_iter().map(|d| view! {
                    <button
                        type="button"
                        class="day"
                        aria-pressed=move || (day.get() == Some(d)).to_string()
                        aria-label=move || text::full_date(lang.get(), d)
                        on:click=move |_| { alert.set(None); alternatives.set(vec![]); day.set(Some(d)); }
                    >
                        {move || text::short_date(lang.get(), d)}
                    </button>
                }).collect_view()}
            </div>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert">
                    <p>{move || alert.get()}</p>
                    <Show when=move || !alternatives.with(Vec::is_empty)>
                        <p>{move || k().alternatives}</p>
                        <div class="slot-grid">
                            {move || alternatives.get().into_iter().map(|s| view! {
                                <button type="button" class="slot" on:click=move |_| choose.with_value(|c| c(s))>
                                    {move || format!("{} {}", text::short_date(lang.get(), s.day), text::time(s.start_min))}
                                </button>
                            }).collect_view()}
                        </div>
                    </Show>
                </div>
            </Show>
            <Show when=move || day.get().is_some()>
                <h2>{move || k().choose_time}</h2>
                <Transition fallback=|| view! { <Loading /> }>
                    {move || avail.get().map(|res| match res {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |()| avail.refetch() /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(a)) if a.closed_reason.as_deref() == Some("closed") => view! { <p class="state empty">{move || k().closed}</p> }.into_any(),

                        Ok(Some(a)) if a.closed_reason.as_deref() == Some("not_released") => {
                            let when = a.opens_at.map(|t| {
                                let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
                                String::from(d.to_locale_string("zh-CN", &wasm_bindgen::JsValue::UNDEFINED))
                            }).unwrap_or_default();
                            view! { <p class="state notice">{move || k().not_released.replace("{time}", &when)}</p> }.into_any()
                        }
                        Ok(Some(a)) if a.closed_reason.is_some() => view! { <p class="state empty">{move || k().out_of_window}</p> }.into_any(),
                        Ok(Some(a)) if a.slots.is_empty() => view! { <p class="state empty">{move || k().no_slots}</p> }.into_any(),
                        Ok(Some(a)) => view! {
                            <div class="slot-grid">
                                {a.slots.into_iter().map(|s| {
                                    let full = s.places_left <= 0;
                                    view! {
                                        <button type="button" class="slot" prop:disabled=full on:click=move |_| choose.with_value(|c| c(s))>
                                            <span class="slot-time">{text::time(s.start_min)}</span>
                                            <span class="slot-left">{move || if full { k().full.to_owned() } else { k().places_left.replace("{n}", &s.places_left.to_string()) }}</span>
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any(),
                    })}
                </Transition>
            </Show>
        </div>
    }
}

fn find(list: Vec<BookingView>, id: i64) -> Option<BookingView> {
    list.into_iter().find(|b| b.id == id)
}

#[component]
pub fn DetailsPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let booking = LocalResource::new(move || {
        let id = id();
        async move { api::my_bookings().await.map(|l| find(l, id)) }
    });
    let name = RwSignal::new(String::new());
    let idn = RwSignal::new(String::new());
    let name_err = RwSignal::new(None::<String>);
    let id_err = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move || {
        let l = lang.get_untracked();
        let ok_name = portal_api::account::valid_real_name(&name.get_untracked());
        name_err.set((!ok_name).then(|| crate::account::text::am(l).e_name.to_owned()));
        let parsed = portal_api::ids::ResidentId::parse(&idn.get_untracked());
        id_err.set(parsed.as_ref().err().map(|e| text::field_error(l, e.code()).to_owned()));
        if !ok_name || parsed.is_err() {
            return;
        }
        let partner = PartyInput { name: name.get_untracked(), id_number: idn.get_untracked() };
        let booking_id = id();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::booking_details(booking_id, partner).await {
                Ok(_) => navigate(&format!("/booking/done/{booking_id}"), Default::default()),
                Err(e) => match e.fields().first() {
                    Some(f) if f.field.ends_with("name") => {
                        name_err.set(Some(text::field_error(l, &f.code).to_owned()))
                    }
                    Some(f) => id_err.set(Some(text::field_error(l, &f.code).to_owned())),
                    None => alert.set(Some(e.message(l.msgs()).to_owned())),
                },
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || k().q_partner}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) => {
                        let until = b.hold_expires_at.map(|t| {
                            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64 * 1000.0));
                            format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
                        }).unwrap_or_default();
                        view! {
                            <p class="state notice" role="status">
                                {move || text::full_date(lang.get(), b.day)} " " {text::time(b.start_min)} " · "
                                {move || k().held_until.replace("{time}", &until)}
                            </p>
                        }.into_any()
                    }
                    Ok(None) => view! { <p class="state error" role="alert">{move || lang.get().msgs().err_not_found}</p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
            <p class="state notice privacy">{move || k().partner_why}</p>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <PlainField id="partner-name" label=Signal::derive(move || k().partner_name) value=name error=name_err />
                <PlainField id="partner-id" label=Signal::derive(move || k().partner_id) value=idn error=id_err />
                <button type="submit" class="button primary wide">{move || k().submit}</button>
            </form>
        </div>
    }
}

#[component]
fn PlainField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{move || label.get()}</label>
            {move || error.get().map(|m| view! { <p class="field-error" id=format!("{id}-error")>{m}</p> })}
            <input
                id=id
                type="text"
                autocomplete="off"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=format!("{id}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

#[component]
pub fn DonePage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let booking = LocalResource::new(move || {
        let id = id();
        async move { api::my_bookings().await.map(|l| find(l, id)) }
    });
    view! {
        <div class="page">
            <h1>{move || k().done_title}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) => {
                        let divorce = b.service == Service::Divorce;
                        view! {
                            <BookingCard booking=b show_cancel=false />
                            <p class="state notice">{move || k().tell_partner}</p>
                            <section class="card" aria-labelledby="bring-title">
                                <h2 id="bring-title">{move || k().bring_title}</h2>
                                <p>{move || if divorce { k().divorce_bring } else { bring(lang.get()) }}</p>
                            </section>
                        }.into_any()
                    }
                    Ok(None) => view! { <p class="state error" role="alert">{move || lang.get().msgs().err_not_found}</p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
            <A href="/booking/mine" attr:class="button secondary">{move || k().mine}</A>
        </div>
    }
}

#[component]
fn BookingCard(booking: BookingView, show_cancel: bool) -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let b = booking;
    let active = matches!(b.status.as_str(), "held" | "provisional" | "confirmed");
    let cancelled = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let status = b.status.clone();
    let id = b.id;
    view! {
        <article class="card booking-card" data-reference=b.reference.clone()>
            <p class="hint">{move || k().reference}</p>
            <p class="reference">{b.reference.clone()}</p>
            <p class="eligibility">{move || if cancelled.get() { k().status_cancelled } else { text::status(lang.get(), &status) }}</p>
            <Show when=move || { active && !cancelled.get() }>
                <img class="qr" src=format!("/api/bookings/{id}/qr.svg") alt=move || k().qr_alt width="160" height="160" />
                <a class="button secondary" href=format!("/api/bookings/{id}/calendar.ics") download="booking.ics">{move || k().add_to_calendar}</a>
            </Show>
            <p>{move || k().when} ": " {move || text::full_date(lang.get(), b.day)} " " {text::time(b.start_min)}</p>
            <p>
                {move || k().where_} ": "
                {move || if lang.get() == Lang::Zh { format!("{} · {}", b.office_name_zh, b.address_zh) } else { format!("{} · {}", b.office_name_en, b.address_en) }}
            </p>
            <ul class="reasons">
                {b.parties.iter().map(|p| view! { <li>{p.name.clone()} " " {p.id_masked.clone()}</li> }).collect_view()}
            </ul>
            <Show when=move || { show_cancel && active && !cancelled.get() }>
                <button type="button" class="button secondary" on:click=move |_| {
                    let l = lang.get_untracked();
                    spawn_local(async move {
                        match api::cancel_booking(id).await {
                            Ok(()) => cancelled.set(true),
                            Err(e) => alert.set(Some(e.message(l.msgs()).to_owned())),
                        }
                    });
                }>{move || k().cancel}</button>
            </Show>
            <Show when=move || cancelled.get()>
                <p class="state success" role="status">{move || k().cancelled}</p>
            </Show>
            <Show when=move || alert.get().is_some()>
                <p class="state error" role="alert">{move || alert.get()}</p>
            </Show>
        </article>
    }
}

#[component]
pub fn MinePage() -> impl IntoView {
    let k = use_k();
    use_title(|m| m.booking);
    let list = LocalResource::new(api::my_bookings);
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().title}</A>
            <h1>{move || k().mine}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Ok(l) if l.is_empty() => view! { <p class="state empty">{move || k().mine_empty}</p> }.into_any(),
                    Ok(l) => view! {
                        <div class="result-list">
                            {l.into_iter().map(|b| view! { <BookingCard booking=b show_cancel=true /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let reference = RwSignal::new(String::new());
    let err = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let submit = move || {
        let l = lang.get_untracked();
        let Some(r) = portal_api::booking::parse_reference(&reference.get_untracked()) else {
            err.set(Some(km(l).e_reference.to_owned()));
            return;
        };
        err.set(None);
        spawn_local(async move {
            match api::confirm_booking(&r).await {
                Ok(()) => done.set(true),
                Err(e) => err.set(Some(error_text(l, &e))),
            }
        });
    };
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().title}</A>
            <h1>{move || k().confirm_title}</h1>
            <p class="hint">{move || k().confirm_hint}</p>
            <Show when=move || done.get() fallback=move || view! {
                <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <PlainField id="reference" label=Signal::derive(move || k().reference) value=reference error=err />
                    <button type="submit" class="button primary wide">{move || k().confirm_button}</button>
                </form>
            }>
                <p class="state success" role="status">{move || k().confirmed}</p>
            </Show>
        </div>
    }
}

/// `/booking/divorce`: where each divorce application stands, with withdrawal during the
/// cooling-off and the certificate appointment in days 31-60.
#[component]
pub fn DivorcePage() -> impl IntoView {
    use portal_api::booking::DivorceStage;
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let list = LocalResource::new(api::divorces);
    let alert = RwSignal::new(None::<String>);
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().title}</A>
            <h1>{move || k().divorce_title}</h1>
            <p class="hint">{move || k().divorce_intro}</p>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <p class="state empty">{move || k().divorce_none}</p> }.into_any(),
                    Ok(l) => view! {
                        <div class="result-list">
                            {l.into_iter().map(|d| {
                                let c = d.cooling_off;
                                let id = d.id;
                                let open = d.status == "cooling";
                                let stage = d.stage;
                                let status = d.status.clone();
                                let line = move || {
                                    let m = k();
                                    match (status.as_str(), stage) {
                                        ("withdrawn", _) => m.stage_withdrawn.to_owned(),
                                        ("completed", _) => m.stage_completed.to_owned(),
                                        (_, DivorceStage::CoolingOff { days_left }) => m.stage_cooling.replace("{n}", &days_left.to_string()),
                                        (_, DivorceStage::SecondWindow { days_left }) => m.stage_second
                                            .replace("{date}", &text::full_date(lang.get(), c.second_until))
                                            .replace("{n}", &days_left.to_string()),
                                        (_, DivorceStage::Lapsed) => m.stage_lapsed.to_owned(),
                                    }
                                };
                                view! {
                                    <article class="card divorce-card">
                                        <p class="eligibility">{line}</p>
                                        <dl class="summary">
                                            <div class="summary-row"><dt>{move || k().applied_on}</dt><dd>{move || text::full_date(lang.get(), c.applied)}</dd></div>
                                            <div class="summary-row"><dt>{move || k().withdraw_until}</dt><dd>{move || text::full_date(lang.get(), c.withdraw_until)}</dd></div>
                                            <div class="summary-row"><dt>{move || k().second_window}</dt><dd>{move || format!("{} – {}", text::full_date(lang.get(), c.second_from), text::full_date(lang.get(), c.second_until))}</dd></div>
                                        </dl>
                                        <Show when=move || { open && matches!(stage, DivorceStage::CoolingOff { .. }) }>
                                            <button type="button" class="button secondary" on:click=move |_| {
                                                let l = lang.get_untracked();
                                                spawn_local(async move {
                                                    match api::withdraw_divorce(id).await {
                                                        Ok(()) => list.refetch(),
                                                        Err(e) => alert.set(Some(e.message(l.msgs()).to_owned())),
                                                    }
                                                });
                                            }>{move || k().withdraw}</button>
                                        </Show>
                                        <Show when=move || { open && matches!(stage, DivorceStage::SecondWindow { .. }) }>
                                            <A href="/booking/office?service=divorce" attr:class="button primary">{move || k().book_second}</A>
                                        </Show>
                                    </article>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// `/clerk/:office`: the clerk's day list with arrival, completion and no-show marking.
#[component]
pub fn ClerkPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let office = move || params.read().get("office").unwrap_or_default();
    let date = RwSignal::new(office_today().to_string());
    let list = LocalResource::new(move || {
        let (o, d) = (office(), date.get());
        async move {
            match Date::parse(&d) {
                Some(day) => api::clerk_day(&o, day).await,
                None => Ok(vec![]),
            }
        }
    });
    let alert = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let reason_err = RwSignal::new(None::<String>);
    let closed_msg = RwSignal::new(None::<String>);
    let mark = move |id: i64, status: &'static str| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match api::clerk_mark(id, status).await {
                Ok(()) => list.refetch(),
                Err(e) => alert.set(Some(e.message(l.msgs()).to_owned())),
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || k().clerk_title}</h1>
            <div class="field">
                <label for="clerk-date">{move || k().clerk_date}</label>
                <input id="clerk-date" type="date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev)) />
            </div>
            <a class="button secondary" href=move || format!("/api/clerk/offices/{}/day.csv?date={}", office(), date.get()) download="">
                {move || k().download_csv}
            </a>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <form class="inline-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                let l = lang.get_untracked();
                let (o, d, r) = (office(), date.get_untracked(), reason.get_untracked());
                let Some(day) = Date::parse(&d) else { return };
                if r.trim().is_empty() {
                    reason_err.set(Some(crate::account::text::am(l).e_required.to_owned()));
                    return;
                }
                reason_err.set(None);
                spawn_local(async move {
                    match api::clerk_close(&o, day, &r).await {
                        Ok(list_now) => {
                            let m = km(l);
                            let refs: Vec<String> = list_now.iter().map(|e| format!("{} {}", text::time(e.start_min), e.reference)).collect();
                            closed_msg.set(Some(if refs.is_empty() { m.closed_none.to_owned() } else { format!("{} {}", m.closed_affected, refs.join("，")) }));
                            list.refetch();
                        }
                        Err(e) => alert.set(Some(e.message(l.msgs()).to_owned())),
                    }
                });
            }>
                <PlainField id="close-reason" label=Signal::derive(move || k().close_reason) value=reason error=reason_err />
                <button type="submit" class="button secondary">{move || k().close_day}</button>
            </form>
            <Show when=move || closed_msg.get().is_some()>
                <p class="state notice" role="status">{move || closed_msg.get()}</p>
            </Show>
            <h2>{move || k().clerk_day}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <p class="state empty">{move || k().clerk_empty}</p> }.into_any(),
                    Ok(l) => view! {
                        <ol class="audit-list clerk-list">
                            {l.into_iter().map(|e| {
                                let id = e.booking_id;
                                let status = e.status.clone();
                                let can_arrive = matches!(status.as_str(), "provisional" | "confirmed");
                                let can_complete = status == "arrived";
                                let names = e.parties.iter().map(|p| format!("{} {}", p.name, p.id_masked)).collect::<Vec<_>>().join(" / ");
                                view! {
                                    <li data-reference=e.reference.clone()>
                                        <span class="audit-action">{text::time(e.start_min)} " · " {e.reference.clone()}</span>
                                        <span>{names}</span>
                                        <span class="eligibility">{move || text::status(lang.get(), &status)}</span>
                                        <div class="actions">
                                            <Show when=move || can_arrive>
                                                <button type="button" class="button primary" on:click=move |_| mark(id, "arrived")>{move || k().mark_arrived}</button>
                                                <button type="button" class="button secondary" on:click=move |_| mark(id, "no_show")>{move || k().mark_no_show}</button>
                                            </Show>
                                            <Show when=move || can_complete>
                                                <button type="button" class="button primary" on:click=move |_| mark(id, "completed")>{move || k().mark_completed}</button>
                                            </Show>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
