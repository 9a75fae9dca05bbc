//! Next steps from a result: where to apply (the district's 社区事务受理服务中心, from the
//! policy data; invented ones marked demo) and what to bring for each programme the household
//! may get, a one-page summary to print or save, and the district's charity shops and
//! charities (from the public charity API; the district code is the region code).

use super::labels::{amount_text, bring, eligibility_label, programme_name, yuan};
use super::text::bm;
use super::words::nm;
use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::benefits::{ApplyOffice, Assessment, Eligibility, Fen, ProgrammeResult};
use portal_api::charities::SearchQuery;
use portal_api::charities::search::encode;

fn open(r: &ProgrammeResult) -> bool {
    matches!(r.eligibility, Eligibility::Likely | Eligibility::Maybe)
}

fn office_view(l: Lang, o: &ApplyOffice) -> impl IntoView + use<> {
    let m = nm(l);
    let z = l == Lang::Zh;
    let (name, address, hours) = if z {
        (o.name_zh.clone(), o.address_zh.clone(), o.hours_zh.clone())
    } else {
        (o.name_en.clone(), o.address_en.clone(), o.hours_en.clone())
    };
    let demo = o.demo;
    view! {
        <div class="office" data-demo=demo.to_string()>
            <p class="office-name"><strong>{name}</strong></p>
            <dl class="office-facts">
                <dt>{m.address}</dt><dd>{address}</dd>
                <dt>{m.hours}</dt><dd>{hours}</dd>
                <dt>{m.phone}</dt><dd>{o.phone.clone()}</dd>
            </dl>
            {demo.then(|| view! { <p class="example-note">{m.demo_office}</p> })}
        </div>
    }
}

/// Where to apply and what to bring, for the programmes the household may get.
#[component]
pub(super) fn NextSteps(assessment: Assessment, offices: Vec<ApplyOffice>) -> impl IntoView {
    let lang = use_prefs().lang;
    let open_results: Vec<ProgrammeResult> =
        assessment.results.iter().filter(|r| open(r)).cloned().collect();
    let any = !open_results.is_empty();
    view! {
        <Show when=move || any>
            <section class="next-steps no-print" aria-labelledby="apply-title">
                <h2 id="apply-title">{move || nm(lang.get()).apply_title}</h2>
                <p>{move || nm(lang.get()).apply_intro}</p>
                {
                    let offices = offices.clone();
                    move || {
                        let l = lang.get();
                        offices.iter().map(|o| office_view(l, o)).collect_view()
                    }
                }
                <h3>{move || nm(lang.get()).programmes_here}</h3>
                <ul class="apply-list">
                    {
                        let open_results = open_results.clone();
                        move || {
                            let l = lang.get();
                            open_results
                                .iter()
                                .map(|r| {
                                    view! {
                                        <li data-programme=r.programme.key()>
                                            <strong>{programme_name(l, r.programme)}</strong>
                                            <br />
                                            {format!(
                                                "{}{}{}",
                                                bm(l).bring,
                                                l.colon(),
                                                bring(l, r.programme)
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
                <button type="button" class="button primary wide print-button" on:click=move |_| {
                    let _ = window().print();
                }>
                    {move || nm(lang.get()).print_summary}
                </button>
            </section>
        </Show>
    }
}

/// The one-page summary the print button prints (hidden on screen).
#[component]
pub(super) fn PrintSummary(
    assessment: Assessment,
    offices: Vec<ApplyOffice>,
    region_name: (String, String),
) -> impl IntoView {
    let lang = use_prefs().lang;
    move || {
        let l = lang.get();
        let m = nm(l);
        let region = if l == Lang::Zh { region_name.0.clone() } else { region_name.1.clone() };
        let rows = assessment
            .results
            .iter()
            .filter(|r| open(r))
            .map(|r| {
                let amount = r.amount.map(|a| amount_text(l, &a)).unwrap_or_default();
                let example = r.example_figures().then(|| format!(" ({})", bm(l).example_marker));
                view! {
                    <tr>
                        <th scope="row">{programme_name(l, r.programme)}</th>
                        <td>{eligibility_label(l, r.eligibility)}</td>
                        <td>{amount}{example}</td>
                        <td>{bring(l, r.programme)}</td>
                    </tr>
                }
            })
            .collect_view();
        let total = assessment.total_monthly;
        // What the total counts, and each either/or (低保 or 特困 ...), as on the result page:
        // the rows alone add up to more than the total, which would puzzle the window clerk.
        let choices = (assessment.choices.iter())
            .map(|c| {
                let options: Vec<String> = (c.options.iter().enumerate())
                    .map(|(k, o)| {
                        let names: Vec<&str> =
                            o.programmes.iter().map(|p| programme_name(l, *p)).collect();
                        let better = if k == c.better {
                            bm(l).aside.replace("{}", bm(l).choice_better)
                        } else {
                            String::new()
                        };
                        format!(
                            "{}{}{} {}{better}",
                            names.join(" + "),
                            bm(l).colon,
                            yuan(o.monthly),
                            bm(l).a_month
                        )
                    })
                    .collect();
                view! { <li>{options.join(bm(l).list_sep)}</li> }
            })
            .collect_view();
        let has_choices = !assessment.choices.is_empty();
        view! {
            <section class="print-summary" aria-hidden="true">
                <h2>{m.summary_title}</h2>
                <p>{bm(l).results_for.replace("{region}", &region).replace("{date}", &assessment.date.to_string())}</p>
                <table>
                    <thead>
                        <tr>
                            <th>{m.col_programme}</th>
                            <th>{m.col_result}</th>
                            <th>{m.col_amount}</th>
                            <th>{bm(l).bring}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                {(total > Fen::ZERO).then(|| view! {
                    <p class="print-total"><strong>{format!("{} {}", bm(l).total_title, yuan(total))}</strong></p>
                    <p class="hint">{bm(l).total_note}</p>
                })}
                {has_choices.then(|| view! {
                    <p><strong>{bm(l).choices_title}</strong></p>
                    <ul class="print-choices">{choices}</ul>
                })}
                <h3>{m.apply_title}</h3>
                {offices.iter().map(|o| office_view(l, o)).collect_view()}
                <p class="hint">{m.summary_note}</p>
            </section>
        }
    }
}

/// The district's charity shops and active charities. Only the region code is sent, as a
/// query parameter of two public lists; nothing about the household.
#[component]
pub(super) fn LocalHelp(region: String, nothing: bool) -> impl IntoView {
    let lang = use_prefs().lang;
    let r1 = region.clone();
    let shops = LocalResource::new(move || {
        let r = r1.clone();
        async move { api::charity_shops(&r, false).await }
    });
    let r2 = region.clone();
    let orgs = LocalResource::new(move || {
        let q =
            SearchQuery { district: Some(r2.clone()), active: Some(true), ..Default::default() };
        async move { api::charities(&q).await }
    });
    let shops_href = format!("/charities/shops?district={}", encode(&region));
    let orgs_href = format!("/charities?district={}&active=true", encode(&region));
    view! {
        <section class="local-help no-print" aria-labelledby="help-title">
            <h2 id="help-title">{move || nm(lang.get()).help_title}</h2>
            <p>{move || if nothing { nm(lang.get()).help_none } else { nm(lang.get()).help_any }}</p>
            <h3>{move || nm(lang.get()).shops_title}</h3>
            <Transition fallback=|| view! { <crate::ui::Loading /> }>
                {move || {
                    shops.get().map(|res| match res {
                        Err(_) => view! { <p class="hint">{move || nm(lang.get()).nothing_listed}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="hint">{move || nm(lang.get()).nothing_listed}</p> }.into_any(),
                        Ok(list) => {
                            let l = lang.get();
                            view! {
                                <ul class="help-list shops">
                                    {list.into_iter().take(4).map(|s| {
                                        let hours = crate::charities::text::hours(l, &s.hours_give);
                                        view! {
                                            <li class="help-item">
                                                <strong>{s.name.clone()}</strong>
                                                {s.demo.then(|| view! { " " <span class="demo-tag">{nm(l).demo}</span> })}
                                                <br />{s.address.clone()}
                                                {(!hours.is_empty()).then(|| view! { <br />{hours} })}
                                                {(!s.eligibility.is_empty()).then(|| view! { <br /><small>{s.eligibility.clone()}</small> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                    })
                }}
            </Transition>
            <A href=shops_href attr:class="more-link">{move || nm(lang.get()).all_shops}</A>
            <h3>{move || nm(lang.get()).charities_title}</h3>
            <Transition fallback=|| view! { <crate::ui::Loading /> }>
                {move || {
                    orgs.get().map(|res| match res {
                        Err(_) => view! { <p class="hint">{move || nm(lang.get()).nothing_listed}</p> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="hint">{move || nm(lang.get()).nothing_listed}</p> }.into_any(),
                        Ok(page) => {
                            let l = lang.get();
                            view! {
                                <ul class="help-list charities">
                                    {page.items.into_iter().take(5).map(|c| {
                                        let href = format!("/charities/org/{}", encode(&c.credit_code));
                                        view! {
                                            <li class="help-item">
                                                <A href=href>{c.name.clone()}</A>
                                                {c.demo.then(|| view! { " " <span class="demo-tag">{nm(l).demo}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                    })
                }}
            </Transition>
            <A href=orgs_href attr:class="more-link">{move || nm(lang.get()).all_charities}</A>
        </section>
    }
}
