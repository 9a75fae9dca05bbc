//! My hours: every record with its status (totals count verified hours only), corrections,
//! certificates (all organisations, or one: 谁记录谁证明), and the points history.

use super::{client, error_text, text, use_v, words::wm};
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_api::volunteering::{CertificateRequest, CorrectionRequest, RecordView};

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
                        <A href="/volunteering/points" attr:class="button secondary wide">{move || wm(lang.get()).points_title}</A>
                        {if h.records.is_empty() {
                            view! { <p class="state empty">{move || v().no_records}</p> }.into_any()
                        } else {
                            view! { <ul class="record-list">{h.records.into_iter().map(|r| view! { <li><RecordCard record=r on_change=move || hours.refetch() /></li> }).collect_view()}</ul> }.into_any()
                        }}
                    }.into_any(),
                })}
            </Transition>
            <CertificateForm orgs=Signal::derive(move || orgs_of(hours.get())) />
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
            {record.self_reported.then(|| view! { <p class="self-reported"><strong>{move || wm(lang.get()).self_reported}</strong></p> })}
            {reason_text.map(|r| view! { <p class="hint">{move || v().reason}{move || lang.get().colon()}{r.clone()}</p> })}
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
/// The organisations whose records the volunteer has that count (code, name), once each.
fn orgs_of(
    hours: Option<Result<portal_api::volunteering::MyHours, crate::api::ApiError>>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in hours.and_then(Result::ok).map(|h| h.records).unwrap_or_default() {
        if r.status.counts() && !out.iter().any(|(c, _)| *c == r.org_code) {
            out.push((r.org_code, r.org_name));
        }
    }
    out
}

#[component]
fn CertificateForm(orgs: Signal<Vec<(String, String)>>) -> impl IntoView {
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
    let org = RwSignal::new(String::new());
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
        let org = Some(org.get()).filter(|o| !o.is_empty());
        issue.dispatch(CertificateRequest { from: f, to: t, org });
    };
    view! {
        <form class="card cert-form" on:submit=submit>
            <h2>{move || v().cert_request}</h2>
            {move || error.get().map(|m| view! { <p class="state error" role="alert">{m}</p> })}
            <div class="field"><label for="cert-from">{move || v().from}</label><input id="cert-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) /></div>
            <div class="field"><label for="cert-to">{move || v().to}</label><input id="cert-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) /></div>
            <div class="field">
                <label for="cert-org">{move || v().issuer}</label>
                <select id="cert-org" on:change=move |ev| org.set(event_target_value(&ev)) prop:value=move || org.get()>
                    <option value="">{move || wm(lang.get()).cert_all_orgs}</option>
                    {move || orgs.get().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button primary wide" disabled=move || issue.pending().get()>{move || v().cert_make}</button>
        </form>
    }
}

/// `/volunteering/points`: each verified record's points (the activity's rate), and the total.
#[component]
pub fn PointsPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let w = move || wm(lang.get());
    use_title(|m| m.volunteering);
    let hours = LocalResource::new(client::hours);
    view! {
        <div class="page">
            <A href="/volunteering/hours" attr:class="back-link">"‹ " {move || v().hours_title}</A>
            <h1>{move || w().points_title}</h1>
            <p class="hint">{move || w().points_intro}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || hours.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| hours.refetch() /> }.into_any(),
                    Ok(h) => {
                        let counted: Vec<RecordView> = h.records.into_iter().filter(|r| r.status.counts()).collect();
                        if counted.is_empty() {
                            return view! { <p class="state empty">{move || w().no_points}</p> }.into_any();
                        }
                        let total = h.points;
                        view! {
                            <p class="total points-total"><span class="total-label">{move || w().points_total}</span>" "{total}</p>
                            <table class="points-table">
                                <thead><tr>
                                    <th scope="col">{move || v().activity}</th>
                                    <th scope="col">{move || w().rate_col}</th>
                                    <th scope="col">{move || w().points_col}</th>
                                </tr></thead>
                                <tbody>
                                    {counted.into_iter().map(|r| {
                                        let h = r.half_hours;
                                        view! { <tr>
                                            // The day above the activity, not a column of its own: four
                                            // columns ran past a phone's width in large text.
                                            <td><span class="points-day">{r.day.to_string()}</span>{r.activity_title.clone()}<span class="hint cert-org">{r.org_name.clone()}</span></td>
                                            <td>{move || text::hours(lang.get(), h)}</td>
                                            <td class="points">{r.points}</td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                                <tfoot><tr><th scope="row" colspan="2">{move || w().points_total}</th><td class="points">{total}</td></tr></tfoot>
                            </table>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}
