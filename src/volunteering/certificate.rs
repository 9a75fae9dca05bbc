//! The certificate (志愿服务记录证明) as its holder prints it on A4, and the public verify page
//! anyone shown a certificate can use without signing in.

use super::{client, error_text, text, use_v, words::wm};
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_api::ErrorCode;
use portal_api::volunteering::{format_certificate_code, parse_certificate_code};

/// `/volunteering/certificate/:code`: the holder's certificate, ready to print.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let certs = LocalResource::new(client::certificates);
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="page">
            <A href="/volunteering/hours" attr:class="back-link no-print">"‹ " {move || v().hours_title}</A>
            <Transition fallback=|| view! { <Loading /> }>
                {move || certs.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| certs.refetch() /> }.into_any(),
                    Ok(list) => match list.into_iter().find(|c| c.code == code()) {
                        None => view! { <h1>{move || v().cert_title}</h1><p class="state notice">{move || v().not_found}</p> }.into_any(),
                        Some(c) => {
                            let shown = format_certificate_code(&c.code);
                            let origin = window().location().origin().unwrap_or_default();
                            let verify_url = format!("{origin}/volunteering/verify");
                            view! {
                                <article class="certificate">
                                    <h1>{move || v().cert_title}</h1>
                                    <p>{move || v().cert_intro}</p>
                                    <dl class="cert-facts">
                                        <div><dt>{move || v().name}</dt><dd>{c.name.clone()}</dd></div>
                                        <div><dt>{move || v().id_number}</dt><dd>{c.masked_id.clone()}</dd></div>
                                        <div><dt>{move || v().number}</dt><dd>{c.volunteer_number.clone()}</dd></div>
                                        <div><dt>{move || v().cert_period}</dt><dd>{format!("{} – {}", c.from, c.to)}</dd></div>
                                    </dl>
                                    <table class="cert-lines">
                                        <thead><tr>
                                            <th scope="col">{move || v().date}</th>
                                            <th scope="col">{move || v().activity}</th>
                                            <th scope="col">{move || v().hours}</th>
                                        </tr></thead>
                                        <tbody>
                                            {c.lines.iter().map(|l| {
                                                let (h, cat) = (l.half_hours, l.category);
                                                view! { <tr>
                                                    <td>{l.day.to_string()}</td>
                                                    <td>{l.activity.clone()}<span class="hint cert-org">{l.org_name.clone()}" · "{move || text::category_name(lang.get(), cat)}</span></td>
                                                    <td>{move || text::hours(lang.get(), h)}</td>
                                                </tr> }
                                            }).collect_view()}
                                        </tbody>
                                        <tfoot><tr><th scope="row" colspan="2">{move || v().total}</th><td>{move || text::hours(lang.get(), c.total_half_hours)}</td></tr></tfoot>
                                    </table>
                                    <div class="cert-footer">
                                        <img class="qr" src=format!("/api/volunteering/certificates/{}/qr.svg", c.code) alt=move || format!("{} {}", v().verify_title, shown.clone()) width="120" height="120" />
                                        <dl class="cert-facts">
                                            <div><dt>{move || v().issuer}</dt><dd>{c.issuer.clone()}</dd></div>
                                            <div><dt>{move || v().cert_number}</dt><dd class="cert-code">{format_certificate_code(&c.code)}</dd></div>
                                            <div><dt>{move || v().issued_on}</dt><dd>{c.issued_on.to_string()}</dd></div>
                                        </dl>
                                    </div>
                                    <p class="hint">{move || v().verify_note.replace("{url}", &verify_url)}</p>
                                </article>
                                <button type="button" class="button primary wide no-print" on:click=print>{move || v().print}</button>
                                <a class="button secondary wide no-print cert-download" href=format!("/api/volunteering/me/certificates/{}/file", c.code) download>{move || wm(lang.get()).download}</a>
                                <p class="hint no-print">{move || wm(lang.get()).download_hint}</p>
                            }.into_any()
                        }
                    },
                })}
            </Transition>
        </div>
    }
}

/// `/volunteering/verify` and `/volunteering/verify/:code`: anyone checks a certificate.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let typed = RwSignal::new(String::new());
    let typed_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let result = LocalResource::new(move || {
        let c = code();
        async move { if c.is_empty() { None } else { Some(client::verify(&c).await) } }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_certificate_code(&typed.get()) {
            Some(c) => {
                typed_error.set(None);
                navigate(&format!("/volunteering/verify/{c}"), Default::default());
            }
            None => typed_error.set(Some(
                text::field_error(lang.get_untracked(), portal_api::FieldCode::Invalid).to_owned(),
            )),
        }
    };
    view! {
        <div class="page">
            <h1>{move || v().verify_title}</h1>
            <p class="lead">{move || v().verify_intro}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || result.get().flatten().map(|res| match res {
                    Err(e) if e.code() == Some(ErrorCode::NotFound) => view! { <div class="state error verify-result" role="alert"><p>{move || v().not_found}</p></div> }.into_any(),
                    Err(e) => view! { <div class="state error" role="alert"><p>{error_text(lang.get_untracked(), &e)}</p></div> }.into_any(),
                    Ok(c) => view! {
                        <div class=if c.valid { "state success verify-result" } else { "state error verify-result" } role="status">
                            <p><strong>{move || match (c.valid, c.revoked_on) {
                                (true, _) => v().valid.to_owned(),
                                (false, Some(d)) => wm(lang.get()).revoked_on.replace("{d}", &d.to_string()),
                                (false, None) => v().revoked.to_owned(),
                            }}</strong></p>
                        </div>
                        <dl class="summary">
                            <div class="summary-row"><dt>{move || v().cert_number}</dt><dd>{format_certificate_code(&c.code)}</dd></div>
                            <div class="summary-row"><dt>{move || v().name}</dt><dd>{c.masked_name.clone()}</dd></div>
                            <div class="summary-row"><dt>{move || v().id_number}</dt><dd>{c.masked_id.clone()}</dd></div>
                            <div class="summary-row"><dt>{move || v().number}</dt><dd>{c.volunteer_number.clone()}</dd></div>
                            <div class="summary-row"><dt>{move || v().cert_period}</dt><dd>{format!("{} – {}", c.from, c.to)}</dd></div>
                            <div class="summary-row"><dt>{move || v().activities_count}</dt><dd>{c.activities}</dd></div>
                            <div class="summary-row"><dt>{move || v().total}</dt><dd>{move || text::hours(lang.get(), c.total_half_hours)}</dd></div>
                            <div class="summary-row"><dt>{move || v().issuer}</dt><dd>{c.issuer.clone()}</dd></div>
                            <div class="summary-row"><dt>{move || v().issued_on}</dt><dd>{c.issued_on.to_string()}</dd></div>
                        </dl>
                    }.into_any(),
                })}
            </Transition>
            <form class="inline-form" on:submit=submit>
                <crate::ui::fields::TextField id="verify-code" label=Signal::derive(move || v().verify_code) value=typed error=typed_error autocomplete="off" />
                <button type="submit" class="button primary">{move || v().verify}</button>
            </form>
        </div>
    }
}
