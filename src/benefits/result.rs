//! The result page: each programme with its eligibility, amount and reasons, every figure
//! with its source and date in force, the choices to make and the monthly total.

use super::keep::KeepOffer;
use super::next::{LocalHelp, NextSteps, PrintSummary};
use super::text::{self, bm};
use super::{step_href, today, use_b, use_wizard};
use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::benefits::wizard::Step;
use portal_api::benefits::{
    ApplyOffice, Assessment, Choice, Cited, Eligibility, Fen, Household, Programme,
    ProgrammeResult, assess,
};
use portal_api::ids::Date;

/// `/benefits/result`
#[component]
pub fn ResultPage() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    use_title(|m| m.benefits);
    let region = answers.with_untracked(|a| a.region.clone());
    let policy = LocalResource::new(move || {
        let region = region.clone();
        async move {
            match region {
                None => Ok(None),
                Some(r) => api::policy_version_for(&r).await,
            }
        }
    });
    view! {
        <div class="page results">
            <h1>{move || b().results_title}</h1>
            <p class="hint">{move || b().estimate_note}</p>
            <Transition fallback=|| view! { <crate::ui::Loading /> }>
                {move || {
                    policy
                        .get()
                        .map(|res| match res {
                            Err(e) => view! { <crate::ui::ErrorNotice error=e on_retry=move |()| policy.refetch() /> }.into_any(),
                            Ok(None) => view! {
                                <div class="state error" role="alert">
                                    <p>{move || b().err_no_policy}</p>
                                    <A href="/benefits/region" attr:class="button secondary">{move || b().go_fix}</A>
                                </div>
                            }
                                .into_any(),
                            Ok(Some((version, policy))) => {
                                let h = answers.get_untracked().household;
                                match assess(&h, &policy, today()) {
                                    Ok(a) => {
                                        super::keep::record_seen(answers, version.clone(), &a);
                                        view! {
                                            <Results
                                                assessment=a
                                                household=h
                                                policy_name=(policy.name_zh.clone(), policy.name_en.clone())
                                                version=version
                                                offices=policy.offices.clone()
                                                region=policy.region.clone()
                                            />
                                        }
                                            .into_any()
                                    }
                                    Err(e) => {
                                        let fix = fix_step(&e);
                                        view! {
                                            <div class="state error" role="alert">
                                                <p>{move || b().err_assess}</p>
                                                <p>{move || text::assess_error(lang.get(), &e, &h)}</p>
                                                <A href=step_href(fix) attr:class="button secondary">{move || b().go_fix}</A>
                                            </div>
                                        }
                                            .into_any()
                                    }
                                }
                            }
                        })
                }}
            </Transition>
        </div>
    }
}

/// The page where an engine error can be corrected.
fn fix_step(e: &portal_api::benefits::AssessError) -> Step {
    use portal_api::benefits::Field;
    match e.field() {
        Some((Field::Members, _)) => Step::Members,
        Some((Field::Savings | Field::Vehicles, _)) => Step::Assets,
        Some((Field::MedicalMonthly | Field::EducationMonthly | Field::MedicalYearly, _)) => {
            Step::Costs
        }
        Some((
            Field::Wages | Field::Pension | Field::OldAgeAllowance | Field::OtherIncome,
            Some(i),
        )) => Step::Income(i),
        Some((_, Some(i))) => Step::Person(i),
        _ => Step::Region,
    }
}

#[component]
fn Results(
    assessment: Assessment,
    household: Household,
    policy_name: (String, String),
    version: String,
    offices: Vec<ApplyOffice>,
    region: String,
) -> impl IntoView {
    let b = use_b();
    let full = assessment.clone();
    let summary_name = policy_name.clone();
    let lang = use_prefs().lang;
    let date = assessment.date;
    let total = assessment.total_monthly;
    let has_total = total > Fen::ZERO;
    let choices = assessment.choices.clone();
    let mut results = assessment.results.clone();
    results.sort_by_key(|r| std::cmp::Reverse(r.eligibility));
    let (shown, rest): (Vec<_>, Vec<_>) = results
        .into_iter()
        .partition(|r| matches!(r.eligibility, Eligibility::Likely | Eligibility::Maybe));
    let (others, unassessed): (Vec<_>, Vec<_>) =
        rest.into_iter().partition(|r| r.eligibility == Eligibility::Unlikely);
    let any = !shown.is_empty();
    let others_count = others.len();
    let has_unassessed = !unassessed.is_empty();
    let card = move |r: ProgrammeResult, h: &Household| {
        view! { <ResultCard result=r household=h.clone() date=date /> }
    };
    let (h1, h2, h3, h4) = (household.clone(), household.clone(), household.clone(), household);
    view! {
        <p class="results-for">
            {move || {
                let name = if lang.get() == Lang::Zh { policy_name.0.clone() } else { policy_name.1.clone() };
                b().results_for.replace("{region}", &name).replace("{date}", &date.to_string())
            }}
        </p>
        <Show when=move || has_total>
            <div class="total" data-total=total.0.to_string()>
                <p class="total-label">{move || b().total_title}</p>
                <p class="amount total-amount">{move || format!("{} {}", text::yuan(total), b().a_month)}</p>
                <p class="hint">{move || b().total_note}</p>
            </div>
        </Show>
        <h2>{move || if any { b().likely_title } else { b().others_title }}</h2>
        <Show when=move || !any>
            <p class="state notice">{move || b().none_likely}</p>
        </Show>
        <div class="result-list">{shown.into_iter().map(|r| card(r, &h1)).collect_view()}</div>
        <Choices choices=choices household=h4 />
        <Show when=move || has_unassessed>
            <h2>{move || b().not_assessed_title}</h2>
        </Show>
        <div class="result-list">{unassessed.into_iter().map(|r| card(r, &h3)).collect_view()}</div>
        <details class="others">
            <summary>{move || format!("{} ({others_count})", b().others_title)}</summary>
            <div class="result-list">{others.into_iter().map(|r| card(r, &h2)).collect_view()}</div>
        </details>
        <NextSteps assessment=full.clone() offices=offices.clone() />
        <div class="actions no-print">
            <A href="/benefits/check" attr:class="button secondary">{move || b().edit_answers}</A>
        </div>
        <KeepOffer version=version assessment=full.clone() />
        <LocalHelp region=region nothing=!any />
        <PrintSummary assessment=full offices=offices region_name=summary_name />
        <section class="onward no-print" aria-labelledby="onward-title">
            <h2 id="onward-title">{move || b().next_title}</h2>
            <ul class="link-list">
                <li><A href="/booking">{move || b().link_booking}</A></li>
                <li><A href="/charities">{move || b().link_charities}</A></li>
                <li><A href="/volunteering">{move || b().link_volunteering}</A></li>
            </ul>
        </section>
    }
}

/// The choose-one programmes, each option with what it pays; the better one is marked.
#[component]
fn Choices(choices: Vec<Choice>, household: Household) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let empty = choices.is_empty();
    view! {
        <Show when=move || !empty>
            <section class="choices" aria-labelledby="choices-title">
                <h2 id="choices-title">{move || b().choices_title}</h2>
                {
                    let household = household.clone();
                    let choices = choices.clone();
                    move || {
                        let l = lang.get();
                        choices
                            .iter()
                            .map(|c| {
                                let options = c
                                    .options
                                    .iter()
                                    .enumerate()
                                    .map(|(k, o)| {
                                        let names: Vec<&str> =
                                            o.programmes.iter().map(|p| text::programme_name(l, *p)).collect();
                                        let better = k == c.better;
                                        view! {
                                            <li class:better=better>
                                                {format!("{}{} {} {}", names.join(" + "), bm(l).colon, text::yuan(o.monthly), bm(l).a_month)}
                                                {better.then(|| bm(l).aside.replace("{}", bm(l).choice_better))}
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <div class="choice-group">
                                        <p>{text::choice_intro(l, c, &household)}</p>
                                        <ul>{options}</ul>
                                    </div>
                                }
                            })
                            .collect_view()
                    }
                }
            </section>
        </Show>
    }
}

#[component]
fn ResultCard(result: ProgrammeResult, household: Household, date: Date) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let p: Programme = result.programme;
    let e = result.eligibility;
    let class = match e {
        Eligibility::Likely => "result-card likely",
        Eligibility::Maybe => "result-card maybe",
        Eligibility::Unlikely => "result-card unlikely",
        Eligibility::NotAssessed => "result-card not-assessed",
    };
    let id = format!("prog-{}", p.key());
    let labelled_by = id.clone();
    let amount = result.amount;
    let example = result.example_figures();
    let reasons = result.reasons.clone();
    let figures = result.figures.clone();
    let has_figures = !figures.is_empty();
    view! {
        <article class=class aria-labelledby=labelled_by data-programme=p.key()>
            <h3 id=id>{move || text::programme_name(lang.get(), p)}</h3>
            <p class="eligibility">{move || text::eligibility_label(lang.get(), e)}</p>
            {amount.map(|a| view! { <p class="amount">{move || text::amount_text(lang.get(), &a)}</p> })}
            <Show when=move || example>
                <p class="example-note">{move || b().example_figures}</p>
            </Show>
            <h4>{move || b().why}</h4>
            <ul class="reasons">
                {move || {
                    let l = lang.get();
                    reasons.iter().map(|r| view! { <li>{text::reason(l, r, &household)}</li> }).collect_view()
                }}
            </ul>
            <Show when=move || has_figures>
                <h4>{move || b().figures_title}</h4>
                <ul class="figures">
                    {
                        let figures = figures.clone();
                        move || {
                            let l = lang.get();
                            figures.iter().map(|f| view! { <Figure figure=f.clone() lang=l today=date /> }).collect_view()
                        }
                    }
                </ul>
            </Show>
            <Show when=move || matches!(e, Eligibility::Likely | Eligibility::Maybe)>
                <h4>{move || b().bring}</h4>
                <p>{move || text::bring(lang.get(), p)}</p>
                <h4>{move || b().where_apply}</h4>
                <p>{move || text::where_apply(lang.get(), p)}</p>
            </Show>
        </article>
    }
}

/// One figure: what it is, its value, "in force from", its source; stale or example marked.
#[component]
fn Figure(figure: Cited, lang: Lang, today: Date) -> impl IntoView {
    let m = bm(lang);
    let stale = figure.may_be_stale(today);
    view! {
        <li class="figure" data-param=format!("{:?}", figure.param)>
            <span class="figure-name">{text::param_label(lang, figure.param)}</span>
            " "
            <strong class="figure-value">{text::figure_value(lang, &figure)}</strong>
            {figure.example.then(|| view! { " " <span class="example-marker">{format!("（{}）", m.example_marker)}</span> })}
            " · "
            <span class="figure-from">{m.in_force_from.replace("{date}", &figure.from.to_string())}</span>
            <br />
            <small class="figure-source">{figure.source.clone()}</small>
            {stale.then(|| view! { <small class="stale-note">{m.stale_note}</small> })}
        </li>
    }
}
