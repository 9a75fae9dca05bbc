//! About one person: relationship, age, disability, illness, self-care, schooling, a child's
//! care situation. Questions that cannot apply to the age given are hidden and their answers
//! dropped.

use super::frame::{CheckField, Errors, QuestionPage, Radios, error_for};
use super::text::{self};
use super::{next_of, use_b, use_wizard};
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use portal_api::benefits::wizard::{Step, parse_age};
use portal_api::benefits::{ChildStatus, Disability, DisabilityKind, Relation, SelfCare};

fn self_care_key(s: SelfCare) -> &'static str {
    match s {
        SelfCare::Full => "full",
        SelfCare::Partial => "partial",
        SelfCare::None => "none",
    }
}

pub(super) fn relation_key(r: Relation) -> &'static str {
    match r {
        Relation::Applicant => "applicant",
        Relation::Spouse => "spouse",
        Relation::Child => "child",
        Relation::Parent => "parent",
        Relation::Grandparent => "grandparent",
        Relation::Grandchild => "grandchild",
        Relation::Sibling => "sibling",
        Relation::Other => "other",
    }
}

fn kind_key(k: DisabilityKind) -> &'static str {
    match k {
        DisabilityKind::Physical => "physical",
        DisabilityKind::Visual => "visual",
        DisabilityKind::Hearing => "hearing",
        DisabilityKind::Speech => "speech",
        DisabilityKind::Intellectual => "intellectual",
        DisabilityKind::Mental => "mental",
        DisabilityKind::Multiple => "multiple",
    }
}

#[component]
pub(super) fn PersonStep(i: usize) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let m = answers.with_untracked(|a| a.household.members[i].clone());
    // Nothing is chosen on a page not yet answered: the model's defaults (age 40, "other
    // relative", grade 1, no disability) would otherwise be submitted unread.
    let seen = answers.with_untracked(|a| a.has_answered(Step::Person(i)));
    let pick = |answer: &str| if seen { answer.to_owned() } else { String::new() };
    let relation = RwSignal::new(pick(relation_key(m.relation)));
    let age = RwSignal::new(pick(&m.age.to_string()));
    let has_dis = RwSignal::new(pick(if m.disability.is_some() { "yes" } else { "no" }));
    let kind = RwSignal::new(m.disability.map(|d| kind_key(d.kind)).unwrap_or("").to_owned());
    let grade = RwSignal::new(m.disability.map(|d| d.grade.to_string()).unwrap_or_default());
    let grave = RwSignal::new(m.grave_illness);
    let care = RwSignal::new(pick(self_care_key(m.self_care)));
    let student = RwSignal::new(m.student);
    let own = RwSignal::new(m.own_earnings);
    let child = RwSignal::new(pick(match m.child_status {
        ChildStatus::None => "none",
        ChildStatus::Orphan => "orphan",
        ChildStatus::DeFacto => "de_facto",
    }));
    let age_n = move || parse_age(&age.get());
    let disability = move || {
        (has_dis.get() == "yes").then(|| Disability {
            kind: text::KINDS
                .into_iter()
                .find(|k| kind_key(*k) == kind.get())
                .unwrap_or(DisabilityKind::Physical),
            grade: grade.get().parse().unwrap_or(1),
        })
    };
    let title =
        Signal::derive(move || b().q_person.replace("{who}", &text::person_number(lang.get(), i)));
    let submit = move |()| {
        // Every question on the page must be answered; the summary names each one missing.
        let m = b();
        let mut missing: Vec<(String, String)> = vec![];
        let need =
            |missing: &mut Vec<(String, String)>, id: &str, value: RwSignal<String>, msg: &str| {
                if value.with_untracked(String::is_empty) {
                    missing.push((id.into(), msg.into()));
                }
            };
        if i != 0 {
            need(&mut missing, "relation", relation, m.err_relation);
        }
        let years = parse_age(&age.get_untracked());
        if years.is_none() {
            missing.push(("age".into(), m.err_age.into()));
        }
        need(&mut missing, "disability", has_dis, m.err_disability);
        if has_dis.get_untracked() == "yes" {
            need(&mut missing, "kind", kind, m.err_kind);
            need(&mut missing, "grade", grade, m.err_grade);
        }
        let a = years.unwrap_or(0);
        if has_dis.get_untracked() == "yes" || grave.get_untracked() || a >= 60 {
            need(&mut missing, "self_care", care, m.err_self_care);
        }
        if years.is_some_and(|a| a < 18) {
            need(&mut missing, "child", child, m.err_child);
        }
        errors.set(missing.clone());
        let (true, Some(years)) = (missing.is_empty(), years) else {
            return None;
        };
        answers.update(|a| {
            let m = &mut a.household.members[i];
            m.relation = if i == 0 {
                Relation::Applicant
            } else {
                text::RELATIONS
                    .into_iter()
                    .find(|r| relation_key(*r) == relation.get_untracked())
                    .unwrap_or(Relation::Other)
            };
            m.age = years;
            m.disability = disability();
            m.grave_illness = grave.get_untracked();
            // Answers to questions that no longer apply are dropped, so nothing contradicts.
            let asks_care = m.disability.is_some() || m.grave_illness || years >= 60;
            m.self_care = SelfCare::ALL
                .into_iter()
                .find(|s| asks_care && self_care_key(*s) == care.get_untracked())
                .unwrap_or_default();
            m.student = (6..=30).contains(&years) && student.get_untracked();
            m.own_earnings = (16..=17).contains(&years) && own.get_untracked();
            m.child_status = if years >= 18 {
                ChildStatus::None
            } else {
                match child.get_untracked().as_str() {
                    "orphan" => ChildStatus::Orphan,
                    "de_facto" => ChildStatus::DeFacto,
                    _ => ChildStatus::None,
                }
            };
        });
        next_of(answers, Step::Person(i))
    };
    let yes_no =
        Signal::derive(move || vec![("yes", b().yes.to_owned()), ("no", b().no.to_owned())]);
    view! {
        <QuestionPage step=Step::Person(i) title=title errors=errors on_submit=submit>
            <Show when=move || i != 0>
                <RelationField relation=relation error=error_for(errors, "relation") />
            </Show>
            <div class="field" class:has-error=move || error_for(errors, "age").get().is_some()>
                <label for="age">{move || b().age}</label>
                <p class="hint" id="age-hint">{move || b().age_hint}</p>
                {move || error_for(errors, "age").get().map(|m| view! { <p class="field-error" id="age-error">{m}</p> })}
                <input
                    id="age"
                    class="short"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    aria-describedby="age-hint age-error"
                    aria-invalid=move || error_for(errors, "age").get().is_some().to_string()
                    prop:value=move || age.get()
                    on:input=move |ev| age.set(event_target_value(&ev))
                />
            </div>
            <Radios name="disability" legend=Signal::derive(move || b().has_disability.to_owned()) options=yes_no value=has_dis error=error_for(errors, "disability") />
            <Show when=move || has_dis.get() == "yes">
                <DisabilityFields kind=kind grade=grade errors=errors />
            </Show>
            <CheckField id="grave" label=Signal::derive(move || b().grave_illness) value=grave />
            <Show when=move || { has_dis.get() == "yes" || grave.get() || age_n().is_some_and(|a| a >= 60) }>
                <Radios
                    name="self_care"
                    legend=Signal::derive(move || b().self_care.to_owned())
                    options=Signal::derive(move || {
                        SelfCare::ALL
                            .into_iter()
                            .map(|s| (self_care_key(s), text::self_care_label(lang.get(), s).to_owned()))
                            .collect::<Vec<_>>()
                    })
                    value=care
                    error=error_for(errors, "self_care")
                />
            </Show>
            <Show when=move || age_n().is_some_and(|a| (6..=30).contains(&a))>
                <CheckField id="student" label=Signal::derive(move || b().student) value=student />
            </Show>
            <Show when=move || age_n().is_some_and(|a| (16..=17).contains(&a))>
                <CheckField id="own" label=Signal::derive(move || b().own_earnings) value=own />
            </Show>
            <Show when=move || { age_n().is_some_and(|a| a < 18) }>
                <Radios
                    name="child"
                    legend=Signal::derive(move || b().child_status.to_owned())
                    options=Signal::derive(move || {
                        vec![
                            ("none", b().child_none.to_owned()),
                            ("orphan", b().child_orphan.to_owned()),
                            ("de_facto", b().child_defacto.to_owned()),
                        ]
                    })
                    value=child
                    error=error_for(errors, "child")
                />
            </Show>
        </QuestionPage>
    }
}

/// The kind and grade of a disability certificate.
#[component]
fn DisabilityFields(
    kind: RwSignal<String>,
    grade: RwSignal<String>,
    errors: Errors,
) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let kind_err = error_for(errors, "kind");
    view! {
        <div class="field" class:has-error=move || kind_err.get().is_some()>
            <label for="kind">{move || b().disability_kind}</label>
            {move || kind_err.get().map(|m| view! { <p class="field-error" id="kind-error">{m}</p> })}
            <select id="kind" aria-invalid=move || kind_err.get().is_some().to_string() on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="" disabled selected=move || kind.get().is_empty()>{move || b().choose}</option>
                {text::KINDS
                    .into_iter()
                    .map(|k| {
                        let key = kind_key(k);
                        view! {
                            <option value=key selected=move || kind.get() == key>
                                {move || text::kind_label(lang.get(), k)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <Radios
            name="grade"
            legend=Signal::derive(move || b().disability_grade.to_owned())
            options=Signal::derive(move || {
                ["1", "2", "3", "4"].into_iter().map(|g| (g, b().grade_n.replace("{n}", g))).collect::<Vec<_>>()
            })
            value=grade
            error=error_for(errors, "grade")
        />
    }
}

/// Relationship to the applicant, from which legal supporters are derived.
#[component]
fn RelationField(relation: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for="relation">{move || b().relation}</label>
            {move || error.get().map(|m| view! { <p class="field-error" id="relation-error">{m}</p> })}
            <select
                id="relation"
                aria-invalid=move || error.get().is_some().to_string()
                on:change=move |ev| relation.set(event_target_value(&ev))
            >
                <option value="" disabled selected=move || relation.get().is_empty()>{move || b().choose}</option>
                {text::RELATIONS
                    .into_iter()
                    .map(|r| {
                        let key = relation_key(r);
                        view! {
                            <option value=key selected=move || relation.get() == key>
                                {move || text::relation_label(lang.get(), r)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
