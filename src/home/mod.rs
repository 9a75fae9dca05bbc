//! The home page: one line on each of the four services, and the regions served.

use crate::api;
use crate::sections::Section;
use crate::ui::prefs::{use_prefs, use_t, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_t();
    use_title(|m| m.home_title);
    view! {
        <div class="page">
            <h1>{move || t().home_title}</h1>
            <p class="lead">{move || t().home_intro}</p>
            <crate::booking::NextBooking />
            <nav aria-label=move || t().main_nav>
                <ul class="service-list">
                    {Section::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li>
                                    <A href=s.path() attr:class=format!("service-card {}", s.slug())>
                                        <span class="service-icon" aria-hidden="true">{s.glyph()}</span>
                                        <span class="service-text">
                                            <span class="service-name">{move || s.name(t())}</span>
                                            <span class="service-desc">{move || s.desc(t())}</span>
                                        </span>
                                        <span class="chevron" aria-hidden="true">"›"</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <Regions />
        </div>
        <crate::ui::BootDone />
    }
}

#[component]
fn Regions() -> impl IntoView {
    let t = use_t();
    let lang = use_prefs().lang;
    let regions = LocalResource::new(api::regions);
    view! {
        <section class="regions" aria-labelledby="regions-title">
            <h2 id="regions-title">{move || t().regions_title}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    regions
                        .get()
                        .map(|result| match result {
                            Err(e) => {
                                view! { <ErrorNotice error=e on_retry=move |()| regions.refetch() /> }
                                    .into_any()
                            }
                            Ok(list) if list.is_empty() => {
                                view! { <p class="state empty">{move || t().regions_empty}</p> }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="region-list">
                                        {list
                                            .into_iter()
                                            .map(|r| {
                                                let demo = r.demo;
                                                view! {
                                                    <li>
                                                        <span>
                                                            {move || {
                                                                if lang.get() == crate::ui::i18n::Lang::Zh {
                                                                    r.name_zh.clone()
                                                                } else {
                                                                    r.name_en.clone()
                                                                }
                                                            }}
                                                        </span>
                                                        <Show when=move || demo>
                                                            <span class="badge">{move || t().demo_badge}</span>
                                                        </Show>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
