//! The organiser's pages: the organisation's activities and shifts, and for a shift the
//! check-in screen (the rotating code, large, with its QR) with the list of people, check-in
//! and check-out buttons and the hour decisions (one by one or all at once).

use super::{ActivityPages, PageFuture, client, error_text, shift_when, text, use_v, words::wm};
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_api::volunteering::{
    ActivityView, DecisionRequest, HourDecision, HourFlag, RecordStatus, RosterEntry, ShiftView,
    SignupStatus,
};

/// `/organiser/:org`: the organisation's activities and their shifts.
#[component]
pub fn OrganiserPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let org = move || params.with(|p| p.get("org").unwrap_or_default());
    // The organisation comes back with its list: while another one's loads, the cards and
    // "show more" keep to the organisation they were drawn for.
    let list = LocalResource::new(move || {
        let org = org();
        async move {
            let res = client::org_activities(&org, None).await;
            (org, res)
        }
    });
    let today = crate::ui::office_today();
    let csv = move || {
        format!(
            "/api/volunteering/orgs/{}/hours.csv?from={}-{:02}-01&to={today}",
            org(),
            today.year,
            today.month
        )
    };
    view! {
        <div class="page">
            <A href="/volunteering" attr:class="back-link">"‹ " {move || v().title}</A>
            <h1>{move || v().org_title}</h1>
            <ul class="link-list">
                <li><A href=move || format!("/organiser/{}/new", org())>{move || v().new_activity}</A></li>
                <li><A href=move || format!("/organiser/{}/corrections", org())>{move || v().corrections_title}</A></li>
                <li><A href=move || format!("/organiser/{}/profile", org())>{move || v().org_profile}</A></li>
                <li><A href=move || format!("/organiser/{}/certificates", org())>{move || wm(lang.get()).revoke_title}</A></li>
                <li><a href=csv download>{move || v().export_csv}</a></li>
            </ul>
            <h2>{move || v().org_activities}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|(shown_org, res)| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(page) if page.items.is_empty() && page.next.is_none() => view! { <p class="state empty">{move || v().org_none}</p> }.into_any(),
                    Ok(page) => {
                        let o = StoredValue::new(shown_org);
                        let load = Callback::new(move |before: i64| {
                            let o = o.get_value();
                            Box::pin(async move { client::org_activities(&o, Some(before)).await }) as PageFuture
                        });
                        let card = Callback::new(move |a| view! { <OrgActivityCard activity=a org=o.get_value() /> }.into_any());
                        view! { <ActivityPages first=page load=load card=card /> }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

/// One of the organisation's activities: its shifts (each opens the check-in screen) and the
/// form adding one. A new shift joins this card's list in place, so the pages already shown
/// and the place on the screen stay as they were.
#[component]
fn OrgActivityCard(activity: ActivityView, org: String) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let id = activity.id;
    let shifts = RwSignal::new(activity.shifts);
    let title = activity.title.clone();
    let added = move |s: ShiftView| {
        shifts.update(|list| {
            list.push(s);
            list.sort_by_key(|s| (s.day, s.start_min, s.id));
        });
    };
    view! {
        <div class="card">
            <h3>{activity.title}</h3>
            // The title in the link's name: after "show more" the focus lands here, and every
            // card has an edit link.
            <A href=format!("/organiser/{org}/activity/{id}") attr:class="button secondary edit-activity">
                {move || wm(lang.get()).edit_activity}<span class="visually-hidden">{move || lang.get().colon()}{title}</span>
            </A>
            <ul class="link-list">
                <For each=move || shifts.get() key=|s| s.id let:s>
                    {
                        let s2 = s.clone();
                        view! {
                            <li><A href=format!("/organiser/shift/{}", s.id) attr:class="office-choice">
                                <span class="service-name">{move || shift_when(lang.get(), &s2)}</span>
                                <span class="hint">{move || super::places_text(v(), &s)}</span>
                            </A></li>
                        }
                    }
                </For>
            </ul>
            <super::manage::ShiftForm activity=id on_added=added />
        </div>
    }
}

/// `/organiser/shift/:id`: the check-in screen for the organiser's phone.
#[component]
pub fn ShiftPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let code = LocalResource::new(move || {
        let id = id();
        async move { client::code(id).await }
    });
    let roster = LocalResource::new(move || {
        let id = id();
        async move { client::roster(id).await }
    });
    // A new code every 30 seconds: ask again every 5 seconds so the screen never shows a stale one.
    let tick = RwSignal::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            tick.update(|t| *t += 1);
            code.refetch();
        },
        std::time::Duration::from_secs(5),
    ) {
        on_cleanup(move || handle.clear());
    }
    let message = RwSignal::new(None::<(bool, String)>);
    // Kept here: the cancel section is drawn again when the list reloads.
    let told = RwSignal::new(None::<usize>);
    let all = Action::new_local(move |_: &()| {
        let id = id();
        async move {
            let res = client::approve_all(id).await;
            match res {
                Ok(_) => message.set(Some((true, vm_done(lang.get_untracked())))),
                Err(e) => message.set(Some((false, error_text(lang.get_untracked(), &e)))),
            }
            roster.refetch();
        }
    });
    view! {
        <div class="page">
            <A href="/volunteering" attr:class="back-link">"‹ " {move || v().title}</A>
            <h1>{move || v().checkin_screen}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || code.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| code.refetch() /> }.into_any(),
                    Ok(c) => {
                        let left = (c.rotates_at - c.now).clamp(0, 30);
                        let spaced = format!("{} {}", &c.code[..3], &c.code[3..]);
                        view! {
                            <div class="code-panel" aria-live="polite">
                                <p class="code-label">{move || v().code_big}</p>
                                <p class="big-code" data-code=c.code.clone()>{spaced}</p>
                                <p class="hint">{move || v().code_rotates.replace("{s}", &left.to_string())}</p>
                                <img class="qr" src=format!("/api/volunteering/shifts/{}/code.svg?c={}", id(), c.code) alt=move || v().code_big width="160" height="160" />
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
            <h2>{move || v().roster}</h2>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "state success" } else { "state error" } role="status">{m}</p> })}
            <button type="button" class="button secondary wide" on:click=move |_| { all.dispatch(()); } disabled=move || all.pending().get()>{move || v().approve_all}</button>
            <Transition fallback=|| view! { <Loading /> }>
                {move || roster.get().map(|res| res.ok().map(|list| {
                    let live = list.iter().filter(|r| matches!(r.status, SignupStatus::SignedUp | SignupStatus::Waitlisted)).count();
                    let cancelled = !list.is_empty() && list.iter().all(|r| r.status == SignupStatus::Cancelled);
                    view! { <CancelShift shift=id() live=live cancelled=cancelled told=told on_done=move || roster.refetch() /> }
                }))}
            </Transition>
            <Transition fallback=|| view! { <Loading /> }>
                {move || roster.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| roster.refetch() /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="state empty">{move || v().roster_empty}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="roster">
                            {list.into_iter().map(|r| view! { <li><RosterRow entry=r on_change=move || roster.refetch() message=message /></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

fn vm_done(lang: crate::ui::i18n::Lang) -> String {
    text::vm(lang).done.to_owned()
}

#[component]
fn RosterRow(
    entry: RosterEntry,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let signup = entry.signup_id;
    let reason = RwSignal::new(String::new());
    let hrs = RwSignal::new(portal_api::volunteering::hours_text(entry.proposal.half_hours));
    let act = Action::new_local(move |(what, decision): &(&'static str, Option<HourDecision>)| {
        let (what, decision) = (*what, *decision);
        async move {
            let l = lang.get_untracked();
            let res = match decision {
                None => client::mark(signup, what).await,
                Some(d) => {
                    let half_hours = hrs
                        .get_untracked()
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .map(|h| (h * 2.0).floor() as u32);
                    let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
                    client::decide(signup, &DecisionRequest { decision: d, half_hours, reason })
                        .await
                        .map(|_| ())
                }
            };
            match res {
                Ok(()) => message.set(Some((true, text::vm(l).done.to_owned()))),
                Err(e) => message.set(Some((false, error_text(l, &e)))),
            }
            on_change();
        }
    });
    let waiting = matches!(entry.status, SignupStatus::Waitlisted | SignupStatus::Cancelled);
    let decided = entry.record.as_ref().is_some_and(|r| r.status != RecordStatus::Pending);
    let pending = entry.record.as_ref().is_some_and(|r| r.status == RecordStatus::Pending);
    let reported = entry
        .record
        .as_ref()
        .filter(|r| r.self_reported)
        .map(|r| r.reason.clone().unwrap_or_default());
    let (checked_in, checked_out) = (entry.checked_in_at.is_some(), entry.checked_out_at.is_some());
    let proposal = entry.proposal;
    let record = entry.record.clone();
    view! {
        <div class="card roster-row" data-signup=signup>
            <h3>{entry.name.clone()}<span class="hint">" "{entry.masked_phone.clone()}</span></h3>
            {waiting.then(|| view! { <p class="hint">{move || v().waiting_list}</p> })}
            <p>
                {move || match proposal.flag {
                    Some(HourFlag::NoCheckOut) => v().flag_no_out.to_owned(),
                    Some(HourFlag::NoCheckIn) => v().flag_no_in.to_owned(),
                    None => format!("{}{}{}", v().proposed, lang.get().colon(), text::hours(lang.get(), proposal.half_hours)),
                }}
                {record.map(|r| view! { " · " <strong class="record-status">{move || text::record_status(lang.get(), r.status)}" "{move || text::hours(lang.get(), r.half_hours)}</strong> })}
            </p>
            {reported.map(|note| view! { <p class="self-reported"><strong>{move || wm(lang.get()).self_reported}</strong>{move || lang.get().colon()}{note.clone()}</p> })}
            <Show when=move || !waiting>
                <div class="card-actions">
                    <Show when=move || !checked_in><button type="button" class="button primary" on:click=move |_| { act.dispatch(("check-in", None)); }>{move || v().mark_in}</button></Show>
                    <Show when=move || checked_in && !checked_out><button type="button" class="button primary" on:click=move |_| { act.dispatch(("check-out", None)); }>{move || v().mark_out}</button></Show>
                    <Show when=move || (checked_out || pending) && !decided><button type="button" class="button primary" on:click=move |_| { act.dispatch(("", Some(HourDecision::Approve))); }>{move || v().approve}</button></Show>
                </div>
                <Show when=move || (checked_in || pending) && !decided>
                    <details class="adjust">
                        <summary>{move || v().adjust}</summary>
                        <label class="field stacked">{move || v().adjust_hours}<input inputmode="decimal" prop:value=move || hrs.get() on:input=move |ev| hrs.set(event_target_value(&ev)) /></label>
                        <label class="field stacked">{move || v().reason_required}<input prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></label>
                        <div class="card-actions">
                            <button type="button" class="button secondary" on:click=move |_| { act.dispatch(("", Some(HourDecision::Adjust))); }>{move || v().adjust}</button>
                            <button type="button" class="button danger" on:click=move |_| { act.dispatch(("", Some(HourDecision::Reject))); }>{move || v().reject}</button>
                        </div>
                    </details>
                </Show>
            </Show>
        </div>
    }
}

/// Cancelling the shift, asked twice: the people signed up or waiting get a text.
#[component]
fn CancelShift(
    shift: i64,
    live: usize,
    cancelled: bool,
    told: RwSignal<Option<usize>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_prefs().lang;
    let w = move || wm(lang.get());
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let cancel = Action::new_local(move |_: &()| async move {
        match client::cancel_shift(shift).await {
            Ok(()) => {
                told.set(Some(live));
                error.set(None);
                on_done();
            }
            Err(e) => error.set(Some(error_text(lang.get_untracked(), &e))),
        }
        asking.set(false);
    });
    view! {
        <section class="cancel-shift">
            {move || error.get().map(|m| view! { <p class="state error" role="alert">{m}</p> })}
            {move || match (told.get(), cancelled) {
                (Some(n), _) => view! { <p class="state success" role="status">{move || w().cancelled_done.replace("{n}", &n.to_string())}</p> }.into_any(),
                (None, true) => view! { <p class="state notice">{move || w().shift_is_cancelled}</p> }.into_any(),
                (None, false) if asking.get() => view! {
                    <div class="state notice confirm-cancel" role="alert">
                        <p>{move || w().cancel_confirm.replace("{n}", &live.to_string())}</p>
                        <div class="card-actions">
                            <button type="button" class="button danger" on:click=move |_| { cancel.dispatch(()); } disabled=move || cancel.pending().get()>{move || w().cancel_yes}</button>
                            <button type="button" class="button secondary" on:click=move |_| asking.set(false)>{move || w().cancel_no}</button>
                        </div>
                    </div>
                }.into_any(),
                (None, false) => view! {
                    <button type="button" class="button danger wide" on:click=move |_| asking.set(true)>{move || w().cancel_shift}</button>
                }.into_any(),
            }}
        </section>
    }
}
