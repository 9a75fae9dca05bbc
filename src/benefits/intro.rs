//! The self-assessment's start page: what it does, the privacy promise, start or resume.

use super::{Answers, use_b, use_wizard};
use crate::ui::prefs::use_title;
use leptos::prelude::*;
use leptos_router::components::A;

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
            <super::keep::KeptAnswers />
        </div>
    }
}
