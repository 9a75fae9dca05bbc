//! After booking: the confirmation, my bookings (cancel, change time), the partner's
//! confirmation and the divorce cooling-off.

use super::{error_text, find, text, use_k};
use crate::api;
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use portal_api::booking::{BookingStatus, BookingView, DivorceStatus};
use text::km;

/// `/booking/done/:id`: the reference, its QR code, the calendar file and what to bring.
#[component]
pub fn DonePage() -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    use_title(|m| m.booking);
    let params = use_params_map();
    let query = use_query_map();
    let rescheduled = move || query.read().get("rescheduled").is_some();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let booking = LocalResource::new(move || {
        let id = id();
        async move { api::my_bookings().await.map(|l| find(l, id)) }
    });
    view! {
        <div class="page">
            <h1>{move || if rescheduled() { k().rescheduled } else { k().done_title }}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || booking.get().map(|res| match res {
                    Ok(Some(b)) => {
                        let service = b.service;
                        let waiting = b.status == BookingStatus::Provisional;
                        view! {
                            <BookingCard booking=b show_actions=false />
                            <Show when=move || waiting>
                                <p class="state notice">{move || k().tell_partner}</p>
                            </Show>
                            <section class="card" aria-labelledby="bring-title">
                                <h2 id="bring-title">{move || k().bring_title}</h2>
                                <p>{move || text::bring(lang.get(), service)}</p>
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
fn BookingCard(booking: BookingView, show_actions: bool) -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    let b = booking;
    let active = b.status.is_active();
    // Only the resident who made the booking may change or cancel it.
    let owner = b.owner;
    let show_actions = show_actions && owner;
    let cancelled = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let status = b.status;
    let id = b.id;
    let service = b.service;
    let reschedule_href =
        format!("/booking/day/{}?service={}&reschedule={id}", b.office, service.as_str());
    view! {
        <article class="card booking-card" data-reference=b.reference.clone()>
            <p class="hint">{move || text::service_name(lang.get(), service)} " · " {move || k().reference}</p>
            <p class="reference">{b.reference.clone()}</p>
            <p class="eligibility">
                {move || if cancelled.get() {
                    k().status_cancelled
                } else if !owner && status == BookingStatus::Provisional {
                    k().status_yours_to_confirm
                } else {
                    text::status(lang.get(), status)
                }}
            </p>
            {b.office_closed.clone().filter(|_| active).map(|reason| view! {
                <p class="state error" role="alert">{move || k().closed_notice.replace("{reason}", &reason)}</p>
            })}
            <p>{move || k().when} {move || lang.get().colon()} {move || text::full_date(lang.get(), b.day)} " " {text::time(b.start_min)}</p>
            <p>
                {move || k().where_} {move || lang.get().colon()}
                {move || if lang.get() == Lang::Zh { format!("{} · {}", b.office_name_zh, b.address_zh) } else { format!("{} · {}", b.office_name_en, b.address_en) }}
            </p>
            <ul class="reasons">
                {b.parties.iter().map(|p| view! { <li>{p.name.clone()} " " {p.id_masked.clone()}</li> }).collect_view()}
            </ul>
            <Show when=move || { active && !cancelled.get() }>
                <img class="qr" src=format!("/api/bookings/{id}/qr.svg") alt=move || k().qr_alt width="160" height="160" />
                <a class="button secondary calendar-link" href=format!("/api/bookings/{id}/calendar.ics") download="booking.ics">{move || k().add_to_calendar}</a>
            </Show>
            <Show when=move || { show_actions && active && !cancelled.get() }>
                <div class="card-actions">
                    <A href=reschedule_href.clone() attr:class="button secondary">{move || k().reschedule}</A>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="button secondary" on:click=move |_| confirming.set(true)>{move || k().cancel}</button>
                        }
                    >
                        <p class="confirm-question" role="alert">{move || k().cancel_question}</p>
                        <button type="button" class="button danger" on:click=move |_| {
                            let l = lang.get_untracked();
                            spawn_local(async move {
                                match api::cancel_booking(id).await {
                                    Ok(()) => cancelled.set(true),
                                    Err(e) => alert.set(Some(e.message(l.msgs()).to_owned())),
                                }
                            });
                        }>{move || k().cancel_yes}</button>
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>{move || k().cancel_no}</button>
                    </Show>
                </div>
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
                            {l.into_iter().map(|b| view! { <BookingCard booking=b show_actions=true /> }).collect_view()}
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
    let auth = crate::ui::auth::use_auth();
    use_title(|m| m.booking);
    // The link in the text message carries the reference (`?ref=`): filled in, and looked up
    // as soon as the partner is known to be signed in with a real name.
    let query = use_query_map();
    let from_link = query.read_untracked().get("ref").unwrap_or_default();
    let reference = RwSignal::new(from_link.clone());
    let err = RwSignal::new(None::<String>);
    // Step 1 finds the booking by its reference; step 2 shows it and asks to confirm.
    let found = RwSignal::new(None::<BookingView>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // The server found no real-name record: the partner is asked for it, not told "not found".
    let needs_real_name = RwSignal::new(false);
    let next = crate::ui::here_as_next();
    let look_up = move || {
        let l = lang.get_untracked();
        let Some(r) = portal_api::booking::parse_reference(&reference.get_untracked()) else {
            err.set(Some(km(l).e_reference.to_owned()));
            return;
        };
        err.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::partner_booking(&r).await {
                Ok(b) => found.set(Some(b)),
                Err(e) if e.code() == Some(portal_api::ErrorCode::RealNameRequired) => {
                    needs_real_name.set(true)
                }
                Err(e) if e.code() == Some(portal_api::ErrorCode::NotFound) => {
                    err.set(Some(km(l).e_not_yours.to_owned()))
                }
                Err(e) => err.set(Some(error_text(l, &e))),
            }
            busy.set(false);
        });
    };
    let looked = StoredValue::new(false);
    Effect::new(move |_| {
        let real_named = matches!(auth.get(), Some(Some(me)) if me.real_name.is_some());
        if real_named && !from_link.is_empty() && !looked.get_value() {
            looked.set_value(true);
            look_up();
        }
    });
    let confirm = move |r: String| {
        let l = lang.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::confirm_booking(&r).await {
                Ok(()) => done.set(true),
                Err(e) => err.set(Some(error_text(l, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="page">
            <A href="/booking" attr:class="back-link">"‹ " {move || k().title}</A>
            <h1>{move || k().confirm_title}</h1>
            {move || match (found.get(), done.get()) {
                // Signed out: the partner signs in first and comes straight back here.
                (None, _) if auth.get() == Some(None) => view! { <crate::ui::SignInNotice /> }.into_any(),
                (None, _) if needs_real_name.get() || matches!(auth.get(), Some(Some(me)) if me.real_name.is_none()) => view! {
                    <div class="state notice real-name-notice">
                        <p>{move || k().confirm_need_real_name}</p>
                        <A href=format!("/account/real-name?next={next}") attr:class="button primary">{move || crate::account::text::am(lang.get()).do_real_name}</A>
                    </div>
                }.into_any(),
                (None, _) => view! {
                    <p class="hint">{move || k().confirm_hint}</p>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); look_up(); }>
                        <TextField id="reference" label=Signal::derive(move || k().reference) value=reference error=err />
                        <button type="submit" class="button primary wide" prop:disabled=move || busy.get()>{move || k().look_up}</button>
                    </form>
                }.into_any(),
                (Some(b), false) => {
                    let r = b.reference.clone();
                    let waiting = b.status == BookingStatus::Provisional;
                    view! {
                        <p class="hint">{move || k().confirm_check}</p>
                        <BookingCard booking=b show_actions=false />
                        <Show when=move || err.get().is_some()>
                            <p class="state error" role="alert">{move || err.get()}</p>
                        </Show>
                        <Show when=move || waiting fallback=|| ()>
                            <button type="button" class="button primary wide" prop:disabled=move || busy.get() on:click={
                                let r = r.clone();
                                move |_| confirm(r.clone())
                            }>{move || k().confirm_button}</button>
                        </Show>
                        <button type="button" class="button secondary" on:click=move |_| { found.set(None); err.set(None); }>{move || k().not_mine}</button>
                    }.into_any()
                }
                (Some(_), true) => view! {
                    <p class="state success" role="status">{move || k().confirmed}</p>
                    <A href="/booking/mine" attr:class="button secondary">{move || k().mine}</A>
                }.into_any(),
            }}
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
                                let open = d.status == DivorceStatus::Cooling;
                                let stage = d.stage;
                                let status = d.status;
                                let line = move || {
                                    let m = k();
                                    match (status, stage) {
                                        (DivorceStatus::Withdrawn, _) => m.stage_withdrawn.to_owned(),
                                        (DivorceStatus::Completed, _) => m.stage_completed.to_owned(),
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

/// On the home page, for a signed-in resident: their next appointment, one tap from its
/// details. Nothing at all for anyone else (and no request unless signed in). Its code comes
/// with its own module (`split`), fetched only for a signed-in resident (issue 14).
#[component]
pub fn NextBooking() -> impl IntoView {
    let auth = crate::ui::auth::use_auth();
    move || {
        matches!(auth.get(), Some(Some(_)))
            .then(|| Suspend::new(send_wrapper::SendWrapper::new(next_booking())))
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn next_booking() -> AnyView {
    let k = use_k();
    let lang = use_prefs().lang;
    let next = api::my_bookings().await.ok().and_then(|list| {
        list.into_iter()
            .filter(|b| matches!(b.status, BookingStatus::Provisional | BookingStatus::Confirmed))
            .filter(|b| b.day >= super::office_today())
            .min_by_key(|b| (b.day, b.start_min))
    });
    next.map(|b| {
        let (zh, en) = (b.office_name_zh.clone(), b.office_name_en.clone());
        view! {
            <A href="/booking/mine" attr:class="next-booking">
                <span class="hint">{move || k().next_booking}</span>
                <span class="service-name">
                    {move || text::service_name(lang.get(), b.service)} " · "
                    {move || text::full_date(lang.get(), b.day)} " " {text::time(b.start_min)}
                </span>
                <span class="hint">{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</span>
            </A>
        }
    })
    .into_any()
}
