//! A volunteer's hours and what follows from them: my records with totals, stars and points,
//! correction requests, and certificates (志愿服务记录证明) with an unguessable code.

use super::checks::{self, client, field, finish, text};
use super::db;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult, Constraint, violated};
use crate::extract::Json;
use crate::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_api::volunteering::{
    CertificateLine, CertificateRequest, CertificateView, CorrectionRequest, MyHours,
    certificate_code, shift_half_hours, star_level,
};
use portal_api::{ErrorCode, FieldCode, Problem};

/// Who issues a certificate that covers every organisation: the platform compiles what each
/// organisation recorded and certified (谁记录谁证明: every line names its organisation).
pub const PLATFORM_ISSUER: &str = "民政便民服务平台（汇总各志愿服务组织的记录）";

/// My records (current versions), with totals that count verified hours only.
#[utoipa::path(get, path = "/api/volunteering/me/hours", tag = "volunteering",
    responses((status = 200, body = MyHours), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn hours(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<MyHours>> {
    checks::volunteer(&state, s.account_id).await?;
    let rows = db::records_of(&state.db.pool, s.account_id).await?;
    let counted = rows.iter().filter(|r| r.status.counts());
    let verified: u32 = counted.clone().map(|r| r.half_hours as u32).sum();
    let points: u32 = counted.map(|r| r.points as u32).sum();
    Ok(axum::Json(MyHours {
        records: rows.iter().map(db::RecordRow::view).collect(),
        verified_half_hours: verified,
        stars: star_level(verified),
        points,
    }))
}

/// Asks the organisation to correct a record (hours wanted and a reason). One open request
/// per record.
#[utoipa::path(post, path = "/api/volunteering/records/{signup_id}/correction", tag = "volunteering",
    params(("signup_id" = i64, Path)), request_body = CorrectionRequest,
    responses((status = 201), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn correction(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(signup_id): Path<i64>,
    Json(req): Json<CorrectionRequest>,
) -> AppResult<StatusCode> {
    let record = db::current_record(&state.db.pool, signup_id)
        .await?
        .filter(|r| r.account_id == s.account_id)
        .ok_or_else(|| AppError::not_found("no such record"))?;
    let g = db::signup(&state.db.pool, record.signup_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such record"))?;
    let shift = db::shift(&state.db.pool, g.shift_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such shift"))?;
    let mut errors = Vec::new();
    text(&mut errors, "reason", &req.reason, true, 500);
    finish(errors)?;
    if req.half_hours > shift_half_hours(shift.starts_at, shift.ends_at) {
        return Err(field("half_hours", FieldCode::Hours));
    }
    let now = state.clock.now();
    match db::insert_correction(
        &state.db.pool,
        signup_id,
        s.account_id,
        req.half_hours,
        req.reason.trim(),
        now,
    )
    .await
    {
        Ok(_) => Ok(StatusCode::CREATED),
        Err(e) if violated(&e) == Some(Constraint::VolunteerCorrection) => {
            Err(client(ErrorCode::Conflict, "a correction request for this record is open"))
        }
        Err(e) => Err(e.into()),
    }
}

fn cert_view(c: db::CertificateRow) -> CertificateView {
    CertificateView {
        code: c.code,
        issued_on: c.issued_on,
        name: c.name,
        masked_id: c.masked_id,
        volunteer_number: c.volunteer_number,
        from: c.from_day,
        to: c.to_day,
        issuer: c.issuer,
        lines: serde_json::from_str(&c.lines).unwrap_or_default(),
        total_half_hours: c.total_half_hours as u32,
    }
}

/// Issues a certificate for a period (optionally one organisation's records): the verified
/// records as they stand now, kept as issued, under a fresh 80-bit code.
#[utoipa::path(post, path = "/api/volunteering/certificates", tag = "volunteering",
    request_body = CertificateRequest,
    responses((status = 201, body = CertificateView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn issue(
    State(state): State<AppState>,
    Resident(s): Resident,
    Json(req): Json<CertificateRequest>,
) -> AppResult<Response> {
    let v = checks::volunteer(&state, s.account_id).await?;
    let p = checks::real_name(&state, s.account_id).await?;
    if req.to < req.from || req.from.days_until(req.to) > 366 * 10 {
        return Err(field("to", FieldCode::Range));
    }
    let issuer = match &req.org {
        Some(code) => {
            db::org(&state.db.pool, code)
                .await?
                .ok_or_else(|| field("org", FieldCode::Invalid))?
                .name
        }
        None => PLATFORM_ISSUER.to_owned(),
    };
    let rows = db::records_of(&state.db.pool, s.account_id).await?;
    let mut lines: Vec<CertificateLine> = rows
        .iter()
        .filter(|r| r.status.counts() && r.half_hours > 0)
        .filter(|r| r.day >= req.from && r.day <= req.to)
        .filter(|r| req.org.as_ref().is_none_or(|o| *o == r.org_code))
        .map(|r| CertificateLine {
            day: r.day,
            activity: r.activity_title.clone(),
            org_code: r.org_code.clone(),
            org_name: r.org_name.clone(),
            category: r.category,
            half_hours: r.half_hours as u32,
        })
        .collect();
    if lines.is_empty() {
        return Err(field("from", FieldCode::Range));
    }
    lines.sort_by_key(|l| l.day);
    let total = lines.iter().map(|l| l.half_hours).sum();
    let code = certificate_code(&crate::crypto::random_bytes::<10>());
    let lines_json =
        serde_json::to_string(&lines).map_err(|e| AppError::Internal(e.to_string()))?;
    let cert = db::NewCertificate {
        code: &code,
        account_id: s.account_id,
        org_code: req.org.as_deref(),
        from: req.from,
        to: req.to,
        issued_on: state.office_today(),
        now: state.clock.now(),
        name: &p.name,
        masked_id: &p.masked_id,
        volunteer_number: &v.number,
        issuer: &issuer,
        lines: &lines_json,
        total_half_hours: total,
    };
    db::insert_certificate(&state.db.pool, &cert).await?;
    let row = db::certificate(&state.db.pool, &code)
        .await?
        .ok_or_else(|| AppError::Internal("certificate vanished".into()))?;
    Ok((StatusCode::CREATED, axum::Json(cert_view(row))).into_response())
}

/// The volunteer's certificates, newest first.
#[utoipa::path(get, path = "/api/volunteering/me/certificates", tag = "volunteering",
    responses((status = 200, body = Vec<CertificateView>), (status = 401, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    Resident(s): Resident,
) -> AppResult<axum::Json<Vec<CertificateView>>> {
    let rows = db::certificates_of(&state.db.pool, s.account_id).await?;
    Ok(axum::Json(rows.into_iter().map(cert_view).collect()))
}
