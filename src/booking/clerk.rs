//! The registry clerk's pages: the day list (arrived, completed, no-show, CSV), closing a
//! day, and the office's slot plan, capacity and popular dates, each previewed before saving.

use super::{office_today, text, use_k};
use crate::api::{self, ApiError};
use crate::ui::fields::TextField;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_api::FieldCode;
use portal_api::booking::{CapacityChange, ClerkMark, Service};
use portal_api::ids::Date;
use text::km;

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
    let find = RwSignal::new(String::new());
    let offices = LocalResource::new(api::offices);
    let office_name = Signal::derive(move || {
        offices.get().and_then(Result::ok).map(|list| {
            list.into_iter().find(|o| o.code == office()).map(|o| {
                if lang.get() == crate::ui::i18n::Lang::Zh { o.name_zh } else { o.name_en }
            })
        })
    });
    let reason = RwSignal::new(String::new());
    let reason_err = RwSignal::new(None::<String>);
    let closed_msg = RwSignal::new(None::<String>);
    // A no-show blocks a couple from booking after two: it is asked about first, and can be
    // taken back the same day.
    let asking = RwSignal::new(None::<i64>);
    let server_today = LocalResource::new(api::info);
    let undone = RwSignal::new(false);
    let mark = move |id: i64, status: ClerkMark| {
        let l = lang.get_untracked();
        asking.set(None);
        undone.set(false);
        spawn_local(async move {
            match api::clerk_mark(id, status).await {
                Ok(()) => {
                    alert.set(None);
                    list.refetch()
                }
                Err(e) => alert.set(Some(super::error_text(l, &e))),
            }
        });
    };
    let undo = move |id: i64| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match api::clerk_undo_no_show(id).await {
                Ok(()) => {
                    alert.set(None);
                    undone.set(true);
                    list.refetch()
                }
                Err(e) if e.code() == Some(portal_api::ErrorCode::Conflict) => {
                    alert.set(Some(km(l).e_undo_too_late.to_owned()))
                }
                Err(e) => alert.set(Some(super::error_text(l, &e))),
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || k().clerk_title}</h1>
            <p class="step-context">{move || office_name.get().flatten().unwrap_or_default()}</p>
            <div class="field">
                <label for="clerk-date">{move || k().clerk_date}</label>
                <input id="clerk-date" type="date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev)) />
            </div>
            <div class="clerk-links">
                <a class="button secondary" href=move || format!("/api/clerk/offices/{}/day.csv?date={}", office(), date.get()) download="">
                    {move || k().download_csv}
                </a>
                <A href=move || format!("/clerk/{}/settings", office()) attr:class="button secondary">{move || k().settings_title}</A>
            </div>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <Show when=move || undone.get()>
                <p class="state success" role="status">{move || k().no_show_undone}</p>
            </Show>
            <h2>{move || k().clerk_day}</h2>
            <div class="field">
                <label for="find-reference">{move || k().find_reference}</label>
                <input id="find-reference" type="search" autocomplete="off" prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev)) />
            </div>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <p class="state empty">{move || k().clerk_empty}</p> }.into_any(),
                    Ok(l) => view! {
                        <ol class="audit-list clerk-list">
                            {l.into_iter().filter(|e| {
                                // The reference as typed or read out: any case, spaces or dashes.
                                let q: String = find.get().chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
                                e.reference.contains(&q)
                            }).map(|e| {
                                let id = e.booking_id;
                                let status = e.status;
                                let can_arrive = ClerkMark::Arrived.from().contains(&status);
                                let can_complete = ClerkMark::Completed.from().contains(&status);
                                // Only today's no-shows can be taken back (the server's today).
                                let can_undo = move || {
                                    status == portal_api::booking::BookingStatus::NoShow
                                        && server_today.get().and_then(Result::ok).is_some_and(|i| i.today.to_string() == date.get())
                                };
                                let reference = e.reference.clone();
                                let names = e.parties.iter().map(|p| format!("{} {}", p.name, p.id_masked)).collect::<Vec<_>>().join(" / ");
                                view! {
                                    <li data-reference=e.reference.clone()>
                                        <span class="audit-action">{text::time(e.start_min)} " · " {e.reference.clone()}</span>
                                        <span>{names}</span>
                                        <span class="eligibility">{move || text::status(lang.get(), status)}</span>
                                        <div class="actions">
                                            <Show when=move || can_arrive && asking.get() != Some(id)>
                                                <button type="button" class="button primary" on:click=move |_| mark(id, ClerkMark::Arrived)>{move || k().mark_arrived}</button>
                                                <button type="button" class="button secondary" on:click=move |_| asking.set(Some(id))>{move || k().mark_no_show}</button>
                                            </Show>
                                            <Show when=move || asking.get() == Some(id)>
                                                <p class="confirm-question" role="alert">{
                                                    let r = reference.clone();
                                                    move || k().no_show_question.replace("{ref}", &r)
                                                }</p>
                                                <button type="button" class="button danger" on:click=move |_| mark(id, ClerkMark::NoShow)>{move || k().no_show_yes}</button>
                                                <button type="button" class="button secondary" on:click=move |_| asking.set(None)>{move || k().no_show_no}</button>
                                            </Show>
                                            <Show when=can_undo>
                                                <button type="button" class="button secondary" on:click=move |_| undo(id)>{move || k().undo_no_show}</button>
                                            </Show>
                                            <Show when=move || can_complete>
                                                <button type="button" class="button primary" on:click=move |_| mark(id, ClerkMark::Completed)>{move || k().mark_completed}</button>
                                            </Show>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                })}
            </Transition>
            <section class="card danger close-day" aria-labelledby="close-title">
                <h2 id="close-title">{move || k().close_day}</h2>
                <form class="inline-form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    let l = lang.get_untracked();
                    let (o, d, r) = (office(), date.get_untracked(), reason.get_untracked());
                    let Some(day) = Date::parse(&d) else { return };
                    if !portal_api::booking::clerk_may_set(day, office_today()) {
                        alert.set(Some(text::field_error(l, FieldCode::DayOutOfRange).to_owned()));
                        return;
                    }
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
                            Err(e) => alert.set(Some(match e.fields().first() {
                                Some(f) => text::field_error(l, f.code).to_owned(),
                                None => e.message(l.msgs()).to_owned(),
                            })),
                        }
                    });
                }>
                    <TextField id="close-reason" label=Signal::derive(move || k().close_reason) value=reason error=reason_err />
                    <button type="submit" class="button secondary">{move || k().close_day}</button>
                </form>
                <Show when=move || closed_msg.get().is_some()>
                    <p class="state notice" role="status">{move || closed_msg.get()}</p>
                </Show>
            </section>
        </div>
    }
}

/// `/clerk/:office/settings`: the office's slot plan, places per slot and popular dates.
#[component]
pub fn ClerkSettingsPage() -> impl IntoView {
    let k = use_k();
    use_title(|m| m.booking);
    let params = use_params_map();
    let office = params.read_untracked().get("office").unwrap_or_default();
    view! {
        <div class="page">
            <A href=format!("/clerk/{office}") attr:class="back-link">"‹ " {move || k().clerk_title}</A>
            <OfficeSettingsForm office=office />
        </div>
    }
}

/// What a capacity or plan change would do (preview) or did (saved).
#[component]
fn ChangeResult(result: RwSignal<Option<Result<CapacityChange, ApiError>>>) -> impl IntoView {
    let k = use_k();
    let lang = use_prefs().lang;
    move || {
        result.get().map(|r| match r {
            Err(e) => view! {
                <p class="state error" role="alert">{move || super::error_text(lang.get(), &e)}</p>
            }
            .into_any(),
            Ok(c) => {
                let lines: Vec<String> = c
                    .affected
                    .iter()
                    .map(|e| {
                        let names =
                            e.parties.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(" / ");
                        format!(
                            "{} {} · {} · {}",
                            text::full_date(lang.get_untracked(), e.day),
                            text::time(e.start_min),
                            e.reference,
                            names
                        )
                    })
                    .collect();
                let none = lines.is_empty();
                view! {
                    <div class="state notice change-result" role="status">
                        <Show when=move || c.applied><p><strong>{move || k().saved}</strong></p></Show>
                        <p>{move || if none { k().affected_none } else { k().affected_some }}</p>
                        <ul class="reasons">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                }
                .into_any()
            }
        })
    }
}

fn whole(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

/// The office's slot plan (hours per weekday, slot length, window, partner confirmation),
/// capacity per slot and popular dates. Every change can be previewed; saving never removes
/// a booking, and the answer lists the ones to call.
#[component]
fn OfficeSettingsForm(office: String) -> impl IntoView {
    use portal_api::booking::{CapacityRequest, OfficeSettings, SpecialDateRequest};
    let k = use_k();
    let lang = use_prefs().lang;
    let code = StoredValue::new(office);
    let offices = LocalResource::new(api::offices);
    let hours: [RwSignal<String>; 7] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let hours_err: [RwSignal<Option<String>>; 7] = std::array::from_fn(|_| RwSignal::new(None));
    let slot = RwSignal::new(String::new());
    let slot_err = RwSignal::new(None::<String>);
    let wmin = RwSignal::new(String::new());
    let wmin_err = RwSignal::new(None::<String>);
    let wmax = RwSignal::new(String::new());
    let wmax_err = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(true);
    let counters = RwSignal::new(String::new());
    let cap_service = RwSignal::new(String::new());
    let counters_err = RwSignal::new(None::<String>);
    let sday = RwSignal::new(String::new());
    let sday_err = RwSignal::new(None::<String>);
    let scount = RwSignal::new(String::new());
    let scount_err = RwSignal::new(None::<String>);
    let srelease = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    Effect::new(move |_| {
        if loaded.get_untracked() {
            return;
        }
        if let Some(Ok(list)) = offices.get()
            && let Some(o) = list.into_iter().find(|o| o.code == code.get_value())
        {
            for (i, h) in hours.iter().enumerate() {
                h.set(portal_api::booking::hours_text(
                    o.hours.get(i).map(Vec::as_slice).unwrap_or(&[]),
                ));
            }
            slot.set(o.slot_minutes.to_string());
            wmin.set(o.window_min.to_string());
            wmax.set(o.window_max.to_string());
            confirm.set(o.partner_confirm);
            counters.set(o.counters.to_string());
            loaded.set(true);
        }
    });
    let plan_result = RwSignal::new(None::<Result<CapacityChange, ApiError>>);
    let cap_result = RwSignal::new(None::<Result<CapacityChange, ApiError>>);
    let special_result = RwSignal::new(None::<Result<CapacityChange, ApiError>>);
    let number = move |v: RwSignal<String>, err: RwSignal<Option<String>>| {
        let n = whole(&v.get_untracked());
        err.set(n.is_none().then(|| km(lang.get_untracked()).e_number.to_owned()));
        n
    };
    let send_plan = move |dry_run: bool| {
        let l = lang.get_untracked();
        let mut plan = Vec::new();
        let mut ok = true;
        for (h, e) in hours.iter().zip(hours_err.iter()) {
            match portal_api::booking::parse_hours(&h.get_untracked()) {
                Some(p) => {
                    e.set(None);
                    plan.push(p);
                }
                None => {
                    e.set(Some(km(l).e_hours.to_owned()));
                    ok = false;
                }
            }
        }
        let (s, a, b) = (number(slot, slot_err), number(wmin, wmin_err), number(wmax, wmax_err));
        let (Some(s), Some(a), Some(b), true) = (s, a, b, ok) else { return };
        let req = OfficeSettings {
            hours: plan,
            slot_minutes: s.clamp(0, 10_000) as u32,
            window_min: a,
            window_max: b,
            partner_confirm: confirm.get_untracked(),
            dry_run,
        };
        spawn_local(async move {
            let r = api::clerk_settings(&code.get_value(), &req).await;
            if let Err(e) = &r {
                for f in e.fields() {
                    let m = Some(super::text::field_error(l, f.code).to_owned());
                    match f.field.as_str() {
                        "slot_minutes" => slot_err.set(m),
                        "window_max" | "window_min" => wmax_err.set(m),
                        _ => hours_err[0].set(m),
                    }
                }
            }
            plan_result.set(Some(r));
        });
    };
    let send_capacity = move |dry_run: bool| {
        let Some(n) = number(counters, counters_err) else { return };
        spawn_local(async move {
            let service = Service::parse(&cap_service.get_untracked());
            let req = CapacityRequest { counters: n, service, dry_run };
            let r = api::clerk_capacity(&code.get_value(), &req).await;
            cap_result.set(Some(r));
        });
    };
    let send_special = move |dry_run: bool| {
        let l = lang.get_untracked();
        let day = Date::parse(&sday.get_untracked());
        sday_err.set(match day {
            None => Some(km(l).e_day.to_owned()),
            Some(d) if !portal_api::booking::clerk_may_set(d, office_today()) => {
                Some(text::field_error(l, FieldCode::DayOutOfRange).to_owned())
            }
            Some(_) => None,
        });
        let n = number(scount, scount_err);
        let (Some(day), Some(n)) = (day, n) else { return };
        if sday_err.get_untracked().is_some() {
            return;
        }
        // datetime-local is the clerk's wall clock (the office's time, UTC+8).
        let release_at = parse_local_minute(&srelease.get_untracked());
        let req = SpecialDateRequest { day, counters: n, release_at, note: String::new(), dry_run };
        spawn_local(async move {
            special_result.set(Some(api::clerk_special(&code.get_value(), &req).await));
        });
    };
    view! {
        <section class="card clerk-settings" aria-labelledby="settings-title">
            <h1 id="settings-title">{move || k().settings_title}</h1>
            <p class="hint">{move || k().settings_hint}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || offices.get().map(|r| r.err().map(|e| view! { <ErrorNotice error=e on_retry=move |()| offices.refetch() /> }))}
            </Transition>
            <form class="settings-form" novalidate on:submit=move |ev| { ev.prevent_default(); send_capacity(false); }>
                <h2>{move || k().counters}</h2>
                <div class="field">
                    <label for="cap-service">{move || k().cap_service}</label>
                    <select id="cap-service" on:change=move |ev| cap_service.set(event_target_value(&ev))>
                        <option value="" selected>{move || k().all_services}</option>
                        {Service::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str()>{move || text::service_name(lang.get(), s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="counters" kind="number" label=Signal::derive(move || k().counters) value=counters error=counters_err />
                {preview_save(send_capacity)}
                <ChangeResult result=cap_result />
            </form>
            <form class="settings-form" novalidate on:submit=move |ev| { ev.prevent_default(); send_plan(false); }>
                <h2>{move || k().hours}</h2>
                <p class="hint">{move || k().hours_hint}</p>
                {(0..7).map(|i| {
                    let id: &'static str = ["hours-0", "hours-1", "hours-2", "hours-3", "hours-4", "hours-5", "hours-6"][i];
                    view! { <TextField id=id label=Signal::derive(move || text::weekday_name(lang.get(), i)) value=hours[i] error=hours_err[i] /> }
                }).collect_view()}
                <TextField id="slot-minutes" kind="number" label=Signal::derive(move || k().slot_minutes) value=slot error=slot_err />
                <TextField id="window-min" kind="number" label=Signal::derive(move || k().window_min) value=wmin error=wmin_err />
                <TextField id="window-max" kind="number" label=Signal::derive(move || k().window_max) value=wmax error=wmax_err />
                <label class="check">
                    <input type="checkbox" prop:checked=move || confirm.get() on:change=move |ev| confirm.set(event_target_checked(&ev)) />
                    <span>{move || k().partner_confirm_label}</span>
                </label>
                {preview_save(send_plan)}
                <ChangeResult result=plan_result />
            </form>
            <form class="settings-form" novalidate on:submit=move |ev| { ev.prevent_default(); send_special(false); }>
                <h2>{move || k().special_title}</h2>
                <p class="hint">{move || k().special_hint}</p>
                <TextField id="special-day" kind="date" label=Signal::derive(move || k().special_day) value=sday error=sday_err />
                <TextField id="special-counters" kind="number" label=Signal::derive(move || k().counters) value=scount error=scount_err />
                <div class="field">
                    <label for="special-release">{move || k().special_release}</label>
                    <input id="special-release" type="datetime-local" prop:value=move || srelease.get() on:input=move |ev| srelease.set(event_target_value(&ev)) />
                </div>
                {preview_save(send_special)}
                <ChangeResult result=special_result />
            </form>
        </section>
    }
}

/// "Preview" (a dry run) beside "Save" (the form's submit).
fn preview_save(send: impl Fn(bool) + Copy + 'static) -> impl IntoView {
    let k = use_k();
    view! {
        <div class="actions">
            <button type="button" class="button secondary" on:click=move |_| send(true)>{move || k().preview}</button>
            <button type="submit" class="button primary">{move || k().apply}</button>
        </div>
    }
}

/// `2026-05-20T09:00` (the office's wall clock, UTC+8) as unix seconds.
fn parse_local_minute(s: &str) -> Option<i64> {
    let (d, t) = s.trim().split_once('T')?;
    let day = Date::parse(d)?;
    let (h, m) = t.split_once(':')?;
    let (h, m) = (h.parse::<i64>().ok()?, m.get(..2)?.parse::<i64>().ok()?);
    Some(portal_api::booking::days_from_civil(day) * 86_400 + h * 3600 + m * 60 - 8 * 3600)
}
