//! The frame of every question page (progress, back link, one h1, error summary, Continue)
//! and the form fields the steps share: amounts in yuan (parsed exactly into fen), check boxes,
//! radio groups.

use super::text::{self, bm};
use super::{step_href, use_b, use_wizard};
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_api::benefits::Fen;
use portal_api::benefits::wizard::{self, Step};

/// Field errors of the page being answered: (field id, message).
pub(super) type Errors = RwSignal<Vec<(String, String)>>;

pub(super) fn error_for(errors: Errors, id: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.iter().find(|(f, _)| f == id).map(|(_, m)| m.clone())))
}

/// The frame of every question page: progress, back link, one h1, the error summary, the
/// form and its Continue button.
#[component]
pub(super) fn QuestionPage(
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
    // Progress by part, not by page: how many pages there are depends on the answers (people
    // in the household, questions that cannot apply), so a page count would jump about.
    let position = move || part_of(step);
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
                    b().part_of
                        .replace("{n}", &n.to_string())
                        .replace("{total}", &total.to_string())
                        .replace("{name}", part_name(b(), n))
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
                                        Some(label) => format!("{label}{}{msg}", l.colon()),
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
                        answers.update(|a| {
                            a.started = true;
                            if !a.has_answered(step) {
                                a.answered.push(step.slug());
                            }
                        });
                        navigate(&step_href(next), Default::default());
                    }
                }
            >
                {children()}
                <button type="submit" class="button primary wide">{move || b().continue_}</button>
            </form>
        </div>
    }
}

/// The wizard's parts: 1 the household, 2 each person, 3 income, 4 savings and costs, 5 the
/// situation, 6 the check. Every household goes through all six, so the count never jumps.
pub(super) const PARTS: usize = 6;

pub(super) fn part_of(step: Step) -> (usize, usize) {
    let n = match step {
        Step::Region | Step::Members => 1,
        Step::Person(_) => 2,
        Step::Income(_) => 3,
        Step::Assets | Step::Costs => 4,
        Step::Emergency | Step::Supporter => 5,
        Step::Check => 6,
    };
    (n, PARTS)
}

fn part_name(m: &'static text::BMsgs, n: usize) -> &'static str {
    match n {
        1 => m.part_household,
        2 => m.part_people,
        3 => m.part_income,
        4 => m.part_assets,
        5 => m.part_situation,
        _ => m.part_check,
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

#[component]
pub(super) fn AmountField(
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
pub(super) fn CheckField(
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
pub(super) fn Radios(
    name: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(into)] options: Signal<Vec<(&'static str, String)>>,
    value: RwSignal<String>,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
    /// The page's h1 already asks this question: the legend is for screen readers only, so
    /// the question is not printed twice.
    #[prop(optional)]
    legend_hidden: bool,
) -> impl IntoView {
    view! {
        <fieldset class="field" id=name class:has-error=move || error.and_then(|e| e.get()).is_some()>
            <legend class:visually-hidden=legend_hidden>{move || legend.get()}</legend>
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

pub(super) fn field_label_of(lang: Lang, id: &str) -> Option<&'static str> {
    let m = bm(lang);
    Some(match id {
        "wages" => m.wages,
        "pension" => m.pension,
        "allowance" => m.old_age_allowance,
        "other" => m.other_income,
        "savings" => m.savings,
        "medical" => m.medical,
        "education" => m.education,
        "medical_yearly" => super::words::nm(lang).medical_yearly,
        _ => return None,
    })
}

/// An amount as the field shows it: "1200", "16.67", blank for zero.
pub(super) fn amount_text(v: Fen) -> String {
    v.input_text()
}

/// Parses several amount fields exactly into fen, collecting errors; `None` if any failed.
pub(super) fn parse_all<const N: usize>(
    lang: Lang,
    fields: [(&'static str, RwSignal<String>, Fen); N],
    errors: Errors,
) -> Option<[Fen; N]> {
    let mut out = [Fen::ZERO; N];
    let mut errs = Vec::new();
    for (k, (id, sig, max)) in fields.into_iter().enumerate() {
        match Fen::parse_yuan_max(&sig.get_untracked(), max) {
            Ok(v) => out[k] = v,
            Err(e) => errs.push((id.to_owned(), text::amount_error(lang, e).to_owned())),
        }
    }

    let ok = errs.is_empty();
    errors.set(errs);
    ok.then_some(out)
}
