//! What a CSV import needs from the database, in batches: which codes already exist (one
//! `IN (...)` query per 200 lines) and multi-row upserts (`INSERT ... ON CONFLICT DO UPDATE`).
//! The statements stay small on purpose: binding through sqlx's `Any` driver costs time that
//! grows with the square of a statement's values (400 rows of 22 values a statement took 6 s
//! for 20,000 organisations, 12 rows 0.7 s), while SQLite round trips are cheap.

use super::bulk::{CHARITY_COLS, NewCharity, Val, bind_all, charity_values, placeholders};
use super::{CAMPAIGN_COLS, keys};
use portal_api::charities::shop_import::ShopInput;
use portal_api::charities::{AnnualReport, Campaign};
use sqlx::{Any, AnyConnection, Row};
use std::collections::{HashMap, HashSet};

/// Lookup batch size (bound values per `IN` list; see the module note on statement size).
const LOOKUP: usize = 200;

fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `key -> id` for the rows of `table` whose `column` is one of `values`.
async fn ids_by(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    id: &str,
    values: &[String],
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in values.chunks(LOOKUP) {
        let sql = format!(
            "SELECT {column}, {id} FROM {table} WHERE {column} IN ({})",
            marks(chunk.len())
        );
        // Unnamed: planned with the table as it is now (a cached generic plan, made while an
        // import was filling an empty table, scanned it whole: 100 ms a batch on PostgreSQL).
        let mut q = sqlx::query(&sql).persistent(false);
        for v in chunk {
            q = q.bind(v.as_str());
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.insert(row.get::<String, _>(0), row.get::<i64, _>(1));
        }
    }
    Ok(out)
}

/// Organisation ids by credit code, for the codes on the register.
pub async fn charity_ids(
    conn: &mut AnyConnection,
    codes: &[String],
) -> Result<HashMap<String, i64>, sqlx::Error> {
    ids_by(conn, "charities", "credit_code", "id", codes).await
}

/// The organisation each filing number is filed by, for the numbers already filed.
pub async fn campaign_owners(
    conn: &mut AnyConnection,
    filings: &[String],
) -> Result<HashMap<String, i64>, sqlx::Error> {
    ids_by(conn, "charity_campaigns", "filing_number", "charity_id", filings).await
}

/// The shop codes already registered.
pub async fn shop_codes(
    conn: &mut AnyConnection,
    codes: &[String],
) -> Result<HashSet<String>, sqlx::Error> {
    Ok(ids_by(conn, "charity_shops", "code", "id", codes).await?.into_keys().collect())
}

/// The (organisation, year) pairs that already have a report, among these organisations.
pub async fn report_years(
    conn: &mut AnyConnection,
    charity_ids: &[i64],
) -> Result<HashSet<(i64, i64)>, sqlx::Error> {
    let mut out = HashSet::new();
    for chunk in charity_ids.chunks(LOOKUP) {
        let sql = format!(
            "SELECT charity_id, year FROM charity_reports WHERE charity_id IN ({})",
            marks(chunk.len())
        );
        let mut q = sqlx::query(&sql).persistent(false);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.insert((row.get::<i64, _>(0), row.get::<i64, _>(1)));
        }
    }
    Ok(out)
}

/// Rows per upsert statement (see the module note on statement size): SQLite pays for big
/// statements, PostgreSQL for round trips.
fn upsert_rows(conn: &AnyConnection) -> usize {
    if conn.backend_name() == "PostgreSQL" { 200 } else { 12 }
}

/// Inserts or updates organisations by credit code (reports and campaigns untouched, the demo
/// mark kept), then rebuilds their search keys.
pub async fn upsert_charities(
    conn: &mut AnyConnection,
    list: &[NewCharity<'_>],
    now: i64,
) -> Result<(), sqlx::Error> {
    let updates: Vec<String> = CHARITY_COLS
        .split(',')
        .map(str::trim)
        .filter(|c| !matches!(*c, "credit_code" | "demo"))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let codes: Vec<String> = list.iter().map(|n| n.input.credit_code.clone()).collect();
    let before = charity_ids(conn, &codes).await?;
    for chunk in list.chunks(upsert_rows(conn)) {
        let sql = format!(
            "INSERT INTO charities ({CHARITY_COLS}) VALUES {} \
             ON CONFLICT (credit_code) DO UPDATE SET {}",
            placeholders(chunk.len(), 22),
            updates.join(", ")
        );
        let vals = chunk.iter().flat_map(|n| charity_values(n, now, false)).collect();
        bind_all(sqlx::query(&sql), vals).execute(&mut *conn).await?;
    }
    let ids = charity_ids(conn, &codes).await?;
    // Only entries that were there before have keys to forget (a DELETE per batch on a key
    // table without statistics yet cost PostgreSQL seconds on a first import).
    let old: Vec<i64> = before.values().copied().collect();
    keys::forget(conn, &old).await?;
    let keyed: Vec<(i64, &str)> = list
        .iter()
        .filter_map(|n| Some((*ids.get(&n.input.credit_code)?, n.pinyin.as_str())))
        .collect();
    keys::insert(conn, &keyed).await
}

/// Inserts or updates campaigns by filing number (the caller checked each is filed by the
/// same organisation).
pub async fn upsert_campaigns(
    conn: &mut AnyConnection,
    list: &[(i64, Campaign)],
) -> Result<(), sqlx::Error> {
    for chunk in list.chunks(upsert_rows(conn)) {
        let sql = format!(
            "INSERT INTO charity_campaigns ({CAMPAIGN_COLS}) VALUES {} \
             ON CONFLICT (filing_number) DO UPDATE SET name = excluded.name, \
             starts_on = excluded.starts_on, ends_on = excluded.ends_on, \
             platform = excluded.platform, last_disclosed_on = excluded.last_disclosed_on, \
             final_disclosed_on = excluded.final_disclosed_on",
            placeholders(chunk.len(), 8)
        );
        let vals = chunk
            .iter()
            .flat_map(|(id, k)| {
                [
                    Val::Int(*id),
                    Val::Text(k.name.clone()),
                    Val::Text(k.filing_number.clone()),
                    Val::Text(k.starts_on.to_string()),
                    Val::Text(k.ends_on.to_string()),
                    Val::Text(k.platform.clone()),
                    Val::MaybeText(k.last_disclosed_on.map(|d| d.to_string())),
                    Val::MaybeText(k.final_disclosed_on.map(|d| d.to_string())),
                ]
            })
            .collect();
        bind_all(sqlx::query(&sql), vals).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Inserts or replaces annual reports by (organisation, year).
pub async fn upsert_reports(
    conn: &mut AnyConnection,
    list: &[(i64, AnnualReport)],
) -> Result<(), sqlx::Error> {
    for chunk in list.chunks(upsert_rows(conn)) {
        let sql = format!(
            "INSERT INTO charity_reports (charity_id, year, published_on, url) VALUES {} \
             ON CONFLICT (charity_id, year) DO UPDATE SET published_on = excluded.published_on, \
             url = excluded.url",
            placeholders(chunk.len(), 4)
        );
        let vals = chunk
            .iter()
            .flat_map(|(id, r)| {
                [
                    Val::Int(*id),
                    Val::Int(i64::from(r.year)),
                    Val::Text(r.published_on.to_string()),
                    Val::Text(r.url.clone()),
                ]
            })
            .collect();
        bind_all(sqlx::query(&sql), vals).execute(&mut *conn).await?;
    }
    Ok(())
}

const SHOP_COLS: &str = "code, kind, name, district, address, phone, hours_receive, hours_give, \
    accepts, eligibility, lat, lng, demo";

/// Inserts or updates shops and donation points by code; an imported place is real data, so
/// a demo place with the same code loses its demo mark.
pub async fn upsert_shops(conn: &mut AnyConnection, list: &[ShopInput]) -> Result<(), sqlx::Error> {
    let updates: Vec<String> = SHOP_COLS
        .split(',')
        .map(str::trim)
        .filter(|c| *c != "code")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    for chunk in list.chunks(upsert_rows(conn)) {
        let sql = format!(
            "INSERT INTO charity_shops ({SHOP_COLS}) VALUES {} ON CONFLICT (code) DO UPDATE SET {}",
            placeholders(chunk.len(), 13),
            updates.join(", ")
        );
        let hours = |h: &[portal_api::charities::Opening]| {
            Val::Text(serde_json::to_string(h).unwrap_or_else(|_| "[]".into()))
        };
        let vals = chunk
            .iter()
            .flat_map(|s| {
                [
                    Val::Text(s.code.clone()),
                    Val::Text(s.kind.as_str().into()),
                    Val::Text(s.name.clone()),
                    Val::Text(s.district.clone()),
                    Val::Text(s.address.clone()),
                    Val::Text(s.phone.clone()),
                    hours(&s.hours_receive),
                    hours(&s.hours_give),
                    Val::Text(s.accepts.clone()),
                    Val::Text(s.eligibility.clone()),
                    Val::MaybeFloat(s.lat_lng.map(|l| l.0)),
                    Val::MaybeFloat(s.lat_lng.map(|l| l.1)),
                    Val::Int(0),
                ]
            })
            .collect();
        bind_all(sqlx::query::<Any>(&sql), vals).execute(&mut *conn).await?;
    }
    Ok(())
}
