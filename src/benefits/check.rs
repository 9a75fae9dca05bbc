//! Check your answers: every answer with a link to the page that asks it.

use super::frame::{Errors, QuestionPage};
use super::text::{self, bm};
use super::{step_href, use_b, use_wizard};
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_api::benefits::wizard::{self, Step};
use portal_api::benefits::{Emergency, Fen, Hukou};

#[component]
pub(super) fn CheckStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let navigate = use_navigate();
    let submit = move |()| {
        navigate("/benefits/result", Default::default());
        None
    };
    // The region by its name, as the first page showed it, not its code.
    let index = LocalResource::new(crate::api::policies);
    let rows = move || {
        let l = lang.get();
        let m = bm(l);
        let places = index.get().and_then(Result::ok).unwrap_or_default();
        answers.with(|a| {
            let h = &a.household;
            let yn = |v: bool| if v { m.yes } else { m.no };
            let region = a.region.clone().unwrap_or_default();
            let place = places
                .iter()
                .find(|p| p.region == region)
                .map(|p| if l == Lang::Zh { p.name_zh.clone() } else { p.name_en.clone() })
                .unwrap_or(region);
            let mut rows: Vec<(String, String, Step)> = vec![
                (m.region_label.into(), place, Step::Region),
                (
                    m.hukou_label.into(),
                    (if h.hukou == Hukou::Rural { m.rural } else { m.urban }).into(),
                    Step::Region,
                ),
                (
                    m.part_household.into(),
                    format!("{} {}", h.members.len(), m.people),
                    Step::Members,
                ),
            ];
            for (i, p) in h.members.iter().enumerate() {
                // Every answer about a person that the result depends on, each on its own
                // labelled row: "You · Age", "Person 2 (spouse) · Disability certificate".
                let who = capitalised(&text::person(l, h, i));
                let label = |what: &str| format!("{who} · {what}");
                let step = Step::Person(i);
                rows.push((label(m.age), p.age.to_string(), step));
                let disability = match p.disability {
                    Some(d) => format!(
                        "{} · {} {}",
                        m.yes,
                        text::kind_label(l, d.kind),
                        m.grade_n.replace("{n}", &d.grade.to_string())
                    ),
                    None => m.no_disability.into(),
                };
                rows.push((label(m.has_disability), disability, step));
                if p.grave_illness {
                    rows.push((label(m.grave_label), m.yes.into(), step));
                }
                if p.disability.is_some() || p.grave_illness || p.age >= 60 {
                    rows.push((
                        label(m.self_care),
                        text::self_care_label(l, p.self_care).into(),
                        step,
                    ));
                }
                if p.student {
                    rows.push((label(m.student_label), m.yes.into(), step));
                }
                if p.age < 18 {
                    let c = match p.child_status {
                        portal_api::benefits::ChildStatus::None => m.child_none,
                        portal_api::benefits::ChildStatus::Orphan => m.child_orphan,
                        portal_api::benefits::ChildStatus::DeFacto => m.child_defacto,
                    };
                    rows.push((label(m.child_label), c.into(), step));
                }
                let work = if p.no_work_capacity() { m.work_none } else { m.work_some };
                rows.push((label(m.work_label), work.into(), step));
                let income: Fen = p.wages + p.pension + p.old_age_allowance + p.other_income;
                rows.push((
                    label(m.income_label),
                    if p.pension > Fen::ZERO {
                        format!(
                            "{} ({}: {})",
                            text::yuan(income),
                            text::pension_kind_label(l, p.pension_kind),
                            text::yuan(p.pension)
                        )
                    } else {
                        text::yuan(income)
                    },
                    Step::Income(i),
                ));
            }
            rows.push((m.savings.into(), text::yuan(h.savings), Step::Assets));
            rows.push((m.owns_car.into(), yn(h.vehicles > 0).into(), Step::Assets));
            rows.push((m.extra_housing.into(), yn(h.extra_housing).into(), Step::Assets));
            rows.push((m.medical.into(), text::yuan(h.medical_monthly), Step::Costs));
            rows.push((m.education.into(), text::yuan(h.education_monthly), Step::Costs));
            rows.push((
                super::words::nm(l).medical_yearly.into(),
                text::yuan(h.medical_yearly),
                Step::Costs,
            ));
            let e = match h.emergency {
                Emergency::None => m.emergency_none,
                Emergency::Accident => m.emergency_accident,
                Emergency::Fire => m.emergency_fire,
                Emergency::Illness => m.emergency_illness,
            };
            rows.push((m.q_emergency.into(), e.into(), Step::Emergency));
            if wizard::steps(h).contains(&Step::Supporter) {
                rows.push((
                    m.q_supporter.into(),
                    yn(h.outside_supporter_able).into(),
                    Step::Supporter,
                ));
            }
            rows
        })
    };
    view! {
        <QuestionPage step=Step::Check title=Signal::derive(move || b().q_check.to_owned()) errors=errors on_submit=submit>
            <dl class="summary">
                {move || {
                    rows()
                        .into_iter()
                        .map(|(k, v, step)| {
                            view! {
                                <div class="summary-row">
                                    <dt>{k.clone()}</dt>
                                    <dd>{v}</dd>
                                    <dd class="summary-action">
                                        <A href=step_href(step) attr:aria-label=format!("{} {}", b().change, k)>
                                            {move || b().change}
                                        </A>
                                    </dd>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </dl>
        </QuestionPage>
    }
}

/// "you" → "You" for a row label in English (Chinese has no case).
fn capitalised(s: &str) -> String {
    super::labels::capital(s)
}
