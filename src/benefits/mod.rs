//! Benefit self-assessment (救助自测): an intro, a one-topic-per-page wizard, a check-your-
//! answers page and the result cards. Answers live in this browser's local storage only; the
//! rules run here, on the policy file fetched from the server (no household data is sent).
//!
//! One file per wizard step or group of steps: `household` (region, members), `person`,
//! `income`, `assets` (assets, costs), `situation` (emergency, supporter), `check`; `frame`
//! holds the question page and its fields, `result` the result page.

mod assets;
mod check;
mod frame;
mod household;
mod income;
mod intro;
mod keep;
pub mod labels;
mod next;
mod person;
pub mod reasons;
mod result;
mod situation;
mod status_reasons;
pub mod text;
mod words;

pub use intro::IntroPage;
pub use keep::ChangeNotice;
pub use result::ResultPage;

use crate::ui::prefs::use_prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use portal_api::benefits::wizard::{self, Step};
use portal_api::benefits::{Assessment, Household, Member};
use portal_api::ids::Date;
use serde::{Deserialize, Serialize};
use text::{BMsgs, bm};

const KEY: &str = "portal.benefits";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub region: Option<String>,
    pub household: Household,
    /// The resident has begun (so the intro offers "continue").
    pub started: bool,
    /// The pages answered so far (their slugs): a page not yet answered shows no answer
    /// chosen, rather than the model's defaults for a hurried resident to submit unread.
    #[serde(default)]
    pub answered: Vec<String>,
    /// The resident agreed to keep the answers on this phone (local storage), so the app can
    /// tell them when new standards change their result. Without it the answers last for this
    /// tab only (session storage).
    #[serde(default)]
    pub keep: bool,
    /// The result last shown and the policy version it was worked out under.
    #[serde(default)]
    pub seen: Option<Seen>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    pub version: String,
    pub assessment: Assessment,
}

impl Answers {
    pub fn has_answered(&self, step: Step) -> bool {
        self.answered.iter().any(|s| *s == step.slug())
    }
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            region: None,
            household: Household { members: vec![Member::default()], ..Default::default() },
            started: false,
            answered: vec![],
            keep: false,
            seen: None,
        }
    }
}

/// The answers, read back from storage by the first page that needs them ([`use_wizard`]), so
/// the app's first load carries no code for them (issue 14: they are the benefit pages' and
/// the kept-answers check's, each its own module).
#[derive(Clone)]
pub struct Wizard {
    answers: RwSignal<Answers>,
    restored: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The app's: the effect that saves the answers lives as long as the app, not the page
    /// that happened to restore them.
    owner: Owner,
}

/// Makes room for the answers (restored on first use, then saved on every change: in local
/// storage only with the resident's consent, otherwise in session storage) and, for kept
/// answers, starts the check against the region's current policy version (政策找人).
pub fn provide() {
    let wizard = Wizard {
        answers: RwSignal::new(Answers::default()),
        restored: Default::default(),
        owner: Owner::current().expect("benefits::provide runs inside the app"),
    };
    provide_context(wizard.clone());
    keep::provide_changes(wizard);
}

/// The answers, restored from storage the first time they are asked for.
fn restore(w: &Wizard) -> RwSignal<Answers> {
    use std::sync::atomic::Ordering;
    if !w.restored.swap(true, Ordering::Relaxed) {
        let initial = [keep::local(), keep::session()]
            .into_iter()
            .flatten()
            .find_map(|s| s.get_item(KEY).ok().flatten())
            .and_then(|s| serde_json::from_str::<Answers>(&s).ok());
        if let Some(a) = initial {
            w.answers.set(a);
        }
        let answers = w.answers;
        w.owner.with(|| {
            Effect::new(move |_| {
                let a = answers.get();
                let Ok(json) = serde_json::to_string(&a) else { return };
                let (to, other) = if a.keep {
                    (keep::local(), keep::session())
                } else {
                    (keep::session(), keep::local())
                };
                if let Some(s) = to {
                    // Private browsing may refuse; the answers then last for this page only.
                    let _ = s.set_item(KEY, &json);
                }
                if let Some(s) = other {
                    let _ = s.remove_item(KEY);
                }
            })
        });
    }
    w.answers
}

pub(super) fn use_wizard() -> RwSignal<Answers> {
    restore(&expect_context::<Wizard>())
}

pub(super) fn use_b() -> impl Fn() -> &'static BMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || bm(lang.get())
}

/// Today in the city's calendar (UTC+8), the day the server counts too, not the phone's own
/// time zone: a figure in force "from 1 July" is in force from 1 July in the city.
pub fn today() -> Date {
    crate::ui::office_today()
}

pub(super) fn step_href(s: Step) -> String {
    format!("/benefits/{}", s.slug())
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
            Some(Step::Region) => view! { <household::RegionStep /> }.into_any(),
            Some(Step::Members) => view! { <household::MembersStep /> }.into_any(),
            Some(Step::Person(i)) if i < members => view! { <person::PersonStep i=i /> }.into_any(),
            Some(Step::Income(i)) if i < members => view! { <income::IncomeStep i=i /> }.into_any(),
            Some(Step::Assets) => view! { <assets::AssetsStep /> }.into_any(),
            Some(Step::Costs) => view! { <assets::CostsStep /> }.into_any(),
            Some(Step::Emergency) => view! { <situation::EmergencyStep /> }.into_any(),
            Some(Step::Supporter) => view! { <situation::SupporterStep /> }.into_any(),
            Some(Step::Check) => view! { <check::CheckStep /> }.into_any(),
            _ => view! { <crate::sections::NotFound /> }.into_any(),
        }
    }
}

pub(super) fn next_of(answers: RwSignal<Answers>, step: Step) -> Option<Step> {
    answers.with_untracked(|a| wizard::next(&a.household, step))
}
