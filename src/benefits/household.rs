//! The first steps: region and registration type, then how many people.

use super::frame::{Errors, QuestionPage, Radios, error_for};
use super::{next_of, use_b, use_wizard};
use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use portal_api::benefits::wizard::Step;
use portal_api::benefits::{Hukou, Member, Relation};

#[component]
pub(super) fn RegionStep() -> impl IntoView {
    let b = use_b();
    let lang = use_prefs().lang;
    let answers = use_wizard();
    let errors: Errors = RwSignal::new(vec![]);
    let (region0, hukou0) =
        answers.with_untracked(|a| (a.region.clone().unwrap_or_default(), a.household.hukou));
    let region = RwSignal::new(region0);
    // Chosen only once answered: urban is not a default to submit unread.
    let seen = answers.with_untracked(|a| a.has_answered(Step::Region));
    let hukou = RwSignal::new(match (seen, hukou0) {
        (false, _) => String::new(),
        (true, Hukou::Rural) => "rural".to_owned(),
        (true, _) => "urban".to_owned(),
    });
    let index = LocalResource::new(api::policies);
    let submit = move |()| {
        let mut missing: Vec<(String, String)> = vec![];
        if region.with_untracked(String::is_empty) {
            missing.push(("region".into(), b().err_choose_region.into()));
        }
        if hukou.with_untracked(String::is_empty) {
            missing.push(("hukou".into(), b().err_hukou.into()));
        }
        let done = missing.is_empty();
        errors.set(missing);
        if !done {
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
                error=error_for(errors, "hukou")
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
pub(super) fn MembersStep() -> impl IntoView {
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
            // Pages of people no longer in the household count as unanswered if they return.
            a.answered.retain(|slug| {
                let index = slug
                    .strip_prefix("person-")
                    .or_else(|| slug.strip_prefix("income-"))
                    .and_then(|k| k.parse::<usize>().ok());
                index.is_none_or(|k| k <= n)
            });
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
