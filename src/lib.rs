//! The portal app: the route table and the shell. Pages live in one folder per feature.

pub mod account;
pub mod api;
pub mod benefits;
pub mod booking;
pub mod charities;
pub mod home;
pub mod sections;
pub mod ui;
pub mod volunteering;

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use sections::NotFound;

/// Pages loaded on first use, one module per feature: with the `split` feature (`cargo xtask
/// build`) each feature's pages are their own WASM module, fetched when one of them is first
/// visited (per feature, not per page: per page the splitter made 549 files, a route loading up
/// to 148 of them); without it the same table works from one module.
macro_rules! feature_pages {
    ($pages:ident, $kind:ident, [$($route:ident => $page:path),* $(,)?]) => {
        #[derive(Clone, Copy)]
        pub enum $kind {
            $($route),*
        }
        #[cfg(feature = "split")]
        #[leptos::lazy]
        fn $pages(page: $kind) -> AnyView {
            match page {
                $($kind::$route => view! { <$page /> }.into_any()),*
            }
        }
        #[cfg(not(feature = "split"))]
        async fn $pages(page: $kind) -> AnyView {
            match page {
                $($kind::$route => view! { <$page /> }.into_any()),*
            }
        }
        $(
            pub struct $route;
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                async fn view(_this: Self) -> AnyView {
                    let page = $pages($kind::$route).await;
                    view! { {page} <ui::BootDone /> }.into_any()
                }
            }
        )*
    };
}

feature_pages!(account_pages, AccountPages, [
    AccountAccountPageRoute => account::AccountPage,
    AccountRealNamePageRoute => account::RealNamePage,
    AccountAuditLogPageRoute => account::AuditLogPage,
    AccountCounterVerifyPageRoute => account::CounterVerifyPage,
]);
feature_pages!(booking_pages, BookingPages, [
    BookingBookingHomeRoute => booking::BookingHome,
    BookingOfficePageRoute => booking::OfficePage,
    BookingDayPageRoute => booking::DayPage,
    BookingTimePageRoute => booking::TimePage,
    BookingCheckPageRoute => booking::CheckPage,
    BookingDetailsPageRoute => booking::DetailsPage,
    BookingDonePageRoute => booking::DonePage,
    BookingMovePageRoute => booking::MovePage,
    BookingMinePageRoute => booking::MinePage,
    BookingConfirmPageRoute => booking::ConfirmPage,
    BookingDivorcePageRoute => booking::DivorcePage,
    BookingClerkPageRoute => booking::ClerkPage,
    BookingClerkSettingsPageRoute => booking::ClerkSettingsPage,
]);
feature_pages!(benefits_pages, BenefitsPages, [
    BenefitsIntroPageRoute => benefits::IntroPage,
    BenefitsResultPageRoute => benefits::ResultPage,
    BenefitsStepPageRoute => benefits::StepPage,
]);
feature_pages!(volunteering_pages, VolunteeringPages, [
    VolunteeringListPageRoute => volunteering::ListPage,
    VolunteeringActivityPageRoute => volunteering::ActivityPage,
    VolunteeringRegisterPageRoute => volunteering::RegisterPage,
    VolunteeringMyPageRoute => volunteering::MyPage,
    VolunteeringHoursPageRoute => volunteering::HoursPage,
    VolunteeringPointsPageRoute => volunteering::PointsPage,
    VolunteeringCheckInPageRoute => volunteering::CheckInPage,
    VolunteeringCertificatePageRoute => volunteering::CertificatePage,
    VolunteeringVerifyPageRoute => volunteering::VerifyPage,
    VolunteeringShiftPageRoute => volunteering::ShiftPage,
    VolunteeringOrganiserPageRoute => volunteering::OrganiserPage,
    VolunteeringOrgProfilePageRoute => volunteering::OrgProfilePage,
    VolunteeringNewActivityPageRoute => volunteering::NewActivityPage,
    VolunteeringCorrectionsPageRoute => volunteering::CorrectionsPage,
    VolunteeringRevokePageRoute => volunteering::RevokePage,
    VolunteeringEditActivityPageRoute => volunteering::EditActivityPage,
]);
feature_pages!(charities_pages, CharitiesPages, [
    CharitiesSearchPageRoute => charities::SearchPage,
    CharitiesShopsPageRoute => charities::ShopsPage,
    CharitiesCheckPageRoute => charities::CheckPage,
    CharitiesImportPageRoute => charities::ImportPage,
    CharitiesOrgPageRoute => charities::OrgPage,
]);

#[component]
pub fn App() -> impl IntoView {
    ui::prefs::Prefs::provide();
    benefits::provide();
    ui::auth::provide();
    booking::provide();
    // index.html's `#boot` (the loading note, or the route's first screen drawn ahead) stays
    // until the route's page has drawn itself (`ui::BootDone`); should the page's module not
    // arrive, the app shows itself anyway after a while, with its own progress bar.
    set_timeout(ui::remove_boot, std::time::Duration::from_secs(8));
    // A feature's pages arrive on first visit (their own module): a thin bar says so meanwhile.
    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            <Show when=move || routing.get()>
                <div class="route-progress" aria-hidden="true"></div>
            </Show>
            <ui::Layout>
                <benefits::ChangeNotice />
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=home::HomePage />
                    <Route path=path!("/account") view={Lazy::<AccountAccountPageRoute>::new()} />
                    <Route path=path!("/account/real-name") view={Lazy::<AccountRealNamePageRoute>::new()} />
                    <Route path=path!("/admin/audit") view={Lazy::<AccountAuditLogPageRoute>::new()} />
                    <Route path=path!("/staff/identity") view={Lazy::<AccountCounterVerifyPageRoute>::new()} />
                    <Route path=path!("/booking") view={Lazy::<BookingBookingHomeRoute>::new()} />
                    <Route path=path!("/booking/office") view={Lazy::<BookingOfficePageRoute>::new()} />
                    <Route path=path!("/booking/day/:office") view={Lazy::<BookingDayPageRoute>::new()} />
                    <Route path=path!("/booking/time/:office") view={Lazy::<BookingTimePageRoute>::new()} />
                    <Route path=path!("/booking/check/:id") view={Lazy::<BookingCheckPageRoute>::new()} />
                    <Route path=path!("/booking/details/:id") view={Lazy::<BookingDetailsPageRoute>::new()} />
                    <Route path=path!("/booking/done/:id") view={Lazy::<BookingDonePageRoute>::new()} />
                    <Route path=path!("/booking/move/:id") view={Lazy::<BookingMovePageRoute>::new()} />
                    <Route path=path!("/booking/mine") view={Lazy::<BookingMinePageRoute>::new()} />
                    <Route path=path!("/booking/confirm") view={Lazy::<BookingConfirmPageRoute>::new()} />
                    <Route path=path!("/booking/divorce") view={Lazy::<BookingDivorcePageRoute>::new()} />
                    <Route path=path!("/clerk/:office") view={Lazy::<BookingClerkPageRoute>::new()} />
                    <Route path=path!("/clerk/:office/settings") view={Lazy::<BookingClerkSettingsPageRoute>::new()} />
                    <Route path=path!("/benefits") view={Lazy::<BenefitsIntroPageRoute>::new()} />
                    <Route path=path!("/benefits/result") view={Lazy::<BenefitsResultPageRoute>::new()} />
                    <Route path=path!("/benefits/:step") view={Lazy::<BenefitsStepPageRoute>::new()} />
                    <Route path=path!("/volunteering") view={Lazy::<VolunteeringListPageRoute>::new()} />
                    <Route path=path!("/volunteering/activities/:id") view={Lazy::<VolunteeringActivityPageRoute>::new()} />
                    <Route path=path!("/volunteering/register") view={Lazy::<VolunteeringRegisterPageRoute>::new()} />
                    <Route path=path!("/volunteering/me") view={Lazy::<VolunteeringMyPageRoute>::new()} />
                    <Route path=path!("/volunteering/hours") view={Lazy::<VolunteeringHoursPageRoute>::new()} />
                    <Route path=path!("/volunteering/points") view={Lazy::<VolunteeringPointsPageRoute>::new()} />
                    <Route path=path!("/volunteering/check-in/:shift") view={Lazy::<VolunteeringCheckInPageRoute>::new()} />
                    <Route path=path!("/volunteering/certificate/:code") view={Lazy::<VolunteeringCertificatePageRoute>::new()} />
                    <Route path=path!("/volunteering/verify") view={Lazy::<VolunteeringVerifyPageRoute>::new()} />
                    <Route path=path!("/volunteering/verify/:code") view={Lazy::<VolunteeringVerifyPageRoute>::new()} />
                    <Route path=path!("/organiser/shift/:id") view={Lazy::<VolunteeringShiftPageRoute>::new()} />
                    <Route path=path!("/organiser/:org") view={Lazy::<VolunteeringOrganiserPageRoute>::new()} />
                    <Route path=path!("/organiser/:org/profile") view={Lazy::<VolunteeringOrgProfilePageRoute>::new()} />
                    <Route path=path!("/organiser/:org/new") view={Lazy::<VolunteeringNewActivityPageRoute>::new()} />
                    <Route path=path!("/organiser/:org/corrections") view={Lazy::<VolunteeringCorrectionsPageRoute>::new()} />
                    <Route path=path!("/organiser/:org/certificates") view={Lazy::<VolunteeringRevokePageRoute>::new()} />
                    <Route path=path!("/organiser/:org/activity/:id") view={Lazy::<VolunteeringEditActivityPageRoute>::new()} />
                    <Route path=path!("/charities") view={Lazy::<CharitiesSearchPageRoute>::new()} />
                    <Route path=path!("/charities/shops") view={Lazy::<CharitiesShopsPageRoute>::new()} />
                    <Route path=path!("/charities/check") view={Lazy::<CharitiesCheckPageRoute>::new()} />
                    <Route path=path!("/admin/charities") view={Lazy::<CharitiesImportPageRoute>::new()} />
                    <Route path=path!("/charities/org/:code") view={Lazy::<CharitiesOrgPageRoute>::new()} />
                </Routes>
            </ui::Layout>
        </Router>
    }
}
