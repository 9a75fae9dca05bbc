//! Check your answers: every answer with a link to the page that asks it.

use super::frame::{Errors, QuestionPage};
use super::text::{self, bm};
use super::{step_href, use_b, use_wizard};
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
    let rows = move || {
        let l = lang.get();
        let m = bm(l);
        answers.with(|a| {
            let h = &a.household;
            let yn = |v: bool| if v { m.yes } else { m.no };
            let mut rows: Vec<(String, String, Step)> = vec![
                (m.region_label.into(), a.region.clone().unwrap_or_default(), Step::Region),
                (
                    m.hukou_label.into(),
                    (if h.hukou == Hukou::Rural { m.rural } else { m.urban }).into(),
                    Step::Region,
                ),
                (m.q_members.into(), format!("{} {}", h.members.len(), m.people), Step::Members),
            ];
            for (i, p) in h.members.iter().enumerate() {
                let mut d = format!("{} · {}", m.age, p.age);
                if let Some(dis) = p.disability {
                    d.push_str(&format!(
                        " · {} {}",
                        text::kind_label(l, dis.kind),
                        m.grade_n.replace("{n}", &dis.grade.to_string())
                    ));
                }
                if p.self_care != portal_api::benefits::SelfCare::Full {
                    d.push_str(&format!(" · {}", text::self_care_label(l, p.self_care)));
                }
                rows.push((text::person(l, h, i), d, Step::Person(i)));
                let income: Fen = p.wages + p.pension + p.old_age_allowance + p.other_income;
                rows.push((
                    format!("{} · {}", text::person(l, h, i), m.per_month),
                    if p.pension > Fen::ZERO {
                        format!(
                            "{} ({})",
                            text::yuan(income),
                            text::pension_kind_label(l, p.pension_kind)
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
