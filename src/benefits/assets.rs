//! The household's savings and property, then its unavoidable large costs.

use super::frame::{
    AmountField, CheckField, Errors, QuestionPage, amount_text, error_for, parse_all,
};
use super::{next_of, use_b, use_wizard};
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use portal_api::benefits::wizard::Step;
use portal_api::benefits::{MAX_MONTHLY, MAX_SAVINGS, MAX_YEARLY};

#[component]
pub(super) fn AssetsStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let h = answers.with_untracked(|a| a.household.clone());
    let savings = RwSignal::new(amount_text(h.savings));
    let car = RwSignal::new(h.vehicles > 0);
    let housing = RwSignal::new(h.extra_housing);
    let submit = move |()| {
        let [s] = parse_all(lang.get_untracked(), [("savings", savings, MAX_SAVINGS)], errors)?;
        answers.update(|a| {
            a.household.savings = s;
            a.household.vehicles = u32::from(car.get_untracked());
            a.household.extra_housing = housing.get_untracked();
        });
        next_of(answers, Step::Assets)
    };
    let yuan = Signal::derive(move || if lang.get() == Lang::Zh { "元" } else { "yuan" });
    view! {
        <QuestionPage step=Step::Assets title=Signal::derive(move || b().q_assets.to_owned()) errors=errors on_submit=submit>
            <AmountField
                id="savings"
                label=Signal::derive(move || b().savings)
                unit=yuan
                hint=Signal::derive(move || b().savings_hint)
                value=savings
                error=error_for(errors, "savings")
            />
            <CheckField id="car" label=Signal::derive(move || b().owns_car) value=car />
            <p class="hint indent">{move || b().owns_car_hint}</p>
            <CheckField id="housing" label=Signal::derive(move || b().extra_housing) value=housing />
        </QuestionPage>
    }
}

#[component]
pub(super) fn CostsStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let h = answers.with_untracked(|a| a.household.clone());
    let medical = RwSignal::new(amount_text(h.medical_monthly));
    let education = RwSignal::new(amount_text(h.education_monthly));
    let yearly = RwSignal::new(amount_text(h.medical_yearly));
    let submit = move |()| {
        let fields = [
            ("medical", medical, MAX_MONTHLY),
            ("education", education, MAX_MONTHLY),
            ("medical_yearly", yearly, MAX_YEARLY),
        ];
        let [m, e, y] = parse_all(lang.get_untracked(), fields, errors)?;
        answers.update(|a| {
            (a.household.medical_monthly, a.household.education_monthly) = (m, e);
            a.household.medical_yearly = y;
        });
        next_of(answers, Step::Costs)
    };
    let unit = Signal::derive(move || b().per_month);
    view! {
        <QuestionPage step=Step::Costs title=Signal::derive(move || b().q_costs.to_owned()) errors=errors on_submit=submit>
            <p class="hint">{move || b().costs_hint}</p>
            <AmountField id="medical" label=Signal::derive(move || b().medical) unit=unit value=medical error=error_for(errors, "medical") />
            <AmountField id="education" label=Signal::derive(move || b().education) unit=unit value=education error=error_for(errors, "education") />
            <AmountField
                id="medical_yearly"
                label=Signal::derive(move || super::words::nm(lang.get()).medical_yearly)
                unit=Signal::derive(move || super::words::nm(lang.get()).per_year)
                hint=Signal::derive(move || super::words::nm(lang.get()).medical_yearly_hint)
                value=yearly
                error=error_for(errors, "medical_yearly")
            />
        </QuestionPage>
    }
}
