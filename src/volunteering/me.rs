//! The volunteer's own pages: registration, my sign-ups with check-in and check-out by code,
//! and my hours with stars, points, corrections and certificates.

use super::{client, error_text, shift_when, text, use_v};
use crate::ui::fields::TextField;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::ErrorCode;
use portal_api::volunteering::{
    CertificateRequest, CorrectionRequest, Guardian, RecordView, SignupStatus, SignupView,
    VolunteerRequest,
};

/// The city's local time of an instant ("08:50").
fn clock(secs: i64) -> String {
    text::time(portal_api::calendar::office_local(secs).1)
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

/// `/volunteering/register`: become a volunteer (or edit the profile).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let field = || (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let (skills, skills_e) = field();
    let (languages, languages_e) = field();
    let (availability, availability_e) = field();
    let (ec_name, ec_name_e) = field();
    let (ec_phone, ec_phone_e) = field();
    let (g_name, g_name_e) = field();
    let (g_phone, g_phone_e) = field();
    let pledge = RwSignal::new(false);
    let consent = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let save = Action::new_local(move |req: &VolunteerRequest| {
        let req = req.clone();
        async move { client::register(&req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = save.value().get() {
            let l = lang.get_untracked();
            for e in
                [skills_e, languages_e, availability_e, ec_name_e, ec_phone_e, g_name_e, g_phone_e]
            {
                e.set(None);
            }
            match res {
                Ok(_) => navigate("/volunteering/me", Default::default()),
                Err(e) => {
                    for f in e.fields() {
                        let msg = Some(text::field_error(l, f.code).to_owned());
                        match f.field.as_str() {
                            "skills" => skills_e.set(msg),
                            "languages" => languages_e.set(msg),
                            "availability" => availability_e.set(msg),
                            "emergency_name" => ec_name_e.set(msg),
                            "emergency_phone" => ec_phone_e.set(msg),
                            "guardian.name" | "guardian" => g_name_e.set(msg),
                            "guardian.phone" => g_phone_e.set(msg),
                            _ => {}
                        }
                    }
                    error.set(Some(error_text(l, &e)));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let guardian = (!g_name.get().trim().is_empty() || consent.get()).then(|| Guardian {
            name: g_name.get(),
            phone: g_phone.get(),
            consent: consent.get(),
        });
        save.dispatch(VolunteerRequest {
            skills: split_list(&skills.get()),
            languages: split_list(&languages.get()),
            districts: Vec::new(),
            availability: availability.get(),
            emergency_name: ec_name.get(),
            emergency_phone: ec_phone.get(),
            pledge: pledge.get(),
            guardian,
            sms_lang: Default::default(),
        });
    };
    view! {
        <div class="page">
            <A href="/volunteering" attr:class="back-link">"‹ " {move || v().title}</A>
            <h1>{move || v().register}</h1>
            <p class="lead">{move || v().register_intro}</p>
            {move || error.get().map(|m| view! { <div class="state error" role="alert"><p>{m}</p></div> })}
            <form on:submit=submit novalidate>
                <TextField id="skills" label=Signal::derive(move || v().skills_field) value=skills error=skills_e />
                <TextField id="languages" label=Signal::derive(move || v().languages_field) value=languages error=languages_e />
                <TextField id="availability" label=Signal::derive(move || v().availability_field) value=availability error=availability_e />
                <TextField id="emergency_name" label=Signal::derive(move || v().emergency_name) value=ec_name error=ec_name_e autocomplete="name" />
                <TextField id="emergency_phone" label=Signal::derive(move || v().emergency_phone) value=ec_phone error=ec_phone_e kind="tel" inputmode="tel" autocomplete="tel" />
                <fieldset class="field">
                    <legend>{move || v().guardian_title}</legend>
                    <TextField id="guardian_name" label=Signal::derive(move || v().guardian_name) value=g_name error=g_name_e />
                    <TextField id="guardian_phone" label=Signal::derive(move || v().guardian_phone) value=g_phone error=g_phone_e kind="tel" inputmode="tel" />
                    <label class="check">
                        <input type="checkbox" prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev)) />
                        {move || v().guardian_consent}
                    </label>
                </fieldset>
                <label class="check pledge">
                    <input type="checkbox" id="pledge" prop:checked=move || pledge.get() on:change=move |ev| pledge.set(event_target_checked(&ev)) />
                    {move || v().pledge}
                </label>
                <button type="submit" class="button primary wide" disabled=move || save.pending().get()>{move || v().save}</button>
            </form>
        </div>
    }
}

/// `/volunteering/me`: number, stars, points, and my sign-ups with check-in by code.
#[component]
pub fn MyPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let me = LocalResource::new(client::me);
    let signups = LocalResource::new(client::signups);
    view! {
        <div class="page">
            <A href="/volunteering" attr:class="back-link">"‹ " {move || v().title}</A>
            <h1>{move || v().my_title}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || me.get().map(|res| match res {
                    Err(e) if e.code() == Some(ErrorCode::VolunteerRequired) => view! {
                        <div class="state notice"><p>{move || v().need_register}</p></div>
                        <A href="/volunteering/register" attr:class="button primary">{move || v().register}</A>
                    }.into_any(),
                    Err(e) if e.code() == Some(ErrorCode::Unauthenticated) => view! {
                        <div class="state notice"><p>{move || v().need_sign_in}</p></div>
                        <A href="/account" attr:class="button primary">{move || crate::account::text::am(lang.get()).sign_in}</A>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| me.refetch() /> }.into_any(),
                    Ok(p) => view! {
                        <dl class="summary volunteer-summary">
                            <div class="summary-row"><dt>{move || v().number}</dt><dd class="volunteer-number">{p.number.clone()}</dd></div>
                            <div class="summary-row"><dt>{move || v().verified_hours}</dt><dd>{move || text::hours(lang.get(), p.verified_half_hours)}</dd></div>
                            <div class="summary-row"><dt>{move || v().stars}</dt><dd>
                                <span class="stars" aria-hidden="true">{"★".repeat(usize::from(p.stars.stars))}{"☆".repeat(5 - usize::from(p.stars.stars))}</span>
                                " " {move || if p.stars.stars == 0 { v().no_star.to_owned() } else { format!("{}★", p.stars.stars) }}
                                <span class="hint">{move || match p.stars.to_next_half_hours {
                                    Some(h) => v().to_next.replace("{h}", &portal_api::volunteering::hours_text(h)),
                                    None => v().top_star.to_owned(),
                                }}</span>
                            </dd></div>
                            <div class="summary-row"><dt>{move || v().points}</dt><dd>{p.points}</dd></div>
                        </dl>
                        <A href="/volunteering/hours" attr:class="button secondary wide">{move || v().hours_title}</A>
                    }.into_any(),
                })}
            </Transition>
            <h2>{move || v().my_signups}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || signups.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| signups.refetch() /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="state empty">{move || v().no_signups}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="signup-list">
                            {list.into_iter().map(|g| view! { <li><SignupCard signup=g on_change=move || signups.refetch() /></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SignupCard(
    signup: SignupView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let g = signup.clone();
    let status = move || match g.status {
        SignupStatus::SignedUp => v().signed_up.to_owned(),
        SignupStatus::Waitlisted => {
            v().waitlisted.replace("{n}", &g.waitlist_position.unwrap_or(0).to_string())
        }
        SignupStatus::Withdrawn => v().withdrawn.to_owned(),
        SignupStatus::Cancelled => v().shift_cancelled.to_owned(),
    };
    let live = signup.status == SignupStatus::SignedUp && signup.checked_out_at.is_none();
    let shift = signup.shift.clone();
    view! {
        <div class="card signup-card">
            <h3>{signup.activity_title.clone()}</h3>
            <p>{move || shift_when(lang.get(), &shift)}</p>
            <p class="signup-status"><strong>{status}</strong></p>
            {signup.checked_in_at.map(|t| view! { <p class="hint">{move || v().checked_in_at}" "{clock(t)}</p> })}
            {signup.checked_out_at.map(|t| view! { <p class="hint">{move || v().checked_out_at}" "{clock(t)}</p> })}
            {live.then(|| view! { <CodeForm shift=signup.shift.id checked_in=signup.checked_in_at.is_some() initial=String::new() on_done=on_change /> })}
        </div>
    }
}

/// Typing the organiser's code to check in (or out, once in).
#[component]
fn CodeForm(
    shift: i64,
    checked_in: bool,
    initial: String,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let code = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let what = if checked_in { "check-out" } else { "check-in" };
    let id: &'static str = if checked_in { "code-out" } else { "code-in" };
    let send = Action::new_local(move |c: &String| {
        let c = c.clone();
        async move { client::check(shift, what, &c).await }
    });
    Effect::new(move |_| {
        if let Some(res) = send.value().get() {
            match res {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(
                        if checked_in { v().check_out } else { v().check_in }.to_owned(),
                    ));
                    on_done();
                }
                Err(e) => error.set(Some(error_text(lang.get_untracked(), &e))),
            }
        }
    });
    view! {
        <form class="inline-form code-form" on:submit=move |ev| { ev.prevent_default(); send.dispatch(code.get()); }>
            <TextField id=id label=Signal::derive(move || v().code_label) hint=Signal::derive(move || v().code_hint) value=code error=error inputmode="numeric" autocomplete="one-time-code" />
            <button type="submit" class="button primary" disabled=move || send.pending().get()>
                {move || if checked_in { v().check_out } else { v().check_in }}
            </button>
            {move || done.get().map(|m| view! { <p class="state success" role="status">"✓ " {m}</p> })}
        </form>
    }
}

/// `/volunteering/check-in/:shift?code=`: where the organiser's QR code leads.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let v = use_v();
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let q = use_query_map();
    let shift =
        params.with_untracked(|p| p.get("shift").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let code = q.with_untracked(|q| q.get("code").unwrap_or_default());
    let mine = LocalResource::new(client::signups);
    view! {
        <div class="page">
            <A href="/volunteering/me" attr:class="back-link">"‹ " {move || v().my_title}</A>
            <h1>{move || v().check_in}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || mine.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| mine.refetch() /> }.into_any(),
                    Ok(list) => match list.into_iter().find(|g| g.shift.id == shift && g.status == SignupStatus::SignedUp) {
                        None => view! { <p class="state notice">{move || v().no_signups}</p> }.into_any(),
                        Some(g) => view! {
                            <p class="lead">{g.activity_title.clone()}</p>
                            <CodeForm shift=shift checked_in=g.checked_in_at.is_some() initial=code.clone() on_done=move || mine.refetch() />
                        }.into_any(),
                    },
                })}
            </Transition>
        </div>
    }
}

/// `/volunteering/hours`: every record with its status; totals count verified hours only;
/// corrections; certificates.
#[component]
pub fn HoursPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let hours = LocalResource::new(client::hours);
    let certs = LocalResource::new(client::certificates);
    view! {
        <div class="page">
            <A href="/volunteering/me" attr:class="back-link">"‹ " {move || v().my_title}</A>
            <h1>{move || v().hours_title}</h1>
            <p class="hint">{move || v().totals_note}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || hours.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| hours.refetch() /> }.into_any(),
                    Ok(h) => view! {
                        <p class="total"><span class="total-label">{move || v().verified_hours}</span>" "{move || text::hours(lang.get(), h.verified_half_hours)}" · "{move || v().points}" "{h.points}</p>
                        {if h.records.is_empty() {
                            view! { <p class="state empty">{move || v().no_records}</p> }.into_any()
                        } else {
                            view! { <ul class="record-list">{h.records.into_iter().map(|r| view! { <li><RecordCard record=r on_change=move || hours.refetch() /></li> }).collect_view()}</ul> }.into_any()
                        }}
                    }.into_any(),
                })}
            </Transition>
            <CertificateForm />
            <h2>{move || v().my_certs}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || certs.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| certs.refetch() /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="state empty">{move || v().no_certs}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="link-list">
                            {list.into_iter().map(|c| view! {
                                <li><A href=format!("/volunteering/certificate/{}", c.code)>{format!("{} – {} · ", c.from, c.to)}{move || text::hours(lang.get(), c.total_half_hours)}</A></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn RecordCard(
    record: RecordView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let open = RwSignal::new(false);
    let hrs = RwSignal::new(portal_api::volunteering::hours_text(record.half_hours));
    let reason = RwSignal::new(String::new());
    let hrs_e = RwSignal::new(None::<String>);
    let reason_e = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let signup = record.signup_id;
    let send = Action::new_local(move |req: &CorrectionRequest| {
        let req = req.clone();
        async move { client::correction(signup, &req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = send.value().get() {
            match res {
                Ok(()) => {
                    sent.set(true);
                    open.set(false);
                    on_change();
                }
                Err(e) => reason_e.set(Some(error_text(lang.get_untracked(), &e))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let half = hrs.get().trim().parse::<f64>().ok().map(|h| (h * 2.0).floor() as u32);
        match half {
            None => hrs_e.set(Some(
                text::field_error(lang.get_untracked(), portal_api::FieldCode::Invalid).to_owned(),
            )),
            Some(half_hours) => {
                hrs_e.set(None);
                send.dispatch(CorrectionRequest { half_hours, reason: reason.get() });
            }
        }
    };
    let status = record.status;
    let reason_text = record.reason.clone();
    view! {
        <div class=format!("card record-card {}", status.as_str())>
            <h3>{record.activity_title.clone()}</h3>
            <p>{record.day.to_string()}" · "{record.org_name.clone()}</p>
            <p><strong>{move || text::hours(lang.get(), record.half_hours)}</strong>" · "<span class="record-status">{move || text::record_status(lang.get(), status)}</span></p>
            {reason_text.map(|r| view! { <p class="hint">{move || v().reason}"："{r.clone()}</p> })}
            {move || sent.get().then(|| view! { <p class="state success" role="status">{move || v().correction_sent}</p> })}
            <Show when=move || !open.get() && !sent.get()>
                <button type="button" class="link-button" on:click=move |_| open.set(true)>{move || v().ask_correction}</button>
            </Show>
            <Show when=move || open.get()>
                <form class="inline-form" on:submit=submit>
                    // Labels wrap their inputs: one card per record, so no ids to keep unique.
                    <label class="field stacked">{move || v().correction_hours}<input inputmode="decimal" prop:value=move || hrs.get() on:input=move |ev| hrs.set(event_target_value(&ev)) /></label>
                    {move || hrs_e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <label class="field stacked">{move || v().reason}<input prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></label>
                    {move || reason_e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <button type="submit" class="button primary" disabled=move || send.pending().get()>{move || v().ask_correction}</button>
                </form>
            </Show>
        </div>
    }
}

/// Pick a period (this year by default) and get a certificate.
#[component]
fn CertificateForm() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let today = crate::ui::office_today();
    let from = RwSignal::new(format!("{}-01-01", today.year));
    // The whole year: a shift later today, or a server clock ahead of the phone's, still counts.
    let to = RwSignal::new(format!("{}-12-31", today.year));
    // The year as the server counts it (the records are dated by its clock), once known.
    let info = LocalResource::new(crate::api::info);
    Effect::new(move |_| {
        if let Some(Ok(i)) = info.get() {
            from.set(format!("{}-01-01", i.today.year));
            to.set(format!("{}-12-31", i.today.year));
        }
    });
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let issue = Action::new_local(move |req: &CertificateRequest| {
        let req = req.clone();
        async move { client::issue(&req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = issue.value().get() {
            match res {
                Ok(c) => {
                    navigate(&format!("/volunteering/certificate/{}", c.code), Default::default())
                }
                Err(e) if !e.fields().is_empty() => error.set(Some(v().cert_none.to_owned())),
                Err(e) => error.set(Some(error_text(lang.get_untracked(), &e))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(f), Some(t)) =
            (portal_api::ids::Date::parse(&from.get()), portal_api::ids::Date::parse(&to.get()))
        else {
            error.set(Some(v().e_range.to_owned()));
            return;
        };
        issue.dispatch(CertificateRequest { from: f, to: t, org: None });
    };
    view! {
        <form class="card cert-form" on:submit=submit>
            <h2>{move || v().cert_request}</h2>
            {move || error.get().map(|m| view! { <p class="state error" role="alert">{m}</p> })}
            <div class="field"><label for="cert-from">{move || v().from}</label><input id="cert-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) /></div>
            <div class="field"><label for="cert-to">{move || v().to}</label><input id="cert-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) /></div>
            <button type="submit" class="button primary wide" disabled=move || issue.pending().get()>{move || v().cert_make}</button>
        </form>
    }
}
