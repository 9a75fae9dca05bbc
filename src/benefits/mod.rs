//! Benefit self-assessment (救助自测): an intro, a one-topic-per-page wizard, a check-your-
//! answers page and the result cards. Answers live in this browser's local storage only; the
//! rules run here, on the policy file fetched from the server (no household data is sent).

pub mod text;

use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{load, save, use_prefs, use_title};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_api::benefits::wizard::{self, Step, parse_age, parse_amount};
use portal_api::benefits::{
    Assessment, ChildStatus, Disability, DisabilityKind, Eligibility, Emergency, Household, Hukou,
    Member, Programme, Relation, assess,
};
use portal_api::ids::Date;
use serde::{Deserialize, Serialize};
use text::{BMsgs, bm};

const KEY: &str = "portal.benefits";
const MAX_MONTHLY: f64 = 1_000_000.0;
const MAX_SAVINGS: f64 = 10_000_000_000.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub region: Option<String>,
    pub household: Household,
    /// The resident has begun (so the intro offers "continue").
    pub started: bool,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            region: None,
            household: Household { members: vec![Member::default()], ..Default::default() },
            started: false,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Wizard(pub RwSignal<Answers>);

/// Restores saved answers and keeps them saved on every change.
pub fn provide() {
    let initial =
        load(KEY).and_then(|s| serde_json::from_str::<Answers>(&s).ok()).unwrap_or_default();
    let answers = RwSignal::new(initial);
    Effect::new(move |_| {
        if let Ok(json) = serde_json::to_string(&answers.get()) {
            save(KEY, &json);
        }
    });
    provide_context(Wizard(answers));
}

fn use_wizard() -> RwSignal<Answers> {
    expect_context::<Wizard>().0
}

fn use_b() -> impl Fn() -> &'static BMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || bm(lang.get())
}

pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(d.get_full_year() as i32, (d.get_month() + 1) as u8, d.get_date() as u8)
        .unwrap_or(Date { year: 2026, month: 1, day: 1 })
}

fn step_href(s: Step) -> String {
    format!("/benefits/{}", s.slug())
}

#[component]
pub fn IntroPage() -> impl IntoView {
    let b = use_b();
    let t = crate::ui::prefs::use_t();
    let answers = use_wizard();
    let cleared = RwSignal::new(false);
    use_title(|m| m.benefits);
    view! {
        <div class="page">
            <h1>{move || t().benefits}</h1>
            <p class="lead">{move || b().intro}</p>
            <div class="state notice privacy" role="note">
                <p>{move || b().privacy}</p>
            </div>
            <p class="hint">{move || b().estimate_note}</p>
            <div class="actions">
                <A href="/benefits/region" attr:class="button primary">
                    {move || b().start}
                </A>
                <Show when=move || answers.with(|a| a.started)>
                    <A href="/benefits/check" attr:class="button secondary">
                        {move || b().resume}
                    </A>
                    <button
                        type="button"
                        class="button secondary"
                        on:click=move |_| {
                            answers.set(Answers::default());
                            cleared.set(true);
                        }
                    >
                        {move || b().clear}
                    </button>
                </Show>
            </div>
            <Show when=move || cleared.get()>
                <p class="state success" role="status">{move || b().cleared}</p>
            </Show>
        </div>
    }
}

/// Field errors of the page being answered: (field id, message).
type Errors = RwSignal<Vec<(String, String)>>;

fn error_for(errors: Errors, id: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.iter().find(|(f, _)| f == id).map(|(_, m)| m.clone())))
}

/// The frame of every question page: progress, back link, one h1, the error summary, the
/// form and its Continue button.
#[component]
fn QuestionPage(
    step: Step,
    #[prop(into)] title: Signal<String>,
    errors: Errors,
    #[prop(into)] on_submit: Callback<(), Option<Step>>,
    children: Children,
) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let navigate = use_navigate();
    let position = move || {
        answers.with(|a| {
            let s = wizard::steps(&a.household);
            let n = s.iter().position(|&x| x == step).map(|i| i + 1).unwrap_or(1);
            (n, s.len())
        })
    };
    let back = move || {
        answers
            .with(|a| wizard::prev(&a.household, step))
            .map(step_href)
            .unwrap_or("/benefits".into())
    };
    let t = crate::ui::prefs::use_t();
    Effect::new(move |_| document().set_title(&format!("{} · {}", title.get(), t().site_name)));
    view! {
        <div class="page question">
            <A href=back attr:class="back-link">"‹ " {move || b().back}</A>
            <p class="progress-text">
                {move || {
                    let (n, total) = position();
                    b().step_of.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
                }}
            </p>
            <div class="progress" aria-hidden="true">
                <div
                    class="progress-bar"
                    style:width=move || {
                        let (n, total) = position();
                        format!("{}%", n * 100 / total.max(1))
                    }
                ></div>
            </div>
            <h1>{move || title.get()}</h1>
            <Show when=move || errors.with(|e| !e.is_empty())>
                <div class="error-summary" role="alert" tabindex="-1">
                    <p>{move || b().fix_errors}</p>
                    <ul>
                        {move || {
                            errors
                                .get()
                                .into_iter()
                                .map(|(id, msg)| {
                                    // The summary names the field; the message at the field need not.
                                    let l = lang.get();
                                    let msg = match field_label_of(l, &id) {
                                        Some(label) => format!("{label}{}{msg}", if l == Lang::Zh { "：" } else { ": " }),
                                        None => msg,
                                    };
                                    let target = id.clone();
                                    view! {
                                        <li>
                                            <a
                                                href=format!("#{id}")
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_id(&target);
                                                }
                                            >
                                                {msg}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <form
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(next) = on_submit.run(()) {
                        answers.update(|a| a.started = true);
                        navigate(&next_href(next), Default::default());
                    }
                }
            >
                {children()}
                <button type="submit" class="button primary wide">{move || b().continue_}</button>
            </form>
        </div>
    }
}

/// Moves focus to a field (the router would treat `#id` links as navigation).
fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) =
        document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

fn next_href(s: Step) -> String {
    step_href(s)
}

#[component]
fn AmountField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] unit: Signal<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let described = move || {
        let mut d = Vec::new();
        if hint.is_some() {
            d.push(format!("{id}-hint"));
        }
        if error.get().is_some() {
            d.push(format!("{id}-error"));
        }
        d.join(" ")
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{move || h.get()}</p> })}
            <Show when=move || error.get().is_some()>
                <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
            </Show>
            <div class="input-with-unit">
                <input
                    id=id
                    name=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <span class="unit">{move || unit.get()}</span>
            </div>
        </div>
    }
}

#[component]
fn CheckField(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="choice" for=id>
            <input
                id=id
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <span>{move || label.get()}</span>
        </label>
    }
}

/// A group of radio buttons over `options` (key, label).
#[component]
fn Radios(
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(into)] options: Signal<Vec<(&'static str, String)>>,
    value: RwSignal<String>,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    view! {
        <fieldset class="field" id=name>
            <legend>{move || legend.get()}</legend>
            {move || error.and_then(|e| e.get()).map(|m| view! { <p class="field-error">{m}</p> })}
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(key, label)| {
                        let id = format!("{name}-{key}");
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input
                                    type="radio"
                                    id=id
                                    name=name
                                    value=key
                                    prop:checked=move || value.get() == key
                                    on:change=move |_| value.set(key.to_owned())
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}

/// `/benefits/:step`
#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let answers = use_wizard();
    move || {
        let step = params.read().get("step").and_then(|s| Step::from_slug(&s));
        let members = answers.with_untracked(|a| a.household.members.len());
        match step {
            Some(Step::Region) => view! { <RegionStep /> }.into_any(),
            Some(Step::Members) => view! { <MembersStep /> }.into_any(),
            Some(Step::Person(i)) if i < members => view! { <PersonStep i=i /> }.into_any(),
            Some(Step::Income(i)) if i < members => view! { <IncomeStep i=i /> }.into_any(),
            Some(Step::Assets) => view! { <AssetsStep /> }.into_any(),
            Some(Step::Costs) => view! { <CostsStep /> }.into_any(),
            Some(Step::Emergency) => view! { <EmergencyStep /> }.into_any(),
            Some(Step::Supporter) => view! { <SupporterStep /> }.into_any(),
            Some(Step::Check) => view! { <CheckStep /> }.into_any(),
            _ => view! { <crate::sections::NotFound /> }.into_any(),
        }
    }
}

fn next_of(answers: RwSignal<Answers>, step: Step) -> Option<Step> {
    answers.with_untracked(|a| wizard::next(&a.household, step))
}

#[component]
fn RegionStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let (region0, hukou0) =
        answers.with_untracked(|a| (a.region.clone().unwrap_or_default(), a.household.hukou));
    let region = RwSignal::new(region0);
    let hukou =
        RwSignal::new(if hukou0 == Hukou::Rural { "rural".to_owned() } else { "urban".to_owned() });
    let index = LocalResource::new(api::policies);
    let submit = move |()| {
        if region.with_untracked(String::is_empty) {
            errors.set(vec![("region".into(), b().err_choose_region.into())]);
            return None;
        }
        answers.update(|a| {
            a.region = Some(region.get_untracked());
            a.household.hukou =
                if hukou.get_untracked() == "rural" { Hukou::Rural } else { Hukou::Urban };
        });
        next_of(answers, Step::Region)
    };
    view! {
        <QuestionPage step=Step::Region title=Signal::derive(move || b().q_region.to_owned()) errors=errors on_submit=submit>
            <Transition fallback=|| view! { <crate::ui::Loading /> }>
                {move || {
                    index
                        .get()
                        .map(|res| match res {
                            Err(e) => {
                                view! { <crate::ui::ErrorNotice error=e on_retry=move |()| index.refetch() /> }
                                    .into_any()
                            }
                            Ok(list) => {
                                let options = Signal::derive(move || {
                                    list.iter()
                                        .map(|p| {
                                            let name = if lang.get() == Lang::Zh { p.name_zh.clone() } else { p.name_en.clone() };
                                            (leak(&p.region), name)
                                        })
                                        .collect::<Vec<_>>()
                                });
                                view! {
                                    <Radios
                                        name="region"
                                        legend=Signal::derive(move || b().region_label.to_owned())
                                        options=options
                                        value=region
                                        error=error_for(errors, "region")
                                    />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <Radios
                name="hukou"
                legend=Signal::derive(move || b().hukou_label.to_owned())
                options=Signal::derive(move || vec![("urban", b().urban.to_owned()), ("rural", b().rural.to_owned())])
                value=hukou
            />
        </QuestionPage>
    }
}

/// Region codes come from the server a handful of times per visit; a `'static` key keeps the
/// radio component simple.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[component]
fn MembersStep() -> impl IntoView {
    let b = use_b();
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let count = RwSignal::new(answers.with_untracked(|a| a.household.members.len().max(1)));
    let submit = move |()| {
        let n = count.get_untracked().clamp(1, 20);
        answers.update(|a| {
            let m = &mut a.household.members;
            m.resize_with(n, || Member { relation: Relation::Other, ..Default::default() });
            m[0].relation = Relation::Applicant;
        });
        next_of(answers, Step::Members)
    };
    view! {
        <QuestionPage step=Step::Members title=Signal::derive(move || b().q_members.to_owned()) errors=errors on_submit=submit>
            <p class="hint">{move || b().members_hint}</p>
            <div class="stepper" role="group" aria-labelledby="count-label">
                <button
                    type="button"
                    class="button secondary round"
                    aria-label=move || b().fewer
                    prop:disabled=move || { count.get() <= 1 }
                    on:click=move |_| count.update(|c| *c = c.saturating_sub(1).max(1))
                >
                    "−"
                </button>
                <output id="count-label" class="count" aria-live="polite">
                    {move || count.get()} " " {move || b().people}
                </output>
                <button
                    type="button"
                    class="button secondary round"
                    aria-label=move || b().more
                    prop:disabled=move || { count.get() >= 20 }
                    on:click=move |_| count.update(|c| *c = (*c + 1).min(20))
                >
                    "+"
                </button>
            </div>
        </QuestionPage>
    }
}

fn relation_key(r: Relation) -> &'static str {
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
fn PersonStep(i: usize) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let m = answers.with_untracked(|a| a.household.members[i].clone());
    let relation = RwSignal::new(relation_key(m.relation).to_owned());
    let age = RwSignal::new(
        if m.age == Member::default().age && !answers.with_untracked(|a| a.started) {
            String::new()
        } else {
            m.age.to_string()
        },
    );
    let has_dis = RwSignal::new(if m.disability.is_some() { "yes" } else { "no" }.to_owned());
    let kind =
        RwSignal::new(m.disability.map(|d| kind_key(d.kind)).unwrap_or("physical").to_owned());
    let grade = RwSignal::new(m.disability.map(|d| d.grade).unwrap_or(1).to_string());
    let grave = RwSignal::new(m.grave_illness);
    let care = RwSignal::new(m.needs_care);
    let can_work = RwSignal::new(if m.can_work { "yes" } else { "no" }.to_owned());
    let student = RwSignal::new(m.student);
    let own = RwSignal::new(m.own_earnings);
    let child = RwSignal::new(
        match m.child_status {
            ChildStatus::None => "none",
            ChildStatus::Orphan => "orphan",
            ChildStatus::DeFacto => "de_facto",
        }
        .to_owned(),
    );
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
    let severe = move || disability().is_some_and(|d| d.is_severe());
    let title =
        Signal::derive(move || b().q_person.replace("{who}", &text::person_number(lang.get(), i)));
    let submit = move |()| {
        let Some(years) = parse_age(&age.get_untracked()) else {
            errors.set(vec![("age".into(), b().err_age.into())]);
            return None;
        };
        errors.set(vec![]);
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
            m.needs_care = care.get_untracked();
            // Answers to questions that no longer apply are dropped, so nothing contradicts.
            m.can_work = !(18..60).contains(&years) || can_work.get_untracked() == "yes";
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
                <div class="field">
                    <label for="relation">{move || b().relation}</label>
                    <select
                        id="relation"
                        on:change=move |ev| relation.set(event_target_value(&ev))
                    >
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
            <Radios name="disability" legend=Signal::derive(move || b().has_disability.to_owned()) options=yes_no value=has_dis />
            <Show when=move || has_dis.get() == "yes">
                <div class="field">
                    <label for="kind">{move || b().disability_kind}</label>
                    <select id="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
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
                />
            </Show>
            <CheckField id="grave" label=Signal::derive(move || b().grave_illness) value=grave />
            <Show when=move || { has_dis.get() == "yes" || grave.get() || age_n().is_some_and(|a| a >= 60) }>
                <CheckField id="care" label=Signal::derive(move || b().needs_care) value=care />
            </Show>
            <Show when=move || age_n().is_some_and(|a| (18..60).contains(&a)) && !severe()>
                <Radios name="work" legend=Signal::derive(move || b().can_work.to_owned()) options=yes_no value=can_work />
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
                />
            </Show>
        </QuestionPage>
    }
}

fn field_label_of(lang: Lang, id: &str) -> Option<&'static str> {
    let m = bm(lang);
    Some(match id {
        "wages" => m.wages,
        "pension" => m.pension,
        "allowance" => m.old_age_allowance,
        "other" => m.other_income,
        "savings" => m.savings,
        "medical" => m.medical,
        "education" => m.education,
        _ => return None,
    })
}

fn amount_text(v: f64) -> String {
    if v == 0.0 { String::new() } else { format!("{v}") }
}

/// Parses several amount fields, collecting errors; `None` if any failed.
fn parse_all<const N: usize>(
    lang: Lang,
    fields: [(&'static str, RwSignal<String>, f64); N],
    errors: Errors,
) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    let mut errs = Vec::new();
    for (k, (id, sig, max)) in fields.into_iter().enumerate() {
        match parse_amount(&sig.get_untracked(), max) {
            Ok(v) => out[k] = v,
            Err(e) => errs.push((id.to_owned(), text::amount_error(lang, e).to_owned())),
        }
    }

    let ok = errs.is_empty();
    errors.set(errs);
    ok.then_some(out)
}

#[component]
fn IncomeStep(i: usize) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let m = answers.with_untracked(|a| a.household.members[i].clone());
    let wages = RwSignal::new(amount_text(m.wages));
    let pension = RwSignal::new(amount_text(m.pension));
    let allowance = RwSignal::new(amount_text(m.old_age_allowance));
    let other = RwSignal::new(amount_text(m.other_income));
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
        });
        next_of(answers, Step::Income(i))
    };
    let unit = Signal::derive(move || b().per_month);
    view! {
        <QuestionPage step=Step::Income(i) title=title errors=errors on_submit=submit>
            <p class="hint">{move || b().income_hint}</p>
            <AmountField id="wages" label=Signal::derive(move || b().wages) unit=unit value=wages error=error_for(errors, "wages") />
            <AmountField id="pension" label=Signal::derive(move || b().pension) unit=unit value=pension error=error_for(errors, "pension") />
            <Show when=move || { answers.with(|a| a.household.members.get(i).is_some_and(|m| m.age >= 60)) }>
                <AmountField id="allowance" label=Signal::derive(move || b().old_age_allowance) unit=unit value=allowance error=error_for(errors, "allowance") />
            </Show>
            <AmountField id="other" label=Signal::derive(move || b().other_income) unit=unit value=other error=error_for(errors, "other") />
        </QuestionPage>
    }
}

#[component]
fn AssetsStep() -> impl IntoView {
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
fn CostsStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let h = answers.with_untracked(|a| a.household.clone());
    let medical = RwSignal::new(amount_text(h.medical_monthly));
    let education = RwSignal::new(amount_text(h.education_monthly));
    let submit = move |()| {
        let fields = [("medical", medical, MAX_MONTHLY), ("education", education, MAX_MONTHLY)];
        let [m, e] = parse_all(lang.get_untracked(), fields, errors)?;
        answers.update(|a| (a.household.medical_monthly, a.household.education_monthly) = (m, e));
        next_of(answers, Step::Costs)
    };
    let unit = Signal::derive(move || b().per_month);
    view! {
        <QuestionPage step=Step::Costs title=Signal::derive(move || b().q_costs.to_owned()) errors=errors on_submit=submit>
            <p class="hint">{move || b().costs_hint}</p>
            <AmountField id="medical" label=Signal::derive(move || b().medical) unit=unit value=medical error=error_for(errors, "medical") />
            <AmountField id="education" label=Signal::derive(move || b().education) unit=unit value=education error=error_for(errors, "education") />
        </QuestionPage>
    }
}

fn emergency_key(e: Emergency) -> &'static str {
    match e {
        Emergency::None => "none",
        Emergency::Accident => "accident",
        Emergency::Fire => "fire",
        Emergency::Illness => "illness",
    }
}

#[component]
fn EmergencyStep() -> impl IntoView {
    let b = use_b();
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let value =
        RwSignal::new(emergency_key(answers.with_untracked(|a| a.household.emergency)).to_owned());
    let submit = move |()| {
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
            />
        </QuestionPage>
    }
}

#[component]
fn SupporterStep() -> impl IntoView {
    let b = use_b();
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let value = RwSignal::new(
        if answers.with_untracked(|a| a.household.supporter_able) { "yes" } else { "no" }
            .to_owned(),
    );
    let submit = move |()| {
        answers.update(|a| a.household.supporter_able = value.get_untracked() == "yes");
        next_of(answers, Step::Supporter)
    };
    view! {
        <QuestionPage step=Step::Supporter title=Signal::derive(move || b().q_supporter.to_owned()) errors=errors on_submit=submit>
            <p class="hint">{move || b().supporter_hint}</p>
            <Radios
                name="supporter"
                legend=Signal::derive(move || b().q_supporter.to_owned())
                options=Signal::derive(move || vec![("yes", b().yes.to_owned()), ("no", b().no.to_owned())])
                value=value
            />
        </QuestionPage>
    }
}

#[component]
fn CheckStep() -> impl IntoView {
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
                rows.push((text::person(l, h, i), d, Step::Person(i)));
                let income = p.wages + p.pension + p.old_age_allowance + p.other_income;
                rows.push((
                    format!("{} · {}", text::person(l, h, i), m.per_month),
                    text::yuan(income),
                    Step::Income(i),
                ));
            }
            rows.push((m.savings.into(), text::yuan(h.savings), Step::Assets));
            rows.push((m.owns_car.into(), yn(h.vehicles > 0).into(), Step::Assets));
            rows.push((m.extra_housing.into(), yn(h.extra_housing).into(), Step::Assets));
            rows.push((m.medical.into(), text::yuan(h.medical_monthly), Step::Costs));
            rows.push((m.education.into(), text::yuan(h.education_monthly), Step::Costs));
            let e = match h.emergency {
                Emergency::None => m.emergency_none,
                Emergency::Accident => m.emergency_accident,
                Emergency::Fire => m.emergency_fire,
                Emergency::Illness => m.emergency_illness,
            };
            rows.push((m.q_emergency.into(), e.into(), Step::Emergency));
            if wizard::steps(h).contains(&Step::Supporter) {
                rows.push((m.q_supporter.into(), yn(h.supporter_able).into(), Step::Supporter));
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
                Some(r) => api::policy_for(&r).await,
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
                            Ok(Some(policy)) => {
                                let h = answers.get_untracked().household;
                                match assess(&h, &policy, today()) {
                                    Ok(a) => view! { <Results assessment=a household=h policy_name=(policy.name_zh.clone(), policy.name_en.clone()) /> }.into_any(),
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
        Some((Field::MedicalMonthly | Field::EducationMonthly, _)) => Step::Costs,
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
) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let date = assessment.date;
    let mut results = assessment.results.clone();
    results.sort_by_key(|r| std::cmp::Reverse(r.eligibility));
    let (shown, others): (Vec<_>, Vec<_>) =
        results.into_iter().partition(|r| r.eligibility != Eligibility::Unlikely);
    let any = !shown.is_empty();
    let others_count = others.len();
    let h1 = household.clone();
    let h2 = household;
    view! {
        <p class="results-for">
            {move || {
                let name = if lang.get() == Lang::Zh { policy_name.0.clone() } else { policy_name.1.clone() };
                b().results_for.replace("{region}", &name).replace("{date}", &date.to_string())
            }}
        </p>
        <h2>{move || if any { b().likely_title } else { b().others_title }}</h2>
        <Show when=move || !any>
            <p class="state notice">{move || b().none_likely}</p>
        </Show>
        <div class="result-list">
            {shown.into_iter().map(|r| view! { <ResultCard result=r household=h1.clone() /> }).collect_view()}
        </div>
        <details class="others">
            <summary>{move || format!("{} ({others_count})", b().others_title)}</summary>
            <div class="result-list">
                {others.into_iter().map(|r| view! { <ResultCard result=r household=h2.clone() /> }).collect_view()}
            </div>
        </details>
        <div class="actions no-print">
            <button type="button" class="button primary" on:click=move |_| { let _ = window().print(); }>
                {move || b().print}
            </button>
            <A href="/benefits/check" attr:class="button secondary">{move || b().edit_answers}</A>
        </div>
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

#[component]
fn ResultCard(
    result: portal_api::benefits::ProgrammeResult,
    household: Household,
) -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let p: Programme = result.programme;
    let e = result.eligibility;
    let class = match e {
        Eligibility::Likely => "result-card likely",
        Eligibility::Maybe => "result-card maybe",
        Eligibility::Unlikely => "result-card unlikely",
    };
    let id = format!("prog-{}", p.key());
    let labelled_by = id.clone();
    let amount = result.amount;
    let example = result.example_figures;
    let reasons = result.reasons.clone();
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
            <Show when=move || e != Eligibility::Unlikely>
                <h4>{move || b().bring}</h4>
                <p>{move || text::bring(lang.get(), p)}</p>
                <h4>{move || b().where_apply}</h4>
                <p>{move || text::where_apply(lang.get(), p)}</p>
            </Show>
        </article>
    }
}
