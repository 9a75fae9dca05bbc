//! One person's monthly income by source, and which pension it is when there is one.

use super::frame::{AmountField, Errors, QuestionPage, Radios, amount_text, error_for, parse_all};
use super::text;
use super::{next_of, use_b, use_wizard};
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use portal_api::benefits::wizard::Step;
use portal_api::benefits::{Fen, MAX_MONTHLY, PensionKind};

#[component]
pub(super) fn IncomeStep(i: usize) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let m = answers.with_untracked(|a| a.household.members[i].clone());
    let wages = RwSignal::new(amount_text(m.wages));
    let pension = RwSignal::new(amount_text(m.pension));
    let allowance = RwSignal::new(amount_text(m.old_age_allowance));
    let other = RwSignal::new(amount_text(m.other_income));
    let kind = RwSignal::new(pension_key(m.pension_kind).to_owned());
    // Asked only while a pension is typed: it decides whether 特困 counts it as income.
    let has_pension = move || Fen::parse_yuan(&pension.get()).is_ok_and(|p| p > Fen::ZERO);
    let title = Signal::derive(move || {
        let who = answers.with(|a| text::person(lang.get(), &a.household, i));
        b().q_income.replace("{who}", &who)
    });
    let submit = move |()| {
        let fields = [
            ("wages", wages, MAX_MONTHLY),
            ("pension", pension, MAX_MONTHLY),
            ("allowance", allowance, MAX_MONTHLY),
            ("other", other, MAX_MONTHLY),
        ];
        let [w, p, oa, o] = parse_all(lang.get_untracked(), fields, errors)?;
        answers.update(|a| {
            let m = &mut a.household.members[i];
            (m.wages, m.pension, m.old_age_allowance, m.other_income) = (w, p, oa, o);
            m.pension_kind = [PensionKind::Retirement, PensionKind::ResidentsBasic]
                .into_iter()
                .find(|k| pension_key(*k) == kind.get_untracked())
                .unwrap_or_default();
        });
        next_of(answers, Step::Income(i))
    };
    let unit = Signal::derive(move || b().per_month);
    view! {
        <QuestionPage step=Step::Income(i) title=title errors=errors on_submit=submit>
            <p class="hint">{move || b().income_hint}</p>
            <AmountField id="wages" label=Signal::derive(move || b().wages) unit=unit value=wages error=error_for(errors, "wages") />
            <AmountField id="pension" label=Signal::derive(move || b().pension) unit=unit value=pension error=error_for(errors, "pension") />
            <Show when=has_pension>
                <Radios
                    name="pension_kind"
                    legend=Signal::derive(move || b().pension_kind.to_owned())
                    options=Signal::derive(move || {
                        [PensionKind::Retirement, PensionKind::ResidentsBasic]
                            .into_iter()
                            .map(|k| (pension_key(k), text::pension_kind_label(lang.get(), k).to_owned()))
                            .collect::<Vec<_>>()
                    })
                    value=kind
                />
                <p class="hint indent">{move || b().pension_kind_hint}</p>
            </Show>
            <Show when=move || { answers.with(|a| a.household.members.get(i).is_some_and(|m| m.age >= 60)) }>
                <AmountField id="allowance" label=Signal::derive(move || b().old_age_allowance) unit=unit value=allowance error=error_for(errors, "allowance") />
            </Show>
            <AmountField id="other" label=Signal::derive(move || b().other_income) unit=unit value=other error=error_for(errors, "other") />
        </QuestionPage>
    }
}

fn pension_key(k: PensionKind) -> &'static str {
    match k {
        PensionKind::Retirement => "retirement",
        PensionKind::ResidentsBasic => "residents_basic",
    }
}
