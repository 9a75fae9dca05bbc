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
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use sections::NotFound;

#[component]
pub fn App() -> impl IntoView {
    ui::prefs::Prefs::provide();
    benefits::provide();
    ui::auth::provide();
    booking::provide();
    // The static "loading" note in index.html has done its job once the app is mounted.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    view! {
        <Router>
            <ui::Layout>
                <benefits::ChangeNotice />
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=home::HomePage />
                    <Route path=path!("/account") view=account::AccountPage />
                    <Route path=path!("/account/real-name") view=account::RealNamePage />
                    <Route path=path!("/admin/audit") view=account::AuditLogPage />
                    <Route path=path!("/staff/identity") view=account::CounterVerifyPage />
                    <Route path=path!("/booking") view=booking::BookingHome />
                    <Route path=path!("/booking/office") view=booking::OfficePage />
                    <Route path=path!("/booking/day/:office") view=booking::DayPage />
                    <Route path=path!("/booking/time/:office") view=booking::TimePage />
                    <Route path=path!("/booking/check/:id") view=booking::CheckPage />
                    <Route path=path!("/booking/details/:id") view=booking::DetailsPage />
                    <Route path=path!("/booking/done/:id") view=booking::DonePage />
                    <Route path=path!("/booking/move/:id") view=booking::MovePage />
                    <Route path=path!("/booking/mine") view=booking::MinePage />
                    <Route path=path!("/booking/confirm") view=booking::ConfirmPage />
                    <Route path=path!("/booking/divorce") view=booking::DivorcePage />
                    <Route path=path!("/clerk/:office") view=booking::ClerkPage />
                    <Route path=path!("/clerk/:office/settings") view=booking::ClerkSettingsPage />
                    <Route path=path!("/benefits") view=benefits::IntroPage />
                    <Route path=path!("/benefits/result") view=benefits::ResultPage />
                    <Route path=path!("/benefits/:step") view=benefits::StepPage />
                    <Route path=path!("/volunteering") view=volunteering::ListPage />
                    <Route path=path!("/volunteering/activities/:id") view=volunteering::ActivityPage />
                    <Route path=path!("/volunteering/register") view=volunteering::RegisterPage />
                    <Route path=path!("/volunteering/me") view=volunteering::MyPage />
                    <Route path=path!("/volunteering/hours") view=volunteering::HoursPage />
                    <Route path=path!("/volunteering/points") view=volunteering::PointsPage />
                    <Route path=path!("/volunteering/check-in/:shift") view=volunteering::CheckInPage />
                    <Route path=path!("/volunteering/certificate/:code") view=volunteering::CertificatePage />
                    <Route path=path!("/volunteering/verify") view=volunteering::VerifyPage />
                    <Route path=path!("/volunteering/verify/:code") view=volunteering::VerifyPage />
                    <Route path=path!("/organiser/shift/:id") view=volunteering::ShiftPage />
                    <Route path=path!("/organiser/:org") view=volunteering::OrganiserPage />
                    <Route path=path!("/organiser/:org/profile") view=volunteering::OrgProfilePage />
                    <Route path=path!("/organiser/:org/new") view=volunteering::NewActivityPage />
                    <Route path=path!("/organiser/:org/corrections") view=volunteering::CorrectionsPage />
                    <Route path=path!("/organiser/:org/certificates") view=volunteering::RevokePage />
                    <Route path=path!("/organiser/:org/activity/:id") view=volunteering::EditActivityPage />
                    <Route path=path!("/charities") view=charities::SearchPage />
                    <Route path=path!("/charities/shops") view=charities::ShopsPage />
                    <Route path=path!("/charities/check") view=charities::CheckPage />
                    <Route path=path!("/admin/charities") view=charities::ImportPage />
                    <Route path=path!("/charities/org/:code") view=charities::OrgPage />
                </Routes>
            </ui::Layout>
        </Router>
    }
}
