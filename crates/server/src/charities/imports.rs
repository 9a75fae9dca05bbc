//! CSV imports of the register (organisations, filed campaigns, annual reports) and of charity
//! shops and donation points, the header line telling which. One pipeline for every kind:
//!
//! 1. read: decode (UTF-8 with or without BOM, or GBK), check the header, split the lines;
//! 2. check every line on its own (columns, values, duplicates inside the file), in chunks,
//!    reporting progress;
//! 3. resolve against the register in batches (unknown organisations, numbers filed by another
//!    organisation, what is new and what is an update);
//! 4. when no line was refused and it is no dry run: write everything in one transaction with
//!    multi-row upserts, and audit it.
//!
//! `POST /api/admin/charity-imports` runs this as a job whose progress lives in the database
//! (any server answers the page's polls); the register changes only at the final commit, so a
//! server killed half-way leaves it as it was and the job reads `interrupted`.

use super::db::{self, NewCharity};
use super::pinyin_key;
use crate::AppState;
use crate::account::auth::Admin;
use crate::audit::{self, Event};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use portal_api::charities::import::{
    CAMPAIGN_CSV_COLUMNS, CSV_COLUMNS, FlaggedCode, REPORT_CSV_COLUMNS, campaign_from_csv,
    column_of_field, from_csv_record, issue_of, report_from_csv,
};
use portal_api::charities::shop_import::{SHOP_CSV_COLUMNS, ShopInput, shop_from_csv};
use portal_api::charities::{
    AnnualReport, Campaign, CharityInput, ImportIssue, ImportJob, ImportKind, ImportLineError,
    ImportReport, ImportState, ReviewFlag,
};
use portal_api::{FieldCode, FieldError, Problem};
use serde::Deserialize;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Most data lines one import may hold.
pub const MAX_IMPORT_LINES: u64 = 50_000;
/// Lines checked between two progress reports.
const CHUNK: usize = 1_000;
/// A running job not heard of for this long has lost its server (seconds).
pub const STALE_AFTER: i64 = 120;
/// Entries written between two progress counts.
const WRITE_CHUNK: usize = 500;

/// Lines written so far by the imports this server is running, by job id. The register is
/// written in one transaction that no other connection sees until it commits, and on SQLite
/// no other connection may write meanwhile (the job's row cannot be updated), so the count
/// lives in the server's memory; a poll another server answers reads the row (0 written).
#[derive(Debug, Default)]
pub struct Progress(Mutex<HashMap<String, u64>>);

impl Progress {
    /// Lines the import job `id` has written so far, when this server runs it.
    pub fn written(&self, id: &str) -> Option<u64> {
        self.0.lock().ok()?.get(id).copied()
    }
}

/// The count of one job's written lines; forgotten when the write ends, however it ends.
struct WriteCount<'a>(&'a Progress, Option<&'a str>);

impl WriteCount<'_> {
    fn set(&self, n: u64) {
        if let (Some(id), Ok(mut map)) = (self.1, self.0.0.lock()) {
            map.insert(id.to_owned(), n);
        }
    }
}

impl Drop for WriteCount<'_> {
    fn drop(&mut self) {
        if let (Some(id), Ok(mut map)) = (self.1, self.0.0.lock()) {
            map.remove(id);
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check and count only; write nothing.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

/// Who imports (for the audit log).
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub ip: String,
}

impl From<&Admin> for Actor {
    fn from(a: &Admin) -> Actor {
        Actor { id: a.session.account_id, name: a.session.actor(), ip: a.session.ip.clone() }
    }
}

/// A file read and split: its kind and each data line's columns (`None`: not valid CSV).
pub struct File {
    pub kind: ImportKind,
    pub lines: Vec<Option<Vec<String>>>,
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

fn columns(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Organisations => &CSV_COLUMNS,
        ImportKind::Campaigns => &CAMPAIGN_CSV_COLUMNS,
        ImportKind::Reports => &REPORT_CSV_COLUMNS,
        ImportKind::Shops => &SHOP_CSV_COLUMNS,
    }
}

/// Decodes the file, tells its kind by the header and splits its lines.
pub fn read(body: &[u8]) -> Result<File, AppError> {
    let text = decode(body)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| file_problem(FieldCode::Malformed))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let kind =
        [ImportKind::Organisations, ImportKind::Campaigns, ImportKind::Reports, ImportKind::Shops]
            .into_iter()
            .find(|k| header == columns(*k))
            .ok_or_else(|| file_problem(FieldCode::BadHeader))?;
    let mut lines = Vec::new();
    for record in reader.records() {
        if lines.len() as u64 >= MAX_IMPORT_LINES {
            return Err(file_problem(FieldCode::TooManyLines));
        }
        // A line with far more cells than the header is refused as malformed before its cells
        // are copied out: one 8 MiB line of commas would otherwise be four million strings.
        let fits = |r: &csv::StringRecord| r.len() <= header.len() + 8;
        lines.push(record.ok().filter(fits).map(|r| r.iter().map(str::to_owned).collect()));
    }
    Ok(File { kind, lines })
}

fn line_error(kind: ImportKind, line: u64, column: usize, issue: ImportIssue) -> ImportLineError {
    ImportLineError {
        line,
        column: columns(kind).get(column).map(|c| (*c).to_owned()).unwrap_or_default(),
        issue,
    }
}

/// One organisation line, checked, with its computed pinyin keys.
struct OrgLine {
    input: CharityInput,
    flags: Vec<ReviewFlag>,
    pinyin: String,
    initials: String,
}

/// The lines that passed the checks of step 2, by kind.
enum Rows {
    Organisations(Vec<OrgLine>),
    Campaigns(Vec<(u64, String, Campaign)>),
    Reports(Vec<(u64, String, AnnualReport)>),
    Shops(Vec<(u64, ShopInput)>),
}

/// Step 2 for one line: appends it to `rows` or its problems to `report`.
fn check_line(
    kind: ImportKind,
    line: u64,
    cols: &[&str],
    rows: &mut Rows,
    report: &mut ImportReport,
    seen: &mut HashSet<String>,
) {
    let refuse = |errs: Vec<(usize, ImportIssue)>, report: &mut ImportReport| {
        report.errors.extend(errs.into_iter().map(|(c, i)| line_error(kind, line, c, i)));
    };
    match rows {
        Rows::Organisations(v) => {
            let mut input = match from_csv_record(cols) {
                Ok(i) => i,
                Err(errs) => return refuse(errs, report),
            };
            let flags = match input.validate() {
                Ok(f) => f,
                Err(errs) => {
                    let errs = errs
                        .iter()
                        .map(|e| (column_of_field(&e.field), issue_of(e.code)))
                        .collect();
                    return refuse(errs, report);
                }
            };
            if !seen.insert(input.credit_code.clone()) {
                return refuse(vec![(0, ImportIssue::Duplicate)], report);
            }
            if !flags.is_empty() {
                report.flagged.push(FlaggedCode {
                    line,
                    credit_code: input.credit_code.clone(),
                    flags: flags.clone(),
                });
            }
            let (pinyin, initials) = pinyin_key(&input.name);
            v.push(OrgLine { input, flags, pinyin, initials });
        }
        Rows::Campaigns(v) => match campaign_from_csv(cols) {
            Err(errs) => refuse(errs, report),
            Ok((_, k)) if !seen.insert(k.filing_number.clone()) => {
                refuse(vec![(2, ImportIssue::Duplicate)], report)
            }
            Ok((code, k)) => v.push((line, code, k)),
        },
        Rows::Reports(v) => match report_from_csv(cols) {
            Err(errs) => refuse(errs, report),
            Ok((code, r)) if !seen.insert(format!("{code}/{}", r.year)) => {
                refuse(vec![(1, ImportIssue::Duplicate)], report)
            }
            Ok((code, r)) => v.push((line, code, r)),
        },
        Rows::Shops(v) => match shop_from_csv(cols) {
            Err(errs) => refuse(errs, report),
            Ok(s) if !seen.insert(s.code.clone()) => {
                refuse(vec![(0, ImportIssue::Duplicate)], report)
            }
            Ok(s) => v.push((line, s)),
        },
    }
}

/// What step 3 found to write: organisation ids resolved.
enum Writes<'a> {
    Organisations(Vec<NewCharity<'a>>),
    Campaigns(Vec<(i64, Campaign)>),
    Reports(Vec<(i64, AnnualReport)>),
    Shops(Vec<ShopInput>),
}

/// Step 3: checks the lines against the register, counts new and updated entries, and
/// returns what to write.
async fn resolve<'a>(
    conn: &mut AnyConnection,
    kind: ImportKind,
    rows: &'a Rows,
    report: &mut ImportReport,
) -> Result<Writes<'a>, sqlx::Error> {
    let (mut created, mut updated) = (0u64, 0u64);
    let mut count = |new: bool| if new { created += 1 } else { updated += 1 };
    let writes = match rows {
        Rows::Organisations(v) => {
            let codes: Vec<String> = v.iter().map(|o| o.input.credit_code.clone()).collect();
            let ids = db::charity_ids(conn, &codes).await?;
            v.iter().for_each(|o| count(!ids.contains_key(&o.input.credit_code)));
            Writes::Organisations(
                v.iter()
                    .map(|o| NewCharity {
                        input: &o.input,
                        flags: o.flags.clone(),
                        pinyin: o.pinyin.clone(),
                        initials: o.initials.clone(),
                    })
                    .collect(),
            )
        }
        Rows::Campaigns(v) => {
            let codes: Vec<String> = v.iter().map(|(_, c, _)| c.clone()).collect();
            let ids = db::charity_ids(conn, &codes).await?;
            let filings: Vec<String> = v.iter().map(|(_, _, k)| k.filing_number.clone()).collect();
            let owners = db::campaign_owners(conn, &filings).await?;
            let mut out = Vec::new();
            for (line, code, k) in v {
                let Some(id) = ids.get(code) else {
                    report.errors.push(line_error(
                        kind,
                        *line,
                        0,
                        ImportIssue::UnknownOrganisation,
                    ));
                    continue;
                };
                match owners.get(&k.filing_number) {
                    Some(owner) if owner != id => {
                        report.errors.push(line_error(kind, *line, 2, ImportIssue::Duplicate));
                        continue;
                    }
                    owner => count(owner.is_none()),
                }
                out.push((*id, k.clone()));
            }
            Writes::Campaigns(out)
        }
        Rows::Reports(v) => {
            let codes: Vec<String> = v.iter().map(|(_, c, _)| c.clone()).collect();
            let ids = db::charity_ids(conn, &codes).await?;
            let known: Vec<i64> = ids.values().copied().collect();
            let years = db::report_years(conn, &known).await?;
            let mut out = Vec::new();
            for (line, code, r) in v {
                let Some(id) = ids.get(code) else {
                    report.errors.push(line_error(
                        kind,
                        *line,
                        0,
                        ImportIssue::UnknownOrganisation,
                    ));
                    continue;
                };
                count(!years.contains(&(*id, i64::from(r.year))));
                out.push((*id, r.clone()));
            }
            Writes::Reports(out)
        }
        Rows::Shops(v) => {
            let codes: Vec<String> = v.iter().map(|(_, s)| s.code.clone()).collect();
            let known = db::shop_codes(conn, &codes).await?;
            v.iter().for_each(|(_, s)| count(!known.contains(&s.code)));
            Writes::Shops(v.iter().map(|(_, s)| s.clone()).collect())
        }
    };
    report.errors.sort_by_key(|e| e.line);
    (report.created, report.updated) = (created, updated);
    Ok(writes)
}

/// Writes in slices (each entry's rows stand on their own), counting the lines written.
async fn write(
    conn: &mut AnyConnection,
    writes: &Writes<'_>,
    now: i64,
    count: &WriteCount<'_>,
) -> Result<(), sqlx::Error> {
    let mut written = 0u64;
    let mut done = |n: usize| {
        written += n as u64;
        count.set(written);
    };
    match writes {
        Writes::Organisations(v) => {
            for slice in v.chunks(WRITE_CHUNK) {
                db::upsert_charities(conn, slice, now).await?;
                done(slice.len());
            }
        }
        Writes::Campaigns(v) => {
            for slice in v.chunks(WRITE_CHUNK) {
                db::upsert_campaigns(conn, slice).await?;
                done(slice.len());
            }
        }
        Writes::Reports(v) => {
            for slice in v.chunks(WRITE_CHUNK) {
                db::upsert_reports(conn, slice).await?;
                done(slice.len());
            }
        }
        Writes::Shops(v) => {
            for slice in v.chunks(WRITE_CHUNK) {
                db::upsert_shops(conn, slice).await?;
                done(slice.len());
            }
        }
    }
    Ok(())
}

/// Steps 2-4. With a job id, reports progress on the job's row.
pub async fn run(
    state: &AppState,
    file: File,
    dry_run: bool,
    actor: &Actor,
    job: Option<&str>,
) -> Result<ImportReport, AppError> {
    let pool = &state.db.pool;
    let kind = file.kind;
    let mut report = ImportReport {
        dry_run,
        lines: file.lines.len() as u64,
        created: 0,
        updated: 0,
        committed: false,
        errors: Vec::new(),
        flagged: Vec::new(),
    };
    let mut rows = match kind {
        ImportKind::Organisations => Rows::Organisations(Vec::new()),
        ImportKind::Campaigns => Rows::Campaigns(Vec::new()),
        ImportKind::Reports => Rows::Reports(Vec::new()),
        ImportKind::Shops => Rows::Shops(Vec::new()),
    };
    let mut seen = HashSet::new();
    for (c, chunk) in file.lines.chunks(CHUNK).enumerate() {
        for (i, cols) in chunk.iter().enumerate() {
            // The header is line 1.
            let line = (c * CHUNK + i) as u64 + 2;
            match cols {
                None => {
                    report.errors.push(line_error(kind, line, usize::MAX, ImportIssue::Malformed))
                }
                Some(cols) => {
                    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
                    check_line(kind, line, &cols, &mut rows, &mut report, &mut seen);
                }
            }
        }
        if let Some(id) = job {
            let done = (c * CHUNK + chunk.len()) as u64;
            db::jobs::progress(pool, id, ImportState::Checking, done, state.clock.now()).await?;
        }
    }
    let now = state.clock.now();
    if !report.errors.is_empty() || dry_run {
        let mut conn = pool.acquire().await?;
        resolve(&mut conn, kind, &rows, &mut report).await?;
        if !report.errors.is_empty() {
            (report.created, report.updated) = (0, 0);
        }
        return Ok(report);
    }
    if let Some(id) = job {
        db::jobs::progress(pool, id, ImportState::Writing, report.lines, now).await?;
    }
    // One import at a time, on every server, and a writer from the start (`begin_exclusive`).
    let (gate, mut tx) = state.db.begin_exclusive("charity-import").await?;
    let writes = resolve(&mut tx, kind, &rows, &mut report).await?;
    if !report.errors.is_empty() {
        tx.rollback().await?;
        (report.created, report.updated) = (0, 0);
        return Ok(report);
    }
    let count = WriteCount(&state.imports, job);
    count.set(0);
    write(&mut tx, &writes, now, &count).await?;
    let object = format!(
        "{} lines:{} created:{} updated:{} flagged:{}",
        kind.as_str(),
        report.lines,
        report.created,
        report.updated,
        report.flagged.len()
    );
    let event = Event {
        actor_id: Some(actor.id),
        actor: &actor.name,
        action: "charities.import",
        object: &object,
        ip: &actor.ip,
    };
    audit::record(&mut *tx, now, event).await?;
    report.committed = true;
    if let Some(id) = job {
        db::jobs::finish(&mut *tx, id, ImportState::Done, Some(&report), now).await?;
    }
    tx.commit().await?;
    drop(gate);
    drop(count);
    if kind == ImportKind::Organisations && report.created > 1000 {
        // Fresh statistics, so the planners see how selective the search keys are.
        let mut conn = pool.acquire().await?;
        if let Err(e) = db::keys::analyze(&mut conn).await {
            tracing::warn!(error = %e, "ANALYZE after a charity import failed");
        }
    }
    Ok(report)
}

/// Starts an import job for organisations, campaigns, reports or shops (columns in the README;
/// the header line says which). The file is read and its header checked at once (a 400 for an
/// unreadable file); the lines are checked and written in the background: poll
/// `GET /api/admin/charity-imports/{id}`.
#[utoipa::path(post, path = "/api/admin/charity-imports", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 202, body = ImportJob), (status = 400, body = Problem),
    (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn start(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> AppResult<(StatusCode, axum::Json<ImportJob>)> {
    let file = read(&body)?;
    drop(body);
    let job = ImportJob {
        id: crate::crypto::random_bytes::<12>().iter().map(|b| format!("{b:02x}")).collect(),
        kind: file.kind,
        dry_run: params.dry_run.unwrap_or(false),
        state: ImportState::Checking,
        lines_total: file.lines.len() as u64,
        lines_done: 0,
        lines_written: 0,
        report: None,
    };
    db::jobs::create(&state.db.pool, &job, admin.session.account_id, state.clock.now()).await?;
    let actor = Actor::from(&admin);
    let (worker_state, id, dry_run) = (state.clone(), job.id.clone(), job.dry_run);
    tokio::spawn(async move {
        let s = worker_state;
        let outcome = run(&s, file, dry_run, &actor, Some(&id)).await;
        let (state, report) = match outcome {
            Ok(report) => (ImportState::Done, Some(report)),
            Err(e) => {
                tracing::error!(job = %id, error = ?e, "charity import failed");
                (ImportState::Failed, None)
            }
        };
        if let Err(e) =
            db::jobs::finish(&s.db.pool, &id, state, report.as_ref(), s.clock.now()).await
        {
            tracing::error!(job = %id, error = %e, "charity import job not closed");
        }
    });
    Ok((StatusCode::ACCEPTED, axum::Json(job)))
}

/// An import job's progress and, when done, its report.
#[utoipa::path(get, path = "/api/admin/charity-imports/{id}",
    params(("id" = String, Path, description = "the job id from POST /api/admin/charity-imports")),
    responses((status = 200, body = ImportJob), (status = 400, body = Problem),
    (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn job(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<String>,
) -> AppResult<axum::Json<ImportJob>> {
    if id.len() != 24 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::Validation(vec![FieldError {
            field: "id".into(),
            code: FieldCode::BadFormat,
        }]));
    }
    let row = db::jobs::job(&state.db.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no import job {id}")))?;
    let mut job = row.to_job(state.clock.now() - STALE_AFTER);
    if job.state == ImportState::Writing {
        job.lines_written = state.imports.written(&id).unwrap_or(0);
    }
    Ok(axum::Json(job))
}
