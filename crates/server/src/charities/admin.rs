//! The register kept by bureau administrators (role `admin`): create or update one entry, and
//! import many from CSV. An import is all or nothing: one refused line and nothing is written;
//! a dry run reports what would happen. Every change goes to the audit log.

use super::imports::{self, ImportParams};
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
use portal_api::charities::{CharityInput, ImportReport, TrustCard};
use portal_api::{ErrorCode, FieldCode, FieldError, Problem};
use sqlx::AnyConnection;

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
    // Reads, then writes: a writer from the start, as the import is (`Db::begin_exclusive`).
    let (_gate, mut tx) = state.db.begin_exclusive("charity-import").await?;
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
    let (_gate, mut tx) = state.db.begin_exclusive("charity-import").await?;
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

/// Imports organisations, filed campaigns, annual reports or charity shops from CSV (columns in
/// the README; the header line says which) in one request. Reports every refused line with its
/// number, column and reason; writes only when no line is refused. The admin page uses the job
/// route (`POST /api/admin/charity-imports`) instead, which shows progress.
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
    let file = imports::read(&body)?;
    let dry_run = params.dry_run.unwrap_or(false);
    let report = imports::run(&state, file, dry_run, &imports::Actor::from(&admin), None).await?;
    Ok(axum::Json(report))
}
