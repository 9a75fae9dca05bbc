//! The volunteer's own pages: registration (districts, the language of texts), and my sign-ups
//! with check-in and check-out by code, or hours reported afterwards. My hours are in `hours`.

use super::{client, error_text, shift_when, text, use_v, words::wm};
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::ErrorCode;
use portal_api::volunteering::{
    Guardian, SelfReportRequest, SignupStatus, SignupView, SmsLang, VolunteerRequest,
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
    let districts = RwSignal::new(Vec::<String>::new());
    let districts_e = RwSignal::new(None::<String>);
    let regions = LocalResource::new(crate::api::regions);
    // Texts come in the language the resident uses the app in, unless they choose otherwise.
    let sms_lang = RwSignal::new(
        if lang.get_untracked() == Lang::En { SmsLang::En } else { SmsLang::Zh }
            .as_str()
            .to_owned(),
    );
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let save = Action::new_local(move |req: &VolunteerRequest| {
        let req = req.clone();
        async move { client::register(&req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = save.value().get() {
            let l = lang.get_untracked();
            for e in [
                skills_e,
                languages_e,
                availability_e,
                ec_name_e,
                ec_phone_e,
                g_name_e,
                g_phone_e,
                districts_e,
            ] {
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
                            "districts" => districts_e.set(msg),
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
            districts: districts.get(),
            availability: availability.get(),
            emergency_name: ec_name.get(),
            emergency_phone: ec_phone.get(),
            pledge: pledge.get(),
            guardian,
            sms_lang: SmsLang::parse(&sms_lang.get()).unwrap_or_default(),
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
                <fieldset class="field districts">
                    <legend>{move || wm(lang.get()).districts_field}</legend>
                    {move || regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                        let code = r.code.clone();
                        let code2 = r.code.clone();
                        let name = move || if lang.get() == Lang::Zh { r.name_zh.clone() } else { r.name_en.clone() };
                        view! {
                            <label class="check">
                                <input type="checkbox" value=code.clone()
                                    prop:checked=move || districts.with(|d| d.contains(&code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        districts.update(|d| {
                                            d.retain(|x| *x != code2);
                                            if on { d.push(code2.clone()); }
                                        });
                                    } />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                    {move || districts_e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
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
                <div class="field">
                    <label for="sms-lang">{move || wm(lang.get()).sms_lang_field}</label>
                    <select id="sms-lang" on:change=move |ev| sms_lang.set(event_target_value(&ev)) prop:value=move || sms_lang.get()>
                        <option value="zh" selected=sms_lang.get_untracked() == "zh">"中文"</option>
                        <option value="en" selected=sms_lang.get_untracked() == "en">"English"</option>
                    </select>
                </div>
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
    // The server says when hours may be reported (check-out closed, no record yet).
    let may_report = signup.may_report;
    let live = signup.status == SignupStatus::SignedUp && signup.checked_out_at.is_none();
    let shift = signup.shift.clone();
    view! {
        <div class="card signup-card">
            <h3>{signup.activity_title.clone()}</h3>
            <p>{move || shift_when(lang.get(), &shift)}</p>
            <p class="signup-status"><strong>{status}</strong></p>
            {signup.checked_in_at.map(|t| view! { <p class="hint">{move || v().checked_in_at}" "{clock(t)}</p> })}
            {signup.checked_out_at.map(|t| view! { <p class="hint">{move || v().checked_out_at}" "{clock(t)}</p> })}
            {(live && !may_report).then(|| view! { <CodeForm shift=signup.shift.id checked_in=signup.checked_in_at.is_some() initial=String::new() on_done=on_change /> })}
            // Not refreshed on success: the card keeps the form's confirmation in view.
            {may_report.then(|| view! { <ReportForm signup=signup.id /> })}
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

/// Reporting hours for a shift without check-in or check-out (pending until approved).
#[component]
fn ReportForm(signup: i64) -> impl IntoView {
    let lang = use_prefs().lang;
    let w = move || wm(lang.get());
    let hrs = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let hrs_e = RwSignal::new(None::<String>);
    let note_e = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let send = Action::new_local(move |req: &SelfReportRequest| {
        let req = req.clone();
        async move { client::report(signup, &req).await }
    });
    Effect::new(move |_| {
        if let Some(res) = send.value().get() {
            let l = lang.get_untracked();
            hrs_e.set(None);
            note_e.set(None);
            error.set(None);
            match res {
                Ok(_) => sent.set(true),
                Err(e) => {
                    let mut placed = false;
                    for f in e.fields() {
                        let msg = Some(text::field_error(l, f.code).to_owned());
                        match f.field.as_str() {
                            "half_hours" => hrs_e.set(msg),
                            "note" => note_e.set(msg),
                            _ => continue,
                        }
                        placed = true;
                    }
                    if !placed {
                        error.set(Some(error_text(l, &e)));
                    }
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match hrs.get().trim().parse::<f64>().ok().filter(|h| *h > 0.0) {
            None => hrs_e.set(Some(
                text::field_error(lang.get_untracked(), portal_api::FieldCode::Invalid).to_owned(),
            )),
            Some(h) => {
                hrs_e.set(None);
                let half_hours = (h * 2.0).floor() as u32;
                send.dispatch(SelfReportRequest { half_hours, note: note.get() });
            }
        }
    };
    view! {
        <details class="adjust report-form">
            <summary>{move || w().report_hours}</summary>
            <p class="hint">{move || w().report_intro}</p>
            {move || error.get().map(|m| view! { <p class="state error" role="alert">{m}</p> })}
            <Show when=move || !sent.get() fallback=move || view! { <p class="state success" role="status">"✓ "{move || w().report_sent}</p> }>
                <form class="inline-form" on:submit=submit novalidate>
                    // Labels wrap their inputs: one form per card, so no ids to keep unique.
                    <label class="field stacked">{move || w().report_hours_field}<input class="report-hours" inputmode="decimal" prop:value=move || hrs.get() on:input=move |ev| hrs.set(event_target_value(&ev)) /></label>
                    {move || hrs_e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <label class="field stacked">{move || w().report_note}<input class="report-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) /></label>
                    {move || note_e.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <button type="submit" class="button primary" disabled=move || send.pending().get()>{move || w().report_send}</button>
                </form>
            </Show>
        </details>
    }
}
