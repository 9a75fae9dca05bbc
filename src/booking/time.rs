//! `/booking/time/:office`: the day's times with places left; choosing one holds it (or,
//! when rescheduling, moves the booking there).

use super::*;
use crate::api::{self, ApiError};
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::booking::{BookingView, ClosedReason, HoldRequest, SlotView};
use portal_api::ids::Date;

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
    let auth = crate::ui::auth::use_auth();
    let next = crate::ui::here_as_next();
    let draft = use_draft();
    let choose = move |slot: SlotView| {
        if busy.get_untracked() {
            return;
        }
        // The times are public; taking one needs a signed-in, real-named resident, who comes
        // straight back here afterwards.
        match auth.get_untracked() {
            Some(None) => {
                navigate(&format!("/account?next={next}"), Default::default());
                return;
            }
            Some(Some(me)) if me.real_name.is_none() => {
                navigate(&format!("/account/real-name?next={next}"), Default::default());
                return;
            }
            _ => {}
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
        // A reschedule is checked before it takes effect (the current time is kept until then).
        if let Some(id) = f.reschedule {
            busy.set(false);
            navigate(
                &format!(
                    "/booking/move/{id}?{}&day={}&start={}",
                    f.query(),
                    slot.day,
                    slot.start_min
                ),
                Default::default(),
            );
            return;
        }
        // The partner typed before a change of time is still there: straight to the check.
        let partner_known =
            draft.with_untracked(|d| d.as_ref().is_some_and(|(s, _)| *s == f.service));
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::hold(&req, &new_key()).await;
            busy.set(false);
            match result {
                Ok(b) if f.service.needs_partner() && !partner_known => {
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
pub(super) fn HeldNotice(booking: BookingView) -> impl IntoView {
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
