//! The volunteering calls, on top of `crate::api` (which decodes answers and problems).

use crate::api::{ApiError, get_json, post_json, put_json, send_empty, send_for_status};
use portal_api::volunteering::{
    ActivityPage, ActivityView, CertificateCheck, CertificateRequest, CertificateView, CheckInCode,
    CodeRequest, CorrectionRequest, DecisionRequest, MyHours, RecordView, RosterEntry, SignupView,
    VolunteerRequest, VolunteerView,
};

const BASE: &str = "/api/volunteering";

/// One page of the list; `query` holds the filters and, after the first page, `before`.
pub async fn activities(query: &str) -> Result<ActivityPage, ApiError> {
    get_json(&format!("{BASE}/activities?{query}")).await
}

pub async fn activity(id: i64) -> Result<ActivityView, ApiError> {
    get_json(&format!("{BASE}/activities/{id}")).await
}

pub async fn me() -> Result<VolunteerView, ApiError> {
    get_json(&format!("{BASE}/me")).await
}

pub async fn register(req: &VolunteerRequest) -> Result<VolunteerView, ApiError> {
    put_json(&format!("{BASE}/me"), req).await
}

pub async fn signups() -> Result<Vec<SignupView>, ApiError> {
    get_json(&format!("{BASE}/signups")).await
}

pub async fn sign_up(shift: i64) -> Result<SignupView, ApiError> {
    post_json::<(), _>(&format!("{BASE}/shifts/{shift}/signup"), None).await
}

pub async fn withdraw(signup: i64) -> Result<(), ApiError> {
    send_empty("DELETE", &format!("{BASE}/signups/{signup}")).await
}

/// `what` is `check-in` or `check-out`.
pub async fn check(shift: i64, what: &str, code: &str) -> Result<SignupView, ApiError> {
    let body = CodeRequest { code: code.to_owned() };
    post_json(&format!("{BASE}/shifts/{shift}/{what}"), Some(&body)).await
}

pub async fn hours() -> Result<MyHours, ApiError> {
    get_json(&format!("{BASE}/me/hours")).await
}

pub async fn correction(signup: i64, req: &CorrectionRequest) -> Result<(), ApiError> {
    send_for_status("POST", &format!("{BASE}/records/{signup}/correction"), Some(req)).await
}

pub async fn issue(req: &CertificateRequest) -> Result<CertificateView, ApiError> {
    post_json(&format!("{BASE}/certificates"), Some(req)).await
}

pub async fn certificates() -> Result<Vec<CertificateView>, ApiError> {
    get_json(&format!("{BASE}/me/certificates")).await
}

pub async fn verify(code: &str) -> Result<CertificateCheck, ApiError> {
    get_json(&format!("{BASE}/certificates/{code}")).await
}

/// The organisation's activities, newest first; `before`: the page after the one whose `next`
/// it is.
pub async fn org_activities(org: &str, before: Option<i64>) -> Result<ActivityPage, ApiError> {
    let after = before.map(|b| format!("?before={b}")).unwrap_or_default();
    get_json(&format!("{BASE}/orgs/{org}/activities{after}")).await
}

pub async fn roster(shift: i64) -> Result<Vec<RosterEntry>, ApiError> {
    get_json(&format!("{BASE}/shifts/{shift}/roster")).await
}

pub async fn code(shift: i64) -> Result<CheckInCode, ApiError> {
    get_json(&format!("{BASE}/shifts/{shift}/code")).await
}

/// The organiser marks someone: `check-in` or `check-out`.
pub async fn mark(signup: i64, what: &str) -> Result<(), ApiError> {
    send_empty("POST", &format!("{BASE}/signups/{signup}/{what}")).await
}

pub async fn decide(signup: i64, req: &DecisionRequest) -> Result<RecordView, ApiError> {
    post_json(&format!("{BASE}/signups/{signup}/hours"), Some(req)).await
}

pub async fn approve_all(shift: i64) -> Result<Vec<RosterEntry>, ApiError> {
    post_json::<(), _>(&format!("{BASE}/shifts/{shift}/approve-all"), None).await
}

pub async fn org(code: &str) -> Result<portal_api::volunteering::OrganisationView, ApiError> {
    get_json(&format!("{BASE}/orgs/{code}")).await
}

pub async fn save_org(
    code: &str,
    req: &portal_api::volunteering::OrganisationRequest,
) -> Result<portal_api::volunteering::OrganisationView, ApiError> {
    put_json(&format!("{BASE}/orgs/{code}"), req).await
}

pub async fn create_activity(
    org: &str,
    req: &portal_api::volunteering::ActivityRequest,
) -> Result<ActivityView, ApiError> {
    post_json(&format!("{BASE}/orgs/{org}/activities"), Some(req)).await
}

pub async fn add_shift(
    activity: i64,
    req: &portal_api::volunteering::ShiftRequest,
) -> Result<portal_api::volunteering::ShiftView, ApiError> {
    post_json(&format!("{BASE}/activities/{activity}/shifts"), Some(req)).await
}

pub async fn corrections(
    org: &str,
) -> Result<Vec<portal_api::volunteering::CorrectionView>, ApiError> {
    get_json(&format!("{BASE}/orgs/{org}/corrections")).await
}

pub async fn answer(
    id: i64,
    req: &portal_api::volunteering::CorrectionAnswer,
) -> Result<(), ApiError> {
    send_for_status("POST", &format!("{BASE}/corrections/{id}"), Some(req)).await
}

pub async fn cancel_shift(shift: i64) -> Result<(), ApiError> {
    send_empty("POST", &format!("{BASE}/shifts/{shift}/cancel")).await
}

pub async fn edit_activity(
    id: i64,
    req: &portal_api::volunteering::ActivityRequest,
) -> Result<ActivityView, ApiError> {
    put_json(&format!("{BASE}/activities/{id}"), req).await
}

pub async fn report(
    signup: i64,
    req: &portal_api::volunteering::SelfReportRequest,
) -> Result<RecordView, ApiError> {
    post_json(&format!("{BASE}/signups/{signup}/report"), Some(req)).await
}

pub async fn revoke(
    code: &str,
    req: &portal_api::volunteering::RevokeRequest,
) -> Result<(), ApiError> {
    send_for_status("POST", &format!("{BASE}/certificates/{code}/revoke"), Some(req)).await
}
