//! The organiser's forms: the organisation's profile (credit code checked on the server, GB
//! 32100), a new shift, answering correction requests with a reason, and revoking a
//! certificate. Activities are created and edited in `activity_form`.

use super::{client, error_text, text, use_v};
use crate::api;
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_api::FieldCode;
use portal_api::volunteering::{
    CorrectionAnswer, CorrectionStatus, MAX_SHIFT_PLACES, OrganisationRequest, RevokeRequest,
    ShiftRequest, ShiftView, parse_certificate_code,
};

pub(super) fn org_param() -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("org").unwrap_or_default())
}

/// Puts each field error next to its field; the rest in `general`.
pub(super) fn spread(
    lang: Lang,
    e: &crate::api::ApiError,
    fields: &[(&str, RwSignal<Option<String>>)],
    general: RwSignal<Option<String>>,
) {
    for (_, s) in fields {
        s.set(None);
    }
    let mut placed = false;
    for f in e.fields() {
        if let Some((_, s)) = fields.iter().find(|(n, _)| *n == f.field) {
            s.set(Some(text::field_error(lang, f.code).to_owned()));
            placed = true;
        }
    }
    general.set((!placed).then(|| error_text(lang, e)));
}

/// A district (region) select.
#[component]
pub(super) fn DistrictSelect(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let regions = LocalResource::new(api::regions);
    view! {
        <div class="field">
            <label for=id>{move || v().district}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">"—"</option>
                {move || regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                    let name = if lang.get() == Lang::Zh { r.name_zh.clone() } else { r.name_en.clone() };
                    view! { <option value=r.code.clone() selected=value.get_untracked() == r.code>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// `/organiser/:org/profile`: the organisation's profile.
#[component]
pub fn OrgProfilePage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let org = org_param();
    let pair = || (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let ((name, name_e), (credit, credit_e), (contact, contact_e)) = (pair(), pair(), pair());
    let district = RwSignal::new(String::new());
    let general = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let current = LocalResource::new(move || {
        let o = org();
        async move { client::org(&o).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = current.get() {
            name.set(p.name);
            credit.set(p.credit_code);
            contact.set(p.contact);
            district.set(p.district);
        }
    });
    let save = Action::new_local(move |req: &OrganisationRequest| {
        let (req, o) = (req.clone(), org());
        async move { client::save_org(&o, &req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = save.value().get() {
            match res {
                Ok(_) => {
                    saved.set(true);
                    general.set(None);
                }
                Err(e) => {
                    saved.set(false);
                    spread(
                        lang.get_untracked(),
                        &e,
                        &[("name", name_e), ("credit_code", credit_e), ("contact", contact_e)],
                        general,
                    );
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(OrganisationRequest {
            name: name.get(),
            credit_code: credit.get(),
            contact: contact.get(),
            district: district.get(),
        });
    };
    view! {
        <div class="page">
            <A href=move || format!("/organiser/{}", org()) attr:class="back-link">"‹ " {move || v().org_title}</A>
            <h1>{move || v().org_profile}</h1>
            {move || general.get().map(|m| view! { <div class="state error" role="alert"><p>{m}</p></div> })}
            {move || saved.get().then(|| view! { <p class="state success" role="status">{move || v().saved}</p> })}
            <form on:submit=submit novalidate>
                <TextField id="org-name" label=Signal::derive(move || v().org_name) value=name error=name_e />
                <TextField id="org-credit" label=Signal::derive(move || v().credit_code) hint=Signal::derive(move || v().credit_hint) value=credit error=credit_e />
                <TextField id="org-contact" label=Signal::derive(move || v().contact) value=contact error=contact_e kind="tel" inputmode="tel" />
                <DistrictSelect id="org-district" value=district />
                <button type="submit" class="button primary wide" disabled=move || save.pending().get()>{move || v().save}</button>
            </form>
        </div>
    }
}

/// "09:30" as minutes after midnight; None unless a time of day.
fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// What is wrong with a field of the shift form, in words naming it (the server's checks are
/// the same: organiser.rs `add_shift`).
fn shift_field_error(lang: Lang, field: &str) -> Option<String> {
    let w = super::words::wm(lang);
    Some(match field {
        "day" => w.e_shift_day.to_owned(),
        "start_min" | "end_min" => w.e_shift_time.to_owned(),
        "capacity" => w.e_shift_places.replace("{max}", &MAX_SHIFT_PLACES.to_string()),
        _ => return None,
    })
}

/// Adding a shift to an activity (on the organiser's activities page); `on_added` gets the
/// shift as saved.
#[component]
pub fn ShiftForm(
    activity: i64,
    on_added: impl Fn(ShiftView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let day = RwSignal::new(String::new());
    let start = RwSignal::new("09:00".to_owned());
    let end = RwSignal::new("11:00".to_owned());
    let capacity = RwSignal::new("5".to_owned());
    let error = RwSignal::new(None::<String>);
    // The shift just added, said in words (and to screen readers); the day is emptied so a
    // second press does not add the same shift again.
    let added = RwSignal::new(None::<ShiftView>);
    let add = Action::new_local(move |req: &ShiftRequest| {
        let req = req.clone();
        async move { client::add_shift(activity, &req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = add.value().get() {
            match res {
                Ok(shift) => {
                    error.set(None);
                    day.set(String::new());
                    added.set(Some(shift.clone()));
                    on_added(shift);
                }
                Err(e) => {
                    added.set(None);
                    let l = lang.get_untracked();
                    let field = e.fields().first().map(|f| f.field.clone());
                    let text = match field.as_deref() {
                        Some(f) => shift_field_error(l, f),
                        None => None,
                    };
                    error.set(Some(text.unwrap_or_else(|| error_text(l, &e))));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Not `disabled` while saving (that would drop the keyboard focus): a second press
        // meanwhile does nothing.
        if add.pending().get_untracked() {
            return;
        }
        added.set(None);
        let l = lang.get_untracked();
        let places = capacity
            .get()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|c| (1..=MAX_SHIFT_PLACES).contains(c));
        // The first field that is wrong, said by name.
        match (
            portal_api::ids::Date::parse(&day.get()),
            minutes(&start.get()).zip(minutes(&end.get())).filter(|(s, e)| s != e),
            places,
        ) {
            (Some(d), Some((s, e)), Some(c)) => {
                error.set(None);
                add.dispatch(ShiftRequest { day: d, start_min: s, end_min: e, capacity: c });
            }
            (None, _, _) => error.set(shift_field_error(l, "day")),
            (_, None, _) => error.set(shift_field_error(l, "start_min")),
            (_, _, None) => error.set(shift_field_error(l, "capacity")),
        }
    };
    let id = |n: &str| format!("shift-{activity}-{n}");
    view! {
        <details class="adjust add-shift">
            <summary>{move || v().add_shift}</summary>
            // Outside the form's grid: empty, it takes no room.
            <div role="status" class="shift-added">
                {move || added.get().map(|s| view! {
                    <p class="state success">{move || super::words::wm(lang.get()).shift_added.replace("{when}", &super::shift_when(lang.get(), &s))}</p>
                })}
            </div>
            <form class="inline-form" on:submit=submit>
                {move || error.get().map(|m| view! { <p class="state error" role="alert">{m}</p> })}
                <div class="field"><label for=id("day")>{move || v().shift_day}</label><input id=id("day") type="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) /></div>
                <div class="field"><label for=id("start")>{move || v().shift_start}</label><input id=id("start") type="time" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev)) /></div>
                <div class="field"><label for=id("end")>{move || v().shift_end}</label><input id=id("end") type="time" prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev)) /></div>
                <div class="field"><label for=id("cap")>{move || v().capacity}</label><input id=id("cap") inputmode="numeric" prop:value=move || capacity.get() on:input=move |ev| capacity.set(event_target_value(&ev)) /></div>
                <button type="submit" class="button primary" aria-disabled=move || add.pending().get().to_string()>{move || v().add_shift}</button>
            </form>
        </details>
    }
}

/// `/organiser/:org/corrections`: correction requests, answered with a reason.
#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let org = org_param();
    let list = LocalResource::new(move || {
        let o = org();
        async move { client::corrections(&o).await }
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let answer = Action::new_local(move |(id, req): &(i64, CorrectionAnswer)| {
        let (id, req) = (*id, req.clone());
        async move {
            let l = lang.get_untracked();
            match client::answer(id, &req).await {
                Ok(()) => message.set(Some((true, text::vm(l).answered.to_owned()))),
                Err(e) => message.set(Some((false, error_text(l, &e)))),
            }
            list.refetch();
        }
    });
    view! {
        <div class="page">
            <A href=move || format!("/organiser/{}", org()) attr:class="back-link">"‹ " {move || v().org_title}</A>
            <h1>{move || v().corrections_title}</h1>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "state success" } else { "state error" } role="status">{m}</p> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="state empty">{move || v().no_corrections}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="record-list">
                            {items.into_iter().map(|c| {
                                let reason = RwSignal::new(String::new());
                                let rid = format!("answer-{}", c.id);
                                let open = c.status == CorrectionStatus::Open;
                                let id = c.id;
                                view! {
                                    <li class="card">
                                        <h3>{c.name.clone()}" · "{c.activity_title.clone()}</h3>
                                        <p>{move || v().recorded}" "{move || text::hours(lang.get(), c.recorded_half_hours)}" → "{move || v().asked}" "{move || text::hours(lang.get(), c.asked_half_hours)}</p>
                                        <p class="hint">{c.reason.clone()}</p>
                                        {c.answer.clone().map(|a| view! { <p><strong>{move || v().answered}</strong>{move || lang.get().colon()}{a.clone()}</p> })}
                                        {open.then(|| view! {
                                            <div class="field"><label for=rid.clone()>{move || v().reason_required}</label><input id=rid.clone() prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></div>
                                            <div class="card-actions">
                                                <button type="button" class="button primary" on:click=move |_| { answer.dispatch((id, CorrectionAnswer { accept: true, reason: reason.get() })); }>{move || v().accept}</button>
                                                <button type="button" class="button secondary" on:click=move |_| { answer.dispatch((id, CorrectionAnswer { accept: false, reason: reason.get() })); }>{move || v().decline}</button>
                                            </div>
                                        })}
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

/// `/organiser/:org/certificates`: revoke a certificate the organisation issued (or a compiled
/// one with its records), with a reason; the verify page then says revoked, with the date.
#[component]
pub fn RevokePage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let w = move || super::words::wm(lang.get());
    use_title(|m| m.volunteering);
    let org = org_param();
    let (code, code_e) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let (reason, reason_e) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let general = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let revoke = Action::new_local(move |(c, req): &(String, RevokeRequest)| {
        let (c, req) = (c.clone(), req.clone());
        async move { client::revoke(&c, &req).await.map(|()| c) }
    });
    Effect::new(move |_| {
        if let Some(res) = revoke.value().get() {
            match res {
                Ok(c) => {
                    general.set(None);
                    done.set(Some(c));
                    reason.set(String::new());
                }
                Err(e) => {
                    done.set(None);
                    spread(lang.get_untracked(), &e, &[("reason", reason_e)], general);
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_certificate_code(&code.get()) {
            None => code_e
                .set(Some(text::field_error(lang.get_untracked(), FieldCode::Invalid).to_owned())),
            Some(c) => {
                code_e.set(None);
                revoke.dispatch((c, RevokeRequest { reason: reason.get() }));
            }
        }
    };
    view! {
        <div class="page">
            <A href=move || format!("/organiser/{}", org()) attr:class="back-link">"‹ " {move || v().org_title}</A>
            <h1>{move || w().revoke_title}</h1>
            <p class="lead">{move || w().revoke_intro}</p>
            {move || general.get().map(|m| view! { <div class="state error" role="alert"><p>{m}</p></div> })}
            {move || done.get().map(|c| view! {
                <div class="state success revoke-done" role="status">
                    <p>{move || w().revoke_done}</p>
                    <A href=format!("/volunteering/verify/{c}")>{move || v().verify_title}</A>
                </div>
            })}
            <form on:submit=submit novalidate>
                <TextField id="revoke-code" label=Signal::derive(move || w().revoke_code) value=code error=code_e autocomplete="off" />
                <TextField id="revoke-reason" label=Signal::derive(move || w().revoke_reason) value=reason error=reason_e />
                <button type="submit" class="button danger wide" disabled=move || revoke.pending().get()>{move || w().revoke_do}</button>
            </form>
        </div>
    }
}
