//! `/booking/details/:id` and `/booking/check/:id`: the partner's details, then a check of
//! every answer before submitting.

use super::time::HeldNotice;
use super::*;
use crate::api::{self, ApiError};
use crate::ui::auth::use_auth;
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_api::booking::{BookingStatus, BookingView, PartyInput, Service};

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
    // Typed before (this tab, this booking): a reload or a change of time keeps it.
    let (name0, idn0) =
        draft.get_untracked().map(|(_, p)| (p.name, p.id_number)).unwrap_or_default();
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
        id_err.set(match &parsed {
            Err(e) => Some(text::field_error(l, e.code()).to_owned()),
            Ok(p) if !p.born_plausibly(office_today()) => {
                Some(text::field_error(l, portal_api::FieldCode::BirthDate).to_owned())
            }
            Ok(_) => None,
        });
        if !ok_name || id_err.get_untracked().is_some() {
            return;
        }
        // A marriage: the partner's legal age on the day, said here with the date from which
        // they may marry (Civil Code art. 1047), not after "submit" on the next page.
        if let (Ok(p), Some(Ok(Some(b)))) = (&parsed, booking.get_untracked())
            && b.service == Service::Marriage
        {
            let minimum = portal_api::booking::minimum_age(p.sex());
            let born = p.birth_date();
            if born.age_on(b.day) < minimum {
                let from = portal_api::ids::Date::new(born.year + minimum, born.month, born.day)
                    .unwrap_or(portal_api::ids::Date {
                        year: born.year + minimum,
                        month: 3,
                        day: 1,
                    });
                let when = text::full_date(l, from);
                id_err.set(Some(k().e_partner_under_age.replace("{date}", &when)));
                return;
            }
        }
        let partner = PartyInput {
            name: name.get_untracked().trim().to_owned(),
            id_number: idn.get_untracked().trim().to_owned(),
        };
        let service = match booking.get_untracked() {
            Some(Ok(Some(b))) => b.service,
            _ => Service::Marriage,
        };
        draft.set(Some((service, partner)));
        navigate(&format!("/booking/check/{}", id()), Default::default());
    };
    view! {
        <div class="page">
            <h1>{move || k().q_partner}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) if b.status == BookingStatus::Held => view! { <HeldNotice booking=b /> }.into_any(),
                    Ok(Some(_)) | Ok(None) => view! {
                        <HoldLost />
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
    let partner = move || draft.get().map(|(_, p)| p);
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
                        <HoldLost />
                        <A href="/booking" attr:class="button secondary">{move || k().q_service}</A>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// The hold is gone (expired, or taken back): the booking is abandoned, and so is the partner
/// typed for it.
#[component]
fn HoldLost() -> impl IntoView {
    let k = use_k();
    use_draft().set(None);
    view! { <p class="state error" role="alert">{move || k().hold_lost}</p> }
}

/// `/booking/move/:id?service=&reschedule=&day=&start=`: a change of time, checked before it
/// takes effect. The booking keeps its current time until the resident confirms here.
#[component]
pub fn MovePage() -> impl IntoView {
    use leptos_router::hooks::use_query_map;
    use portal_api::ids::Date;
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let (id, booking) = use_booking();
    let query = use_query_map();
    let flow = use_flow();
    let day = move || query.read().get("day").and_then(|d| Date::parse(&d));
    let start = move || query.read().get("start").and_then(|s| s.parse::<u32>().ok());
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let confirm = move || {
        let (Some(d), Some(m)) = (day(), start()) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let l = lang.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::reschedule(id(), d, m).await;
            busy.set(false);
            match result {
                Ok(b) => {
                    navigate(&format!("/booking/done/{}?rescheduled=1", b.id), Default::default())
                }
                Err(e) if e.code() == Some(portal_api::ErrorCode::SlotFull) => {
                    alert.set(Some(km(l).move_taken.to_owned()))
                }
                Err(e) => alert.set(Some(error_text(l, &e))),
            }
        });
    };
    let confirm = StoredValue::new_local(confirm);
    view! {
        <div class="page">
            <h1>{move || k().move_title}</h1>
            <p class="hint">{move || k().move_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) if b.status.is_active() && b.owner => {
                        let service = b.service;
                        let times_href = format!(
                            "/booking/time/{}?{}&day={}",
                            b.office,
                            flow().query(),
                            day().map(|d| d.to_string()).unwrap_or_default()
                        );
                        let (name_zh, name_en) = (b.office_name_zh.clone(), b.office_name_en.clone());
                        let people = b.parties.iter().map(|p| format!("{} {}", p.name, p.id_masked)).collect::<Vec<_>>();
                        view! {
                            <dl class="summary">
                                <div class="summary-row">
                                    <dt>{move || k().service}</dt>
                                    <dd>{move || text::service_name(lang.get(), service)} " · " {b.reference.clone()}</dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().office}</dt>
                                    <dd>{move || if lang.get() == Lang::Zh { name_zh.clone() } else { name_en.clone() }}</dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().old_time}</dt>
                                    <dd><s>{move || format!("{} {}", text::full_date(lang.get(), b.day), text::time(b.start_min))}</s></dd>
                                </div>
                                <div class="summary-row">
                                    <dt>{move || k().new_time}</dt>
                                    <dd class="new-time">{move || match (day(), start()) {
                                        (Some(d), Some(m)) => format!("{} {}", text::full_date(lang.get(), d), text::time(m)),
                                        _ => String::new(),
                                    }}</dd>
                                    <dd class="summary-action">
                                        <A href=times_href.clone()>{move || k().change}</A>
                                    </dd>
                                </div>
                                {people.into_iter().enumerate().map(|(i, p)| view! {
                                    <div class="summary-row">
                                        <dt>{move || if i == 0 { k().you } else { k().partner }}</dt>
                                        <dd>{p}</dd>
                                    </div>
                                }).collect_view()}
                            </dl>
                            <Show when=move || alert.get().is_some()>
                                <div class="state error" role="alert">
                                    <p>{move || alert.get()}</p>
                                    <A href=times_href.clone() attr:class="button secondary">{move || k().change_day}</A>
                                </div>
                            </Show>
                            <button type="button" class="button primary wide" prop:disabled=move || busy.get() on:click=move |_| confirm.with_value(|c| c())>
                                {move || k().move_confirm}
                            </button>
                            <A href="/booking/mine" attr:class="button secondary">{move || k().mine}</A>
                        }.into_any()
                    }
                    Ok(_) => view! {
                        <p class="state error" role="alert">{move || lang.get().msgs().err_not_found}</p>
                        <A href="/booking/mine" attr:class="button secondary">{move || k().mine}</A>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| booking.refetch() /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}
