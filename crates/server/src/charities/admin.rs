//! The register kept by bureau administrators (role `admin`): create or update one entry, and
//! import many from CSV. An import is all or nothing: one refused line and nothing is written;
//! a dry run reports what would happen. Every change goes to the audit log.

use super::{db, path_code, pinyin_key, public::trust_card};
use crate::AppState;
use crate::account::auth::Admin;
use crate::audit::{self, Event};
use crate::error::{AppError, AppResult};
use crate::extract::Json;
use crate::extract::Path;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use portal_api::charities::import::{
    CAMPAIGN_CSV_COLUMNS, CSV_COLUMNS, FlaggedCode, REPORT_CSV_COLUMNS, campaign_from_csv,
    column_of_field, from_csv_record, issue_of, report_from_csv,
};
use portal_api::charities::{CharityInput, ImportIssue, ImportLineError, ImportReport, TrustCard};
use portal_api::{ErrorCode, FieldCode, FieldError, Problem};
use serde::Deserialize;
use sqlx::AnyConnection;
use std::collections::HashSet;

/// Most data lines one import may hold.
pub const MAX_IMPORT_LINES: u64 = 50_000;

async fn save(
    conn: &mut AnyConnection,
    input: &mut CharityInput,
    now: i64,
    children: bool,
) -> Result<(i64, bool, Vec<portal_api::charities::ReviewFlag>), AppError> {
    let flags = input.validate().map_err(AppError::Validation)?;
    let (pinyin, initials) = pinyin_key(&input.name);
    let (id, created) =
        db::upsert_charity(conn, input, &flags, &pinyin, &initials, now, false, children).await?;
    Ok((id, created, flags))
}

async fn audit_edit(
    conn: &mut AnyConnection,
    admin: &Admin,
    now: i64,
    action: &str,
    object: &str,
) -> Result<(), sqlx::Error> {
    let actor = admin.session.actor();
    let event = Event {
        actor_id: Some(admin.session.account_id),
        actor: &actor,
        action,
        object,
        ip: &admin.session.ip,
    };
    audit::record(conn, now, event).await
}

/// Adds an organisation to the register (with its reports and campaigns).
#[utoipa::path(post, path = "/api/admin/charities", request_body = CharityInput, responses(
    (status = 201, body = TrustCard), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 409, body = Problem)
))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Json(mut input): Json<CharityInput>,
) -> AppResult<(StatusCode, axum::Json<TrustCard>)> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let (_, created, _) = save(&mut tx, &mut input, now, true).await?;
    if !created {
        return Err(AppError::client(
            ErrorCode::Conflict,
            format!("{} is already on the register: update it instead", input.credit_code),
        ));
    }
    audit_edit(&mut tx, &admin, now, "charities.create", &input.credit_code).await?;
    let card = trust_card(&mut tx, &input.credit_code, state.office_today()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(card)))
}

/// Replaces an organisation's entry (mark it revoked or dissolved here too).
#[utoipa::path(put, path = "/api/admin/charities/{credit_code}", request_body = CharityInput,
    params(("credit_code" = String, Path, description = "unified social credit code")),
    responses((status = 200, body = TrustCard), (status = 400, body = Problem),
    (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(raw): Path<String>,
    Json(mut input): Json<CharityInput>,
) -> AppResult<axum::Json<TrustCard>> {
    let code = path_code(&raw)?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !db::exists(&mut tx, &code).await? {
        return Err(super::not_found_charity(&code));
    }
    input.validate().map_err(AppError::Validation)?;
    if input.credit_code != code {
        return Err(AppError::Validation(vec![FieldError {
            field: "credit_code".into(),
            code: FieldCode::Mismatch,
        }]));
    }
    save(&mut tx, &mut input, now, true).await?;
    audit_edit(&mut tx, &admin, now, "charities.update", &code).await?;
    let card = trust_card(&mut tx, &code, state.office_today()).await?;
    tx.commit().await?;
    Ok(axum::Json(card))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check and count only; write nothing.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

fn file_problem(code: FieldCode) -> AppError {
    AppError::Validation(vec![FieldError { field: "file".into(), code }])
}

/// The CSV as text: UTF-8 (with or without a byte-order mark) or GBK, decoded strictly; a file
/// in neither is refused whole (`not_utf8`: not UTF-8, and not GBK either).
fn decode(body: &[u8]) -> Result<std::borrow::Cow<'_, str>, AppError> {
    let utf8 = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Ok(text) = std::str::from_utf8(utf8) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or_else(|| file_problem(FieldCode::NotUtf8))
}

/// What one import file holds, told by its header line.
#[derive(Clone, Copy, PartialEq)]
enum FileKind {
    Organisations,
    Campaigns,
    Reports,
}

/// Imports organisations, filed campaigns or annual reports from CSV (columns in the README; the header line
/// says which). Reports every refused line with its number, column and reason; writes only when
/// no line is refused.
#[utoipa::path(post, path = "/api/admin/charities/import", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 400, body = Problem),
    (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    admin: Admin,
    super::Query(params): super::Query<ImportParams>,
    body: Bytes,
) -> AppResult<axum::Json<ImportReport>> {
    let text = decode(&body)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| file_problem(FieldCode::Malformed))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let kind = if header == CSV_COLUMNS {
        FileKind::Organisations
    } else if header == CAMPAIGN_CSV_COLUMNS {
        FileKind::Campaigns
    } else if header == REPORT_CSV_COLUMNS {
        FileKind::Reports
    } else {
        return Err(file_problem(FieldCode::BadHeader));
    };
    let dry_run = params.dry_run.unwrap_or(false);
    let mut report = ImportReport {
        dry_run,
        lines: 0,
        created: 0,
        updated: 0,
        committed: false,
        errors: Vec::new(),
        flagged: Vec::new(),
    };
    let now = state.clock.now();
    let mut seen = HashSet::new();
    let mut tx = state.db.pool.begin().await?;
    for record in reader.records() {
        report.lines += 1;
        if report.lines > MAX_IMPORT_LINES {
            return Err(file_problem(FieldCode::TooManyLines));
        }
        let line = report.lines + 1;
        let Ok(record) = record else {
            report.errors.push(line_error(kind, line, usize::MAX, ImportIssue::Malformed));
            continue;
        };
        let cols: Vec<&str> = record.iter().collect();
        let created = match kind {
            FileKind::Organisations => {
                organisation_line(&mut tx, &cols, line, &mut report, &mut seen, now).await?
            }
            FileKind::Campaigns => {
                campaign_line(&mut tx, &cols, line, &mut report, &mut seen).await?
            }
            FileKind::Reports => report_line(&mut tx, &cols, line, &mut report, &mut seen).await?,
        };
        match created {
            Some(true) => report.created += 1,
            Some(false) => report.updated += 1,
            None => {}
        }
    }
    if report.errors.is_empty() && !dry_run {
        let object = format!(
            "{} lines:{} created:{} updated:{} flagged:{}",
            match kind {
                FileKind::Organisations => "organisations",
                FileKind::Campaigns => "campaigns",
                FileKind::Reports => "reports",
            },
            report.lines,
            report.created,
            report.updated,
            report.flagged.len()
        );
        audit_edit(&mut tx, &admin, now, "charities.import", &object).await?;
        tx.commit().await?;
        report.committed = true;
    } else {
        tx.rollback().await?;
        if !report.errors.is_empty() {
            report.created = 0;
            report.updated = 0;
        }
    }
    Ok(axum::Json(report))
}

/// Checks one organisation line and, while the file has no refused line, saves it. Returns
/// whether it was created (`Some(true)`) or updated, or `None` when nothing was saved.
async fn organisation_line(
    conn: &mut AnyConnection,
    cols: &[&str],
    line: u64,
    report: &mut ImportReport,
    seen: &mut HashSet<String>,
    now: i64,
) -> Result<Option<bool>, AppError> {
    let k = FileKind::Organisations;
    let mut input = match from_csv_record(cols) {
        Ok(i) => i,
        Err(errs) => {
            report.errors.extend(errs.into_iter().map(|(c, i)| line_error(k, line, c, i)));
            return Ok(None);
        }
    };
    let flags = match input.validate() {
        Ok(f) => f,
        Err(errs) => {
            report.errors.extend(
                errs.iter()
                    .map(|e| line_error(k, line, column_of_field(&e.field), issue_of(e.code))),
            );
            return Ok(None);
        }
    };
    if !seen.insert(input.credit_code.clone()) {
        report.errors.push(line_error(k, line, 0, ImportIssue::Duplicate));
        return Ok(None);
    }
    if !flags.is_empty() {
        report.flagged.push(FlaggedCode { line, credit_code: input.credit_code.clone(), flags });
    }
    if !report.errors.is_empty() {
        return Ok(None);
    }
    let (_, created, _) = save(conn, &mut input, now, false).await?;
    Ok(Some(created))
}

async fn campaign_line(
    conn: &mut AnyConnection,
    cols: &[&str],
    line: u64,
    report: &mut ImportReport,
    seen: &mut HashSet<String>,
) -> Result<Option<bool>, AppError> {
    let k = FileKind::Campaigns;
    let (code, campaign) = match campaign_from_csv(cols) {
        Ok(x) => x,
        Err(errs) => {
            report.errors.extend(errs.into_iter().map(|(c, i)| line_error(k, line, c, i)));
            return Ok(None);
        }
    };
    if !seen.insert(campaign.filing_number.clone()) {
        report.errors.push(line_error(k, line, 2, ImportIssue::Duplicate));
        return Ok(None);
    }
    let Some(charity) = db::charity_by_code(conn, &code).await? else {
        report.errors.push(line_error(k, line, 0, ImportIssue::UnknownOrganisation));
        return Ok(None);
    };
    if !report.errors.is_empty() {
        return Ok(None);
    }
    let created = db::upsert_campaign(conn, charity.id, &campaign).await?;
    if created.is_none() {
        report.errors.push(line_error(k, line, 2, ImportIssue::Duplicate));
    }
    Ok(created)
}

async fn report_line(
    conn: &mut AnyConnection,
    cols: &[&str],
    line: u64,
    report: &mut ImportReport,
    seen: &mut HashSet<String>,
) -> Result<Option<bool>, AppError> {
    let k = FileKind::Reports;
    let (code, r) = match report_from_csv(cols) {
        Ok(x) => x,
        Err(errs) => {
            report.errors.extend(errs.into_iter().map(|(c, i)| line_error(k, line, c, i)));
            return Ok(None);
        }
    };
    if !seen.insert(format!("{code}/{}", r.year)) {
        report.errors.push(line_error(k, line, 1, ImportIssue::Duplicate));
        return Ok(None);
    }
    let Some(charity) = db::charity_by_code(conn, &code).await? else {
        report.errors.push(line_error(k, line, 0, ImportIssue::UnknownOrganisation));
        return Ok(None);
    };
    if !report.errors.is_empty() {
        return Ok(None);
    }
    Ok(Some(db::upsert_report(conn, charity.id, &r).await?))
}

fn line_error(kind: FileKind, line: u64, column: usize, issue: ImportIssue) -> ImportLineError {
    let columns: &[&str] = match kind {
        FileKind::Organisations => &CSV_COLUMNS,
        FileKind::Campaigns => &CAMPAIGN_CSV_COLUMNS,
        FileKind::Reports => &REPORT_CSV_COLUMNS,
    };
    ImportLineError {
        line,
        column: columns.get(column).map(|c| (*c).to_owned()).unwrap_or_default(),
        issue,
    }
}
