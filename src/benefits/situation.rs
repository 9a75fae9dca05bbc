//! A sudden hardship, and a legal supporter living outside the household (asked only when
//! someone might be 特困; supporters inside the household are derived from the answers).

use super::frame::{Errors, QuestionPage, Radios, error_for};
use super::{next_of, use_b, use_wizard};
use leptos::prelude::*;
use portal_api::benefits::Emergency;
use portal_api::benefits::wizard::Step;

pub(super) fn emergency_key(e: Emergency) -> &'static str {
    match e {
        Emergency::None => "none",
        Emergency::Accident => "accident",
        Emergency::Fire => "fire",
        Emergency::Illness => "illness",
    }
}

#[component]
pub(super) fn EmergencyStep() -> impl IntoView {
    let b = use_b();
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let seen = answers.with_untracked(|a| a.has_answered(Step::Emergency));
    let value = RwSignal::new(if seen {
        emergency_key(answers.with_untracked(|a| a.household.emergency)).to_owned()
    } else {
        String::new()
    });
    let submit = move |()| {
        if value.with_untracked(String::is_empty) {
            errors.set(vec![("emergency".into(), b().err_emergency.into())]);
            return None;
        }
        errors.set(vec![]);
        let e = [Emergency::None, Emergency::Accident, Emergency::Fire, Emergency::Illness]
            .into_iter()
            .find(|e| emergency_key(*e) == value.get_untracked())
            .unwrap_or_default();
        answers.update(|a| a.household.emergency = e);
        next_of(answers, Step::Emergency)
    };
    view! {
        <QuestionPage step=Step::Emergency title=Signal::derive(move || b().q_emergency.to_owned()) errors=errors on_submit=submit>
            <Radios
                name="emergency"
                legend=Signal::derive(move || b().q_emergency.to_owned())
                options=Signal::derive(move || {
                    vec![
                        ("none", b().emergency_none.to_owned()),
                        ("accident", b().emergency_accident.to_owned()),
                        ("fire", b().emergency_fire.to_owned()),
                        ("illness", b().emergency_illness.to_owned()),
                    ]
                })
                value=value
                error=error_for(errors, "emergency")
                legend_hidden=true
            />
        </QuestionPage>
    }
}

#[component]
pub(super) fn SupporterStep() -> impl IntoView {
    let b = use_b();
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    // No default: "no" would make a household look eligible for 特困 unread.
    let seen = answers.with_untracked(|a| a.has_answered(Step::Supporter));
    let value = RwSignal::new(
        match (seen, answers.with_untracked(|a| a.household.outside_supporter_able)) {
            (false, _) => String::new(),
            (true, true) => "yes".to_owned(),
            (true, false) => "no".to_owned(),
        },
    );
    let submit = move |()| {
        if value.with_untracked(String::is_empty) {
            errors.set(vec![("supporter".into(), b().err_supporter.into())]);
            return None;
        }
        errors.set(vec![]);
        answers.update(|a| a.household.outside_supporter_able = value.get_untracked() == "yes");
        next_of(answers, Step::Supporter)
    };
    view! {
        <QuestionPage step=Step::Supporter title=Signal::derive(move || b().q_supporter.to_owned()) errors=errors on_submit=submit>
            <p class="hint">{move || b().supporter_hint}</p>
            <p class="hint">{move || b().outside_hint}</p>
            <Radios
                name="supporter"
                legend=Signal::derive(move || b().q_supporter.to_owned())
                options=Signal::derive(move || vec![("yes", b().yes.to_owned()), ("no", b().no.to_owned())])
                value=value
                error=error_for(errors, "supporter")
                legend_hidden=true
            />
        </QuestionPage>
    }
}
