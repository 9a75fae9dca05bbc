//! 政策找人 without the household leaving the phone: with the resident's consent the answers
//! are kept in this browser's local storage, listed and deletable in one tap. On start the app
//! asks the server only for the policy index (which versions exist), and if the region's
//! version changed since the result the resident last saw, it works the result out again here
//! and says what changed. No request ever carries an answer.

use super::labels::{amount_text, figure_value, param_label, person, programme_name, yuan};
use super::words::nm;
use super::{Answers, Seen, today, use_b};
use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::benefits::notice::{Change, changes};
use portal_api::benefits::{Assessment, Cited, Eligibility, Fen, Household, Policy, assess};

pub(super) fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub(super) fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// What a new policy version changed for the kept household, waiting to be told.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub names: (String, String),
    pub changes: Vec<Change>,
    pub seen: Seen,
}

/// Draws the notice; set by the check, so the notice's code and words travel in the check's
/// module (one module for both instead of two: issue 14, fewer shared chunks per route).
type Draw = std::sync::Arc<dyn Fn(Pending, Lang) -> AnyView + Send + Sync>;

/// What changed, with the check's drawing of it: one signal, set and cleared together.
#[derive(Clone, Copy)]
struct Changes(RwSignal<Option<(Pending, Draw)>>);

/// Provides the pending changes and, for kept answers, starts the check against the region's
/// current policy version. Whether answers are kept is read from the stored text without
/// parsing it, so a phone without kept answers never loads the check (its own module with the
/// `split` feature, with the notice's words: issue 14).
pub(super) fn provide_changes(wizard: super::Wizard) {
    let pending = RwSignal::new(None);
    provide_context(Changes(pending));
    let kept = local()
        .and_then(|s| s.get_item(super::KEY).ok().flatten())
        .is_some_and(|json| json.contains("\"keep\":true"));
    if kept {
        leptos::task::spawn_local(check_kept(wizard, pending));
    }
}

/// Works the kept household's result out again under the region's new policy, if there is
/// one, and sets what changed (or, when nothing that matters changed, remembers the version).
#[cfg_attr(feature = "split", leptos::lazy)]
async fn check_kept(wizard: super::Wizard, pending: RwSignal<Option<(Pending, Draw)>>) {
    let answers = super::restore(&wizard);
    let a = answers.get_untracked();
    let (Some(region), Some(seen), true) = (a.region, a.seen, a.keep) else {
        return;
    };
    let Ok(index) = api::policies().await else { return };
    let Some(entry) = index.into_iter().find(|e| e.region == region) else { return };
    if entry.version == seen.version {
        return;
    }
    let Ok(policy) = api::get_json::<Policy>(&entry.url).await else { return };
    let Ok(new) = assess(&a.household, &policy, today()) else { return };
    let list = changes(&seen.assessment, &new);
    let seen = Seen { version: entry.version, assessment: new };
    if list.is_empty() {
        // Nothing that matters to this household: remember the version quietly.
        answers.update(|a| a.seen = Some(seen));
    } else {
        let names = (policy.name_zh, policy.name_en);
        let draw: Draw = std::sync::Arc::new(notice);
        pending.set(Some((Pending { names, changes: list, seen }, draw)));
    }
}

/// Remembers the result now shown (kept answers only), so the next start compares with it.
pub(super) fn record_seen(answers: RwSignal<Answers>, version: String, assessment: &Assessment) {
    if answers.with_untracked(|a| a.keep) {
        let seen = Seen { version, assessment: assessment.clone() };
        if answers.with_untracked(|a| a.seen.as_ref() != Some(&seen)) {
            answers.update(|a| a.seen = Some(seen));
        }
    }
    if let Some(Changes(p)) = use_context::<Changes>() {
        p.set(None);
    }
}

/// One change as a sentence.
pub fn change_text(lang: Lang, c: &Change) -> String {
    let m = nm(lang);
    let cited = |param, value: &portal_api::benefits::FigureValue| Cited {
        param,
        value: value.clone(),
        from: today(),
        source: String::new(),
        example: false,
    };
    match c {
        Change::Figure { param, from, old, new } => {
            let what = param_label(lang, *param);
            let new_text = figure_value(lang, &cited(*param, new));
            match old {
                Some(o) => m
                    .change_figure
                    .replace("{date}", &from.to_string())
                    .replace("{what}", what)
                    .replace("{new}", &new_text)
                    .replace("{old}", &figure_value(lang, &cited(*param, o))),
                None => m
                    .change_figure_new
                    .replace("{date}", &from.to_string())
                    .replace("{what}", what)
                    .replace("{new}", &new_text),
            }
        }
        Change::NowEligible { programme, eligibility, amount } => {
            let name = programme_name(lang, *programme);
            match (eligibility, amount) {
                (Eligibility::Likely, Some(a)) => m
                    .change_now
                    .replace("{programme}", name)
                    .replace("{amount}", &amount_text(lang, a)),
                _ => m.change_maybe.replace("{programme}", name),
            }
        }
        Change::NoLonger { programme } => {
            m.change_no_longer.replace("{programme}", programme_name(lang, *programme))
        }
        Change::Amount { programme, old, new } => m
            .change_amount
            .replace("{programme}", programme_name(lang, *programme))
            .replace("{old}", &amount_text(lang, old))
            .replace("{new}", &amount_text(lang, new)),
    }
}

/// The notice shown on any page when new standards changed the kept household's result. Its
/// code and words come with the check's module (`split`), fetched only for kept answers.
#[component]
pub fn ChangeNotice() -> impl IntoView {
    let Changes(pending) = expect_context::<Changes>();
    let lang = use_prefs().lang;
    move || {
        let l = lang.get();
        pending.get().map(|(p, draw)| draw(p, l))
    }
}

/// Only the check refers to this, so with `split` it is in the check's module.
fn notice(p: Pending, l: Lang) -> AnyView {
    let answers = super::use_wizard();
    let pending = expect_context::<Changes>().0;
    let accept = move || {
        if let Some((p, _)) = pending.get_untracked() {
            answers.update(|a| a.seen = Some(p.seen));
        }
        pending.set(None);
    };
    let region = if l == Lang::Zh { p.names.0.clone() } else { p.names.1.clone() };
    view! {
        <section class="change-notice no-print" role="status" aria-labelledby="change-title">
            <h2 id="change-title">{nm(l).change_title}</h2>
            <p>{nm(l).change_intro.replace("{region}", &region)}</p>
            <ul class="changes">
                {p.changes.iter().map(|c| view! { <li>{change_text(l, c)}</li> }).collect_view()}
            </ul>
            <div class="actions">
                <A href="/benefits/result" attr:class="button primary" on:click=move |_| accept()>
                    {nm(l).change_see}
                </A>
                <button type="button" class="button secondary" on:click=move |_| accept()>
                    {nm(l).change_dismiss}
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// On the result page: the offer to keep the answers on the phone, or the kept answers.
#[component]
pub(super) fn KeepOffer(version: String, assessment: Assessment) -> impl IntoView {
    let lang = use_prefs().lang;
    let answers = super::use_wizard();
    let kept = move || answers.with(|a| a.keep);
    view! {
        <Show
            when=kept
            fallback=move || {
                let version = version.clone();
                let assessment = assessment.clone();
                view! {
                    <section class="keep card no-print" aria-labelledby="keep-title">
                        <h2 id="keep-title">{move || nm(lang.get()).keep_title}</h2>
                        <p>{move || nm(lang.get()).keep_text}</p>
                        <button
                            type="button"
                            class="button primary wide"
                            on:click=move |_| {
                                answers.update(|a| {
                                    a.keep = true;
                                    a.seen = Some(Seen { version: version.clone(), assessment: assessment.clone() });
                                });
                            }
                        >
                            {move || nm(lang.get()).keep_button}
                        </button>
                    </section>
                }
            }
        >
            <KeptAnswers />
        </Show>
    }
}

/// The answers kept on this phone, listed, with the one-tap delete.
#[component]
pub(super) fn KeptAnswers() -> impl IntoView {
    let lang = use_prefs().lang;
    let b = use_b();
    let answers = super::use_wizard();
    let deleted = RwSignal::new(false);
    // The region's name from the public policy index (no answer is sent to get it).
    let index = LocalResource::new(api::policies);
    let region_name = move |l: Lang| {
        let code = answers.with(|a| a.region.clone()).unwrap_or_default();
        index
            .get()
            .and_then(|r| r.ok())
            .and_then(|i| i.into_iter().find(|e| e.region == code))
            .map(|e| if l == Lang::Zh { e.name_zh } else { e.name_en })
            .unwrap_or(code)
    };
    view! {
        <Show when=move || answers.with(|a| a.keep)>
            <section class="kept card no-print" aria-labelledby="kept-title">
                <h2 id="kept-title">{move || nm(lang.get()).kept_title}</h2>
                <p class="hint">{move || nm(lang.get()).kept_note}</p>
                <dl class="kept-list">
                    {move || {
                        let l = lang.get();
                        let a = answers.get();
                        kept_rows(l, b(), &a, region_name(l))
                            .into_iter()
                            .map(|(k, v)| view! { <dt>{k}</dt> <dd>{v}</dd> })
                            .collect_view()
                    }}
                </dl>
                <button
                    type="button"
                    class="button danger wide"
                    on:click=move |_| {
                        answers.set(Answers::default());
                        deleted.set(true);
                    }
                >
                    {move || nm(lang.get()).delete_button}
                </button>
            </section>
        </Show>
        <Show when=move || deleted.get()>
            <p class="state success" role="status">{move || nm(lang.get()).deleted}</p>
        </Show>
    }
}

fn kept_rows(
    l: Lang,
    b: &super::text::BMsgs,
    a: &Answers,
    region: String,
) -> Vec<(String, String)> {
    let m = nm(l);
    let h: &Household = &a.household;
    let hukou = if h.hukou == portal_api::benefits::Hukou::Rural { b.rural } else { b.urban };
    let mut rows = vec![(m.kept_region.to_owned(), format!("{region} · {hukou}"))];
    for (i, p) in h.members.iter().enumerate() {
        let income: Fen = p.wages + p.pension + p.old_age_allowance + p.other_income;
        let age = if l == Lang::Zh { format!("{} 岁", p.age) } else { format!("age {}", p.age) };
        rows.push((person(l, h, i), format!("{age} · {} {}", m.kept_income, yuan(income))));
    }
    rows.push((m.kept_savings.to_owned(), yuan(h.savings)));
    rows.push((m.kept_costs.to_owned(), yuan(h.medical_yearly)));
    if let Some(s) = &a.seen {
        rows.push((m.kept_assessed.to_owned(), s.assessment.date.to_string()));
    }
    rows
}
