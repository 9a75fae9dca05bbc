//! The four services. Each gets its own folder as it is built (booking/, benefits/,
//! volunteering/, charities/); until then its page says what it will do and that it is coming
//! (only volunteering is still to come).

use crate::ui::i18n::Msgs;
use crate::ui::prefs::{use_t, use_title};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Booking,
    Benefits,
    Volunteering,
    Charities,
}

impl Section {
    pub const ALL: [Section; 4] =
        [Section::Booking, Section::Benefits, Section::Volunteering, Section::Charities];

    pub fn slug(self) -> &'static str {
        match self {
            Section::Booking => "booking",
            Section::Benefits => "benefits",
            Section::Volunteering => "volunteering",
            Section::Charities => "charities",
        }
    }

    pub fn path(self) -> String {
        format!("/{}", self.slug())
    }

    /// A one-character mark for the card; decorative only.
    pub fn glyph(self) -> &'static str {
        match self {
            Section::Booking => "婚",
            Section::Benefits => "助",
            Section::Volunteering => "志",
            Section::Charities => "慈",
        }
    }

    pub fn name(self, m: &'static Msgs) -> &'static str {
        match self {
            Section::Booking => m.booking,
            Section::Benefits => m.benefits,
            Section::Volunteering => m.volunteering,
            Section::Charities => m.charities,
        }
    }

    pub fn desc(self, m: &'static Msgs) -> &'static str {
        match self {
            Section::Booking => m.booking_desc,
            Section::Benefits => m.benefits_desc,
            Section::Volunteering => m.volunteering_desc,
            Section::Charities => m.charities_desc,
        }
    }
}

/// A service page that is not built yet.
#[component]
pub fn ComingSoon(section: Section) -> impl IntoView {
    let t = use_t();
    use_title(move |m| section.name(m));
    view! {
        <div class="page">
            <h1>{move || section.name(t())}</h1>
            <p class="lead">{move || section.desc(t())}</p>
            <div class="state notice" role="note">
                <h2>{move || t().coming_soon_title}</h2>
                <p>{move || t().coming_soon_body}</p>
            </div>
            <A href="/" attr:class="button secondary">{move || t().back_home}</A>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_t();
    use_title(|m| m.not_found_title);
    view! {
        <div class="page">
            <h1>{move || t().not_found_title}</h1>
            <div class="state notice" role="note">
                <p>{move || t().not_found_body}</p>
            </div>
            <A href="/" attr:class="button primary">{move || t().back_home}</A>
        </div>
        <crate::ui::BootDone />
    }
}
