//! Marriage registration booking, one question per page: what to book, which office, which
//! date, which time (held for 10 minutes), the partner's details, a check of the answers, then
//! the confirmation. `manage` has my bookings, the partner's confirmation and the divorce
//! cooling-off; `clerk` the registry clerk's pages.

mod answers;
mod calendar;
pub mod clerk;
pub mod manage;
pub mod text;
mod time;

pub use answers::{CheckPage, DetailsPage, MovePage};
pub use calendar::DayPage;
pub use time::TimePage;

pub use clerk::{ClerkPage, ClerkSettingsPage};
pub use manage::{ConfirmPage, DivorcePage, DonePage, MinePage, NextBooking};

use crate::api::{self, ApiError};
use crate::ui::auth::use_auth;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_api::booking::{BookingView, PartyInput, Service};
use text::{KMsgs, km};

fn use_k() -> impl Fn() -> &'static KMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || km(lang.get())
}

/// The partner's name and ID number, from the details page until the booking is submitted:
/// kept in this tab's session storage, so a reload or a change of time does not lose them.
/// Cleared when the booking is submitted or abandoned (the hold lost, or a new booking begun
/// from the start); closing the tab forgets them too.
///
/// Read back from storage by the first booking page that needs it, so the app's first load
/// carries no code for it (issue 14).
#[derive(Clone)]
struct Draft {
    draft: RwSignal<Option<(Service, PartyInput)>>,
    restored: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The app's: the effect that saves the draft outlives the page that restored it.
    owner: Owner,
}

const DRAFT_KEY: &str = "portal.booking.partner";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn provide() {
    provide_context(Draft {
        draft: RwSignal::new(None),
        restored: Default::default(),
        owner: Owner::current().expect("booking::provide runs inside the app"),
    });
}

fn use_draft() -> RwSignal<Option<(Service, PartyInput)>> {
    let d = expect_context::<Draft>();
    if !d.restored.swap(true, std::sync::atomic::Ordering::Relaxed) {
        let saved = session()
            .and_then(|s| s.get_item(DRAFT_KEY).ok()?)
            .and_then(|json| serde_json::from_str::<(Service, PartyInput)>(&json).ok());
        if saved.is_some() {
            d.draft.set(saved);
        }
        let draft = d.draft;
        d.owner.with(|| {
            Effect::new(move |_| {
                let Some(s) = session() else { return };
                // Private browsing may refuse; the details then last until a reload.
                match draft.get().and_then(|d| serde_json::to_string(&d).ok()) {
                    Some(json) => drop(s.set_item(DRAFT_KEY, &json)),
                    None => drop(s.remove_item(DRAFT_KEY)),
                }
            })
        });
    }
    d.draft
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
    // Choosing what to book starts afresh: a partner typed for an abandoned booking goes.
    let draft = use_draft();
    view! {
        <div class="page">
            <h1>{move || k().title}</h1>
            <WaitingForMe />
            <p class="lead">{move || k().intro}</p>
            <p class="hint">{move || k().free}</p>
            {move || match auth.get() {
                None => view! { <Loading /> }.into_any(),
                Some(me) => view! {
                    {match me {
                        None => Some(view! { <p class="state notice">{move || k().explore_hint}</p> }.into_any()),
                        Some(me) if me.real_name.is_none() => Some(view! {
                            <div class="state notice">
                                <p>{move || k().need_real_name}</p>
                                <A href="/account/real-name?next=%2Fbooking" attr:class="button secondary">{move || crate::account::text::am(lang.get()).do_real_name}</A>
                            </div>
                        }.into_any()),
                        Some(_) => None,
                    }}
                    <h2>{move || k().q_service}</h2>
                    <ul class="link-list services">
                        {Service::ALL.into_iter().map(|s| view! {
                            <li>
                                <A href=format!("/booking/office?service={}", s.as_str()) attr:class="office-choice" attr:data-service=s.as_str() on:click=move |_| draft.set(None)>
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
                                            <span class="hint">{move || format!("{}{}{}", k().hours, lang.get().colon(), text::hours_summary(lang.get(), &hours))}</span>
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

/// On the booking home, first of all: a booking someone made naming the signed-in resident,
/// waiting for their confirmation, one tap from the confirmation page. Nothing otherwise.
#[component]
fn WaitingForMe() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let auth = use_auth();
    let waiting = LocalResource::new(move || {
        let real_named = matches!(auth.get(), Some(Some(me)) if me.real_name.is_some());
        async move {
            if !real_named {
                return vec![];
            }
            let list = api::my_bookings().await.unwrap_or_default();
            list.into_iter()
                .filter(|b| !b.owner && b.status == portal_api::booking::BookingStatus::Provisional)
                .collect::<Vec<_>>()
        }
    });
    move || {
        waiting.get().unwrap_or_default().into_iter().map(|b| {
            let reference = b.reference.clone();
            let href = format!("/booking/confirm?ref={reference}");
            let when = move || format!("{} {}", text::full_date(lang.get(), b.day), text::time(b.start_min));
            let heading = format!("waiting-{reference}");
            let labelled_by = heading.clone();
            view! {
                <section class="card waiting-for-me" aria-labelledby=labelled_by>
                    <h2 id=heading>{move || k().waiting_title}</h2>
                    <p>{move || k().waiting_body.replace("{when}", &when()).replace("{ref}", &reference)}</p>
                    <A href=href attr:class="button primary wide">{move || k().waiting_button}</A>
                </section>
            }
        }).collect_view()
    }
}
