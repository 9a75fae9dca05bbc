//! The one typed API client. Every page calls the server through here, so network failures
//! and problem-details bodies are decoded in one place and shown in the user's language.

use crate::ui::i18n::Msgs;
use gloo_net::http::{Request, Response};
use portal_api::Problem;
use portal_api::account::{AuditPage, CodeRequest, CodeSent, Me, RealNameRequest, VerifyRequest};
use portal_api::benefits::{Policy, PolicyIndexEntry};
use portal_api::booking::{
    Availability, BookingView, CapacityChange, CapacityRequest, ClerkMark, ClosureRequest,
    ConfirmRequest, DayListEntry, DayView, DetailsRequest, DivorceView, HoldRequest, Office,
    OfficeSettings, PartyInput, RescheduleRequest, Service, SpecialDateRequest, StatusRequest,
};
use portal_api::charities::{
    CampaignCheck, CharityInput, CharityShop, ImportJob, SearchQuery, SearchResult, TrustCard,
};
use portal_api::ids::Date;
use portal_api::meta::{Region, ServiceInfo};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, connection reset).
    Network,
    /// The server answered with problem details (and `Retry-After` seconds, if it sent one).
    Problem(Problem, Option<u64>),
    /// The server answered with something that is neither the expected JSON nor a problem.
    Decode { status: u16 },
}

impl ApiError {
    /// A sentence for the resident, in their language.
    pub fn message(&self, m: &'static Msgs) -> &'static str {
        match self {
            ApiError::Network => m.err_network,
            ApiError::Problem(p, _) => m.problem(p.code),
            ApiError::Decode { .. } => m.err_decode,
        }
    }
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    if res.ok() {
        return res.json::<T>().await.map_err(|_| ApiError::Decode { status });
    }
    problem(res).await
}

async fn problem<T>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    let retry = res.headers().get("retry-after").and_then(|v| v.parse().ok());
    match res.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem, retry)),
        Err(_) => Err(ApiError::Decode { status }),
    }
}

impl ApiError {
    /// The problem's code, if the server sent one.
    pub fn code(&self) -> Option<portal_api::ErrorCode> {
        match self {
            ApiError::Problem(p, _) => Some(p.code),
            _ => None,
        }
    }

    /// Field errors the server reported.
    pub fn fields(&self) -> &[portal_api::FieldError] {
        match self {
            ApiError::Problem(p, _) => &p.errors,
            _ => &[],
        }
    }
}

/// POSTs JSON (or nothing) and decodes the JSON answer.
pub async fn post_json<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let req = Request::post(path).header("Accept", "application/json");
    let res = match body {
        Some(b) => req.json(b).map_err(|_| ApiError::Network)?.send().await,
        None => req.send().await,
    }
    .map_err(|_| ApiError::Network)?;
    decode(res).await
}

/// PUTs JSON and decodes the JSON answer.
pub async fn put_json<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let res = Request::put(path)
        .header("Accept", "application/json")
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(res).await
}

/// A request whose success has no body (204).
pub async fn send_empty(method: &str, path: &str) -> Result<(), ApiError> {
    send_for_status::<()>(method, path, None).await
}

/// A request with an optional JSON body whose success has no body (204).
pub async fn send_for_status<B: serde::Serialize>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    let req = match method {
        "DELETE" => Request::delete(path),
        _ => Request::post(path),
    };
    let res = match body {
        Some(b) => req.json(b).map_err(|_| ApiError::Network)?.send().await,
        None => req.send().await,
    }
    .map_err(|_| ApiError::Network)?;
    if res.ok() { Ok(()) } else { problem(res).await }
}

/// Who is signed in (`None`: nobody).
pub async fn me() -> Result<Option<Me>, ApiError> {
    get_json("/api/auth/session").await
}

pub async fn request_code(phone: &str) -> Result<CodeSent, ApiError> {
    post_json("/api/auth/code", Some(&CodeRequest { phone: phone.to_owned() })).await
}

pub async fn verify(phone: &str, code: &str) -> Result<Me, ApiError> {
    post_json(
        "/api/auth/verify",
        Some(&VerifyRequest { phone: phone.to_owned(), code: code.to_owned() }),
    )
    .await
}

pub async fn set_real_name(name: &str, id_number: &str) -> Result<Me, ApiError> {
    let body = RealNameRequest { name: name.to_owned(), id_number: id_number.to_owned() };
    post_json("/api/me/real-name", Some(&body)).await
}

pub async fn audit(before: Option<i64>, action: &str) -> Result<AuditPage, ApiError> {
    let mut path =
        format!("/api/admin/audit?limit=30&action={}", js_sys::encode_uri_component(action));
    if let Some(b) = before {
        path.push_str(&format!("&before={b}"));
    }
    get_json(&path).await
}

pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let res = Request::get(path)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(res).await
}

pub async fn regions() -> Result<Vec<Region>, ApiError> {
    get_json("/api/regions").await
}

pub async fn policies() -> Result<Vec<PolicyIndexEntry>, ApiError> {
    get_json("/api/policies").await
}

/// The current version of a region's policy. `Ok(None)` when the region has none.
pub async fn policy_for(region: &str) -> Result<Option<Policy>, ApiError> {
    let index = policies().await?;
    match index.into_iter().find(|p| p.region == region) {
        Some(entry) => get_json(&entry.url).await.map(Some),
        None => Ok(None),
    }
}

/// The current version of a region's policy with its version. `Ok(None)` when there is none.
pub async fn policy_version_for(region: &str) -> Result<Option<(String, Policy)>, ApiError> {
    let index = policies().await?;
    match index.into_iter().find(|p| p.region == region) {
        Some(entry) => get_json(&entry.url).await.map(|p| Some((entry.version, p))),
        None => Ok(None),
    }
}

pub async fn info() -> Result<ServiceInfo, ApiError> {
    get_json("/api/info").await
}

pub async fn offices() -> Result<Vec<Office>, ApiError> {
    get_json("/api/offices").await
}

pub async fn availability(
    office: &str,
    service: Service,
    day: Date,
) -> Result<Availability, ApiError> {
    get_json(&format!("/api/offices/{office}/availability?service={}&day={day}", service.as_str()))
        .await
}

pub async fn divorces() -> Result<Vec<DivorceView>, ApiError> {
    get_json("/api/divorce").await
}

pub async fn withdraw_divorce(id: i64) -> Result<(), ApiError> {
    send_empty("POST", &format!("/api/divorce/{id}/withdraw")).await
}

/// Holds a slot. `key` is the submission's Idempotency-Key: a retry of the same tap (a flaky
/// connection, a double tap) gets the same hold back instead of a second one.
pub async fn hold(req: &HoldRequest, key: &str) -> Result<BookingView, ApiError> {
    let res = Request::post("/api/bookings/hold")
        .header("Accept", "application/json")
        .header("Idempotency-Key", key)
        .json(req)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(res).await
}

pub async fn office_days(office: &str, service: Service) -> Result<Vec<DayView>, ApiError> {
    get_json(&format!("/api/offices/{office}/days?service={}", service.as_str())).await
}

pub async fn reschedule(id: i64, day: Date, start_min: u32) -> Result<BookingView, ApiError> {
    post_json(
        &format!("/api/bookings/{id}/reschedule"),
        Some(&RescheduleRequest { day, start_min }),
    )
    .await
}

pub async fn clerk_capacity(
    office: &str,
    req: &CapacityRequest,
) -> Result<CapacityChange, ApiError> {
    post_json(&format!("/api/clerk/offices/{office}/capacity"), Some(req)).await
}

pub async fn clerk_special(
    office: &str,
    req: &SpecialDateRequest,
) -> Result<CapacityChange, ApiError> {
    post_json(&format!("/api/clerk/offices/{office}/special-dates"), Some(req)).await
}

pub async fn clerk_settings(
    office: &str,
    req: &OfficeSettings,
) -> Result<CapacityChange, ApiError> {
    put_json(&format!("/api/clerk/offices/{office}/settings"), req).await
}

pub async fn booking_details(
    id: i64,
    partner: Option<PartyInput>,
) -> Result<BookingView, ApiError> {
    post_json(&format!("/api/bookings/{id}/details"), Some(&DetailsRequest { partner })).await
}

pub async fn my_bookings() -> Result<Vec<BookingView>, ApiError> {
    get_json("/api/bookings").await
}

pub async fn cancel_booking(id: i64) -> Result<(), ApiError> {
    send_empty("DELETE", &format!("/api/bookings/{id}")).await
}

/// The booking naming the signed-in resident as the partner, by its reference.
pub async fn partner_booking(reference: &str) -> Result<BookingView, ApiError> {
    get_json(&format!("/api/bookings/partner/{reference}")).await
}

pub async fn confirm_booking(reference: &str) -> Result<(), ApiError> {
    let req = ConfirmRequest { reference: reference.to_owned() };
    send_for_status("POST", "/api/bookings/confirm", Some(&req)).await
}

pub async fn clerk_day(office: &str, day: Date) -> Result<Vec<DayListEntry>, ApiError> {
    get_json(&format!("/api/clerk/offices/{office}/day?date={day}")).await
}

pub async fn clerk_mark(id: i64, status: ClerkMark) -> Result<(), ApiError> {
    let path = format!("/api/clerk/bookings/{id}/status");
    send_for_status("POST", &path, Some(&StatusRequest { status })).await
}

/// Closes an office for a day; answers with the bookings the closure affects.
/// Takes back a no-show marked today.
pub async fn clerk_undo_no_show(id: i64) -> Result<(), ApiError> {
    send_empty("POST", &format!("/api/clerk/bookings/{id}/undo-no-show")).await
}

pub async fn clerk_close(
    office: &str,
    day: Date,
    reason: &str,
) -> Result<Vec<DayListEntry>, ApiError> {
    post_json(
        &format!("/api/clerk/offices/{office}/closures"),
        Some(&ClosureRequest { day, reason: reason.to_owned() }),
    )
    .await
}

/// `GET /api/charities?...`: a page of the charity register.
pub async fn charities(q: &SearchQuery) -> Result<SearchResult, ApiError> {
    get_json(&format!("/api/charities?{}", q.to_query_string())).await
}

/// `GET /api/charities/{code}`: an organisation's trust card.
pub async fn charity(code: &str) -> Result<TrustCard, ApiError> {
    get_json(&format!("/api/charities/{}", js_sys::encode_uri_component(code))).await
}

/// `GET /api/charity-shops`: one district's (or every) shop and donation point.
pub async fn charity_shops(district: &str, open_now: bool) -> Result<Vec<CharityShop>, ApiError> {
    let mut path =
        format!("/api/charity-shops?district={}", js_sys::encode_uri_component(district));
    if district.is_empty() {
        path = "/api/charity-shops?".to_owned();
    }
    if open_now {
        path.push_str("&open_now=true");
    }
    get_json(&path).await
}

/// `GET /api/charity-campaigns/{filing_number}`: the filed campaign, if there is one.
pub async fn charity_campaign(filing: &str) -> Result<CampaignCheck, ApiError> {
    get_json(&format!("/api/charity-campaigns/{}", js_sys::encode_uri_component(filing))).await
}

/// `POST /api/admin/charity-imports`: sends the chosen file as it is (never read into memory
/// here) and starts an import job (administrators); poll it with [`charity_import_job`].
pub async fn start_charity_import(
    file: web_sys::File,
    dry_run: bool,
) -> Result<ImportJob, ApiError> {
    let res = Request::post(&format!("/api/admin/charity-imports?dry_run={dry_run}"))
        .header("Accept", "application/json")
        .header("Content-Type", "text/csv")
        .body(file)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(res).await
}

/// `GET /api/admin/charity-imports/{id}`: the job's progress, and its report once done.
pub async fn charity_import_job(id: &str) -> Result<ImportJob, ApiError> {
    get_json(&format!("/api/admin/charity-imports/{}", js_sys::encode_uri_component(id))).await
}

/// `PUT /api/admin/charities/{code}`: replaces a register entry (administrators).
pub async fn update_charity(code: &str, input: &CharityInput) -> Result<TrustCard, ApiError> {
    put_json(&format!("/api/admin/charities/{}", js_sys::encode_uri_component(code)), input).await
}
