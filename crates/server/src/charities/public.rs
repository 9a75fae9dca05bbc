//! Public look-ups, no sign-in: search the register, an organisation's trust card, "is this
//! fundraising appeal filed?", and charity shops and donation points.

use super::db::{self, Filters};
use super::{Query, not_found_charity, path_code, path_filing};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use portal_api::charities::search::{QueryKind, classify, one_away_patterns, one_away_valid};
use portal_api::charities::{
    CampaignCheck, CharityShop, CodeHint, PAGE_SIZE, SearchQuery, SearchResult, ShopQuery,
    TrustCard, rules,
};
use portal_api::ids::Date;
use portal_api::{ErrorCode, Problem};
use sqlx::AnyConnection;

/// Search by name (Chinese substring, pinyin in full, by initials or mixed), credit code or
/// filing number, with filters; sorted and paged (20 a page).
#[utoipa::path(get, path = "/api/charities", params(SearchQuery), responses(
    (status = 200, body = SearchResult), (status = 400, body = Problem)
))]
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Json<SearchResult>> {
    q.validate().map_err(AppError::Validation)?;
    let today = state.office_today();
    let kind = classify(q.q.as_deref().unwrap_or(""));
    let mut filters = Filters {
        field: q.field,
        district: q.district.clone(),
        form: q.form,
        fundraising: q.fundraising,
        grade: q.grade,
        active_only: q.active.unwrap_or(false),
        today: Some(today),
        ..Filters::default()
    };
    let mut conn = state.db.pool.acquire().await?;
    let mut result = SearchResult {
        items: Vec::new(),
        total: 0,
        page: q.page(),
        page_size: PAGE_SIZE,
        kind: kind.clone(),
        code_hint: None,
        campaign: None,
    };
    match &kind {
        QueryKind::FilingNumber(f) => {
            result.campaign = campaign_check(&mut conn, f, today).await?;
            if let Some(c) = &result.campaign {
                result.items.push(c.charity.clone());
                result.total = 1;
            }
            return Ok(Json(result));
        }
        QueryKind::Name(s) => filters.text = Some(s.clone()),
        QueryKind::Pinyin(p) => filters.letters = p.clone(),
        QueryKind::CreditCode(c) => filters.credit_code = Some(c.clone()),
        QueryKind::Empty => {}
    }
    let start = (result.page as usize - 1) * PAGE_SIZE as usize;
    let order = q.sort.unwrap_or_default();
    let (limit, offset) = (i64::from(PAGE_SIZE), start as i64);
    let (total, rows) = if let QueryKind::Pinyin(_) = &kind {
        db::pinyin_page(&mut conn, &filters, order, limit, offset).await?
    } else {
        db::search_page(&mut conn, &filters, order, limit, offset).await?
    };
    result.total = u64::try_from(total).unwrap_or(0);
    result.items = rows.iter().map(|r| r.to_summary(today)).collect();
    if let QueryKind::CreditCode(code) = &kind
        && result.total == 0
    {
        let near = db::codes_like(&mut conn, &one_away_patterns(code)).await?;
        result.code_hint = Some(CodeHint {
            entered: code.clone(),
            check_ok: portal_api::charities::search::check_ok(code),
            suggestions: one_away_valid(code, &near),
        });
    }
    Ok(Json(result))
}

async fn campaign_check(
    conn: &mut AnyConnection,
    filing: &str,
    today: Date,
) -> Result<Option<CampaignCheck>, AppError> {
    let Some(row) = db::campaign_by_filing(conn, filing).await? else {
        return Ok(None);
    };
    let Some(charity) = db::charity_by_id(conn, row.charity_id).await? else {
        return Ok(None);
    };
    let campaign = row.to_campaign();
    Ok(Some(CampaignCheck {
        state: rules::campaign_state(&campaign, today),
        disclosure_overdue_since: rules::disclosure_overdue_since(&campaign, today),
        campaign,
        charity: charity.to_summary(today),
    }))
}

/// An organisation's trust card: the register entry, reports, campaigns and the summary.
#[utoipa::path(get, path = "/api/charities/{credit_code}",
    params(("credit_code" = String, Path, description = "unified social credit code")),
    responses((status = 200, body = TrustCard), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn card(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> AppResult<Json<TrustCard>> {
    let code = path_code(&raw)?;
    let mut conn = state.db.pool.acquire().await?;
    trust_card(&mut conn, &code, state.office_today()).await.map(Json)
}

pub async fn trust_card(
    conn: &mut AnyConnection,
    code: &str,
    today: Date,
) -> Result<TrustCard, AppError> {
    let row = db::charity_by_code(conn, code).await?.ok_or_else(|| not_found_charity(code))?;
    let mut charity = row.to_charity();
    (charity.reports, charity.campaigns) = db::children(conn, row.id).await?;
    let summary = rules::summarise(&charity, today);
    Ok(TrustCard { charity, summary })
}

/// "Is this fundraising appeal genuine?": the filed campaign with this filing number.
#[utoipa::path(get, path = "/api/charity-campaigns/{filing_number}",
    params(("filing_number" = String, Path, description = "备案编号")),
    responses((status = 200, body = CampaignCheck), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn campaign(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> AppResult<Json<CampaignCheck>> {
    let filing = path_filing(&raw)?;
    let mut conn = state.db.pool.acquire().await?;
    campaign_check(&mut conn, &filing, state.office_today()).await?.map(Json).ok_or_else(|| {
        AppError::client(ErrorCode::CampaignNotFiled, format!("no filed campaign {filing}"))
    })
}

/// Charity shops and donation points, optionally one district's, one kind, or open now.
#[utoipa::path(get, path = "/api/charity-shops", params(ShopQuery), responses(
    (status = 200, body = Vec<CharityShop>), (status = 400, body = Problem)
))]
pub async fn shops(
    State(state): State<AppState>,
    Query(q): Query<ShopQuery>,
) -> AppResult<Json<Vec<CharityShop>>> {
    q.validate().map_err(AppError::Validation)?;
    let local = state.clock.now() + 8 * 3600;
    let minute = (local.rem_euclid(86_400) / 60) as u16;
    let weekday = state.office_today().weekday();
    let mut conn = state.db.pool.acquire().await?;
    let rows = db::shops(
        &mut conn,
        q.district.as_deref().unwrap_or(""),
        q.kind.map(|k| k.as_str()).unwrap_or(""),
    )
    .await?;
    let list = rows
        .iter()
        .map(|r| r.to_shop(weekday, minute))
        .filter(|s| !q.open_now.unwrap_or(false) || s.open_now)
        .collect();
    Ok(Json(list))
}
