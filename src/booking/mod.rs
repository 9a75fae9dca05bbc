//! Marriage registration booking, one question per page: what to book, which office, which
//! date, which time (held for 10 minutes), the partner's details, a check of the answers, then
//! the confirmation. `manage` has my bookings, the partner's confirmation and the divorce
//! cooling-off; `clerk` the registry clerk's pages.

pub mod clerk;
pub mod manage;
pub mod text;

pub use clerk::{ClerkPage, ClerkSettingsPage};
pub use manage::{ConfirmPage, DivorcePage, DonePage, MinePage, NextBooking};

use crate::api::{self, ApiError};
use crate::ui::auth::use_auth;
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::booking::{
    BookingStatus, BookingView, ClosedReason, DayStatus, DayView, HoldRequest, PartyInput, Service,
    SlotView,
};
use portal_api::ids::Date;
use text::{KMsgs, km};
use wasm_bindgen::JsCast;

fn use_k() -> impl Fn() -> &'static KMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || km(lang.get())
}

/// The partner's details between the details page and the check page, kept in memory only
/// (never in storage): a reload sends the resident back to type them again.
#[derive(Clone, Copy)]
struct Draft(RwSignal<Option<(i64, PartyInput)>>);

pub fn provide() {
    provide_context(Draft(RwSignal::new(None)));
}

fn use_draft() -> RwSignal<Option<(i64, PartyInput)>> {
    expect_context::<Draft>().0
}

/// Where the resident is in the flow: the service (`?service=`), and the booking being moved
/// when rescheduling (`?reschedule=`).
#[derive(Clone, Copy, PartialEq)]
struct Flow {
    service: Service,
    reschedule: Option<i64>,
}

impl Flow {
    fn query(self) -> String {
        match self.reschedule {
            Some(id) => format!("service={}&reschedule={id}", self.service.as_str()),
            None => format!("service={}", self.service.as_str()),
        }
    }
}

fn use_flow() -> impl Fn() -> Flow + Copy {
    let q = use_query_map();
    move || {
        q.with(|q| Flow {
            service: q.get("service").and_then(|s| Service::parse(&s)).unwrap_or(Service::Marriage),
            reschedule: q.get("reschedule").and_then(|s| s.parse().ok()),
        })
    }
}

fn error_text(lang: Lang, e: &ApiError) -> String {
    if let ApiError::Problem(p, _) = e
        && let Some(until) = p.until
    {
        return km(lang).blocked_until.replace("{date}", &text::full_date(lang, until));
    }
    match e.fields().first() {
        Some(f) => text::field_error(lang, f.code).to_owned(),
        None => e.message(lang.msgs()).to_owned(),
    }
}

fn find(list: Vec<BookingView>, id: i64) -> Option<BookingView> {
    list.into_iter().find(|b| b.id == id)
}

/// Local clock time (hours:minutes) of a unix time, as the phone shows it.
fn clock_of(secs: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// The date and time of a unix time in the phone's locale.
fn local_datetime(secs: i64, lang: Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    let locale = if lang == Lang::Zh { "zh-CN" } else { "en-GB" };
    String::from(d.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED))
}

pub(crate) use crate::ui::office_today;

/// A fresh Idempotency-Key for one submission.
fn new_key() -> String {
    let r = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{:08x}{:08x}{:08x}", r(), r(), r())
}

/// `/booking`: what would you like to book?
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
            <p class="hint">{move || k().free}</p>
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
                    <h2>{move || k().q_service}</h2>
                    <ul class="link-list services">
                        {Service::ALL.into_iter().map(|s| view! {
                            <li>
                                <A href=format!("/booking/office?service={}", s.as_str()) attr:class="office-choice" attr:data-service=s.as_str()>
                                    <span class="service-name">{move || text::service_name(lang.get(), s)}</span>
                                    <span class="hint">{move || text::service_desc(lang.get(), s)}</span>
                                </A>
                            </li>
                        }).collect_view()}
                    </ul>
                    <h2>{move || k().already}</h2>
                    <ul class="link-list">
                        <li><A href="/booking/mine">{move || k().mine}</A></li>
                        <li><A href="/booking/confirm">{move || k().confirm_partner}</A></li>
                        <li><A href="/booking/divorce">{move || k().divorce_title}</A></li>
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}

/// `/booking/office?service=`: which office (any in the city).
#[component]
pub fn OfficePage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let offices = LocalResource::new(api::offices);
    let flow = use_flow();
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().q_service}</A>
            <p class="step-context">{move || text::service_name(lang.get(), flow().service)}</p>
            <h1>{move || k().q_office}</h1>
            <p class="hint">{move || k().office_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || offices.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| offices.refetch() /> }.into_any(),
                    Ok(list) => view! {
                        <ul class="link-list offices">
                            {list.into_iter().filter(|o| o.services.contains(&flow().service)).map(|o| {
                                let href = format!("/booking/day/{}?{}", o.code, flow().query());
                                let hours = o.hours.clone();
                                view! {
                                    <li>
                                        <A href=href attr:class="office-choice" attr:data-office=o.code.clone()>
                                            <span class="service-name">{move || if lang.get() == Lang::Zh { o.name_zh.clone() } else { o.name_en.clone() }}</span>
                                            <span class="hint">{move || if lang.get() == Lang::Zh { o.address_zh.clone() } else { o.address_en.clone() }}</span>
                                            <span class="hint">{move || format!("{}{}{}", k().hours, if lang.get() == Lang::Zh { "：" } else { ": " }, text::hours_summary(lang.get(), &hours))}</span>
                                            <span class="hint">{o.phone.clone()}</span>
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

/// The notice shown on every page of a reschedule.
#[component]
fn RescheduleNotice(flow: Flow) -> impl IntoView {
    let k = use_k();
    let reference = LocalResource::new(move || async move {
        match flow.reschedule {
            Some(id) => {
                api::my_bookings().await.ok().and_then(|l| find(l, id)).map(|b| b.reference)
            }
            None => None,
        }
    });
    move || {
        reference.get().flatten().map(|r| {
            view! { <p class="state notice" role="status">{move || k().rescheduling.replace("{ref}", &r)}</p> }
        })
    }
}

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
                            <div class="calendar" role="group" aria-labelledby="day-title" on:keydown=on_key>
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

/// `/booking/time/:office?service=&day=`: which time. Choosing holds the place for 10 minutes
/// (or, when rescheduling, moves the booking there).
#[component]
pub fn TimePage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let query = use_query_map();
    let office = move || params.read().get("office").unwrap_or_default();
    let day = move || query.read().get("day").and_then(|d| Date::parse(&d));
    let flow = use_flow();
    let avail = LocalResource::new(move || {
        let (o, d, f) = (office(), day(), flow());
        async move {
            match d {
                Some(d) => api::availability(&o, f.service, d).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let alert = RwSignal::new(None::<String>);
    let alternatives = RwSignal::new(Vec::<SlotView>::new());
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let choose = move |slot: SlotView| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let l = lang.get_untracked();
        let f = flow();
        let req = HoldRequest {
            office: office(),
            service: f.service,
            day: slot.day,
            start_min: slot.start_min,
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match f.reschedule {
                Some(id) => api::reschedule(id, slot.day, slot.start_min).await,
                None => api::hold(&req, &new_key()).await,
            };
            busy.set(false);
            match result {
                Ok(b) if f.reschedule.is_some() => {
                    navigate(&format!("/booking/done/{}?rescheduled=1", b.id), Default::default())
                }
                Ok(b) if f.service.needs_partner() => {
                    navigate(&format!("/booking/details/{}", b.id), Default::default())
                }
                Ok(b) => navigate(&format!("/booking/check/{}", b.id), Default::default()),
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
            <A href=move || format!("/booking/day/{}?{}", office(), flow().query()) attr:class="back-link">"‹ " {move || k().change_day}</A>
            {move || view! { <RescheduleNotice flow=flow() /> }}
            <p class="step-context">
                {move || text::service_name(lang.get(), flow().service)} " · "
                {move || day().map(|d| text::full_date(lang.get(), d)).unwrap_or_default()}
            </p>
            <h1>{move || k().q_time}</h1>
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
            <Transition fallback=|| view! { <Loading /> }>
                {move || avail.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| avail.refetch() /> }.into_any(),
                    Ok(None) => view! { <p class="state error" role="alert">{move || k().e_day}</p> }.into_any(),
                    Ok(Some(a)) if a.closed_reason == Some(ClosedReason::Closed) => view! { <p class="state empty">{move || k().closed}</p> }.into_any(),
                    Ok(Some(a)) if a.closed_reason == Some(ClosedReason::NotReleased) => {
                        let opens = a.opens_at;
                        view! { <p class="state notice">{move || k().not_released.replace("{time}", &opens.map(|t| local_datetime(t, lang.get())).unwrap_or_default())}</p> }.into_any()
                    }
                    Ok(Some(a)) if a.closed_reason.is_some() => view! { <p class="state empty">{move || k().out_of_window}</p> }.into_any(),
                    Ok(Some(a)) if a.slots.is_empty() => view! { <p class="state empty">{move || k().no_slots}</p> }.into_any(),
                    Ok(Some(a)) => view! {
                        <div class="slot-grid">
                            {a.slots.into_iter().map(|s| {
                                let full = s.places_left <= 0;
                                view! {
                                    <button type="button" class="slot" prop:disabled=move || { full || busy.get() } on:click=move |_| choose.with_value(|c| c(s))>
                                        <span class="slot-time">{text::time(s.start_min)}</span>
                                        <span class="slot-left">{move || if full { k().full.to_owned() } else { k().places_left.replace("{n}", &s.places_left.to_string()) }}</span>
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// The hold's line: what is held and until when.
#[component]
fn HeldNotice(booking: BookingView) -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let b = booking;
    let until = b.hold_expires_at.map(clock_of).unwrap_or_default();
    view! {
        <p class="state notice" role="status">
            {move || text::full_date(lang.get(), b.day)} " " {text::time(b.start_min)} " · "
            {move || k().held_until.replace("{time}", &until)}
        </p>
    }
}

/// Loads one of my bookings by the `:id` in the path.
fn use_booking() -> (impl Fn() -> i64 + Copy, LocalResource<Result<Option<BookingView>, ApiError>>)
{
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let booking = LocalResource::new(move || {
        let id = id();
        async move { api::my_bookings().await.map(|l| find(l, id)) }
    });
    (id, booking)
}

/// `/booking/details/:id`: the partner's name and ID number (marriage and divorce).
#[component]
pub fn DetailsPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let (id, booking) = use_booking();
    let draft = use_draft();
    let (name0, idn0) = draft
        .get_untracked()
        .filter(|(d, _)| *d == id())
        .map(|(_, p)| (p.name, p.id_number))
        .unwrap_or_default();
    let name = RwSignal::new(name0);
    let idn = RwSignal::new(idn0);
    let name_err = RwSignal::new(None::<String>);
    let id_err = RwSignal::new(None::<String>);
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
        let partner = PartyInput {
            name: name.get_untracked().trim().to_owned(),
            id_number: idn.get_untracked().trim().to_owned(),
        };
        draft.set(Some((id(), partner)));
        navigate(&format!("/booking/check/{}", id()), Default::default());
    };
    view! {
        <div class="page">
            <h1>{move || k().q_partner}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) if b.status == BookingStatus::Held => view! { <HeldNotice booking=b /> }.into_any(),
                    Ok(Some(_)) | Ok(None) => view! {
                        <p class="state error" role="alert">{move || k().hold_lost}</p>
                        <A href="/booking" attr:class="button secondary">{move || k().q_service}</A>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
            <p class="state notice privacy">{move || k().partner_why}</p>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <TextField id="partner-name" label=Signal::derive(move || k().partner_name) value=name error=name_err />
                <TextField id="partner-id" label=Signal::derive(move || k().partner_id) value=idn error=id_err />
                <button type="submit" class="button primary wide">{move || k().continue_}</button>
            </form>
        </div>
    }
}

/// `/booking/check/:id`: check your answers, then submit.
#[component]
pub fn CheckPage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let auth = use_auth();
    use_title(|m| m.booking);
    let (id, booking) = use_booking();
    let draft = use_draft();
    let partner = move || draft.get().filter(|(d, _)| *d == id()).map(|(_, p)| p);
    let alert = RwSignal::new(None::<String>);
    let back_to_details = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |service: Service| {
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let p = if service.needs_partner() { partner() } else { None };
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::booking_details(id(), p).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    draft.set(None);
                    navigate(&format!("/booking/done/{}", id()), Default::default());
                }
                Err(e) => {
                    back_to_details.set(!e.fields().is_empty());
                    alert.set(Some(error_text(l, &e)));
                }
            }
        });
    };
    let submit = StoredValue::new_local(submit);
    let navigate2 = use_navigate();
    // Changing the time gives up this hold at once, so the place is not kept from others.
    let change_time = move |b: BookingView| {
        let navigate = navigate2.clone();
        spawn_local(async move {
            let _ = api::cancel_booking(b.id).await;
            navigate(
                &format!("/booking/day/{}?service={}", b.office, b.service.as_str()),
                Default::default(),
            );
        });
    };
    let change_time = StoredValue::new_local(change_time);
    view! {
        <div class="page">
            <h1>{move || k().check_title}</h1>
            <p class="hint">{move || k().check_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) if b.status == BookingStatus::Held => {
                        let service = b.service;
                        let needs_partner = service.needs_partner();
                        let b2 = b.clone();
                        let (name_zh, name_en, addr_zh, addr_en) = (b.office_name_zh.clone(), b.office_name_en.clone(), b.address_zh.clone(), b.address_en.clone());
                        view! {
                            <HeldNotice booking=b.clone() />
                            <dl class="summary">
                                <div class="summary-row">
                                    <dt>{move || k().service}</dt>
                                    <dd>{move || text::service_name(lang.get(), service)}</dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().office}</dt>
                                    <dd>{move || if lang.get() == Lang::Zh { format!("{name_zh} · {addr_zh}") } else { format!("{name_en} · {addr_en}") }}</dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().when}</dt>
                                    <dd>{move || format!("{} {}", text::full_date(lang.get(), b.day), text::time(b.start_min))}</dd>
                                    <dd class="summary-action">
                                        <button type="button" class="link-button" on:click=move |_| change_time.with_value(|c| c(b2.clone()))>{move || k().change}</button>
                                    </dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().you}</dt>
                                    <dd>{move || auth.get().flatten().map(|me| format!("{} {}", me.real_name.unwrap_or_default(), me.id_masked.unwrap_or_default())).unwrap_or_default()}</dd>
                                </div>
                                <Show when=move || needs_partner>
                                    <div class="summary-row">
                                        <dt>{move || k().partner}</dt>
                                        <dd>
                                            {move || partner().map(|p| {
                                                let masked = portal_api::ids::ResidentId::parse(&p.id_number).map(|i| i.masked()).unwrap_or_default();
                                                format!("{} {}", p.name, masked)
                                            })}
                                        </dd>
                                        <dd class="summary-action">
                                            <A href=move || format!("/booking/details/{}", id())>{move || k().change}</A>
                                        </dd>
                                    </div>
                                </Show>
                            </dl>
                            <section class="card" aria-labelledby="bring-title">
                                <h2 id="bring-title">{move || k().bring_title}</h2>
                                <p>{move || text::bring(lang.get(), service)}</p>
                            </section>
                            <Show when=move || alert.get().is_some()>
                                <div class="state error" role="alert">
                                    <p>{move || alert.get()}</p>
                                    <Show when=move || back_to_details.get()>
                                        <A href=move || format!("/booking/details/{}", id()) attr:class="button secondary">{move || k().change}</A>
                                    </Show>
                                </div>
                            </Show>
                            {move || if needs_partner && partner().is_none() {
                                view! { <A href=format!("/booking/details/{}", id()) attr:class="button primary wide">{move || k().q_partner}</A> }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="button primary wide" prop:disabled=move || busy.get() on:click=move |_| submit.with_value(|s| s(service))>
                                        {move || k().submit}
                                    </button>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Ok(_) => view! {
                        <p class="state error" role="alert">{move || k().hold_lost}</p>
                        <A href="/booking" attr:class="button secondary">{move || k().q_service}</A>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}
