//! Many new organisations at once (the demo register): a few multi-row `INSERT`s instead of
//! several statements per organisation, so loading the demo stays cheap for tests that load it
//! into every fresh database.

use super::{CAMPAIGN_COLS, delimited};
use portal_api::charities::{CharityInput, ReviewFlag};
use sqlx::{Any, AnyConnection};
use std::collections::HashMap;

/// An organisation to insert, with what the server computed for it.
pub struct NewCharity<'a> {
    pub input: &'a CharityInput,
    pub flags: Vec<ReviewFlag>,
    pub pinyin: String,
    pub initials: String,
}

pub(super) enum Val {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeInt(Option<i64>),
    MaybeFloat(Option<f64>),
}

pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

pub(super) fn bind_all(mut q: AnyQuery<'_>, vals: Vec<Val>) -> AnyQuery<'_> {
    for v in vals {
        q = match v {
            Val::Text(s) => q.bind(s),
            Val::MaybeText(s) => q.bind(s),
            Val::Int(i) => q.bind(i),
            Val::MaybeInt(i) => q.bind(i),
            Val::MaybeFloat(x) => q.bind(x),
        };
    }
    q
}

/// `($1, $2, ...), ($n+1, ...)` for `rows` rows of `cols` values.
pub(super) fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) const CHARITY_COLS: &str = "credit_code, name, former_names, name_pinyin, name_initials, form, \
    registration_authority, registered_on, recognised_on, fields, districts, \
    public_fundraising_since, grade, grade_awarded_on, status, status_on, phone, address, \
    website, review_flags, demo, updated_at";

pub(super) fn charity_values(n: &NewCharity<'_>, now: i64, demo: bool) -> Vec<Val> {
    let c = n.input;
    let date = |d: Option<portal_api::ids::Date>| Val::MaybeText(d.map(|d| d.to_string()));
    vec![
        Val::Text(c.credit_code.clone()),
        Val::Text(c.name.clone()),
        Val::Text(c.former_names.join("\n")),
        Val::Text(n.pinyin.clone()),
        Val::Text(n.initials.clone()),
        Val::Text(c.form.as_str().into()),
        Val::Text(c.registration_authority.clone()),
        Val::Text(c.registered_on.to_string()),
        date(c.recognised_on),
        Val::Text(delimited(c.fields.iter().map(|f| f.as_str()))),
        Val::Text(delimited(c.districts.iter().map(String::as_str))),
        date(c.public_fundraising_since),
        Val::MaybeInt(c.grade.map(|g| i64::from(g.level()))),
        date(c.grade_awarded_on),
        Val::Text(c.status.as_str().into()),
        date(c.status_on),
        Val::Text(c.phone.clone()),
        Val::Text(c.address.clone()),
        Val::Text(c.website.clone()),
        Val::Text(delimited(n.flags.iter().map(|f| f.as_str()))),
        Val::Int(i64::from(demo)),
        Val::Int(now),
    ]
}

/// Inserts organisations that are not on the register yet, with their reports and campaigns.
/// The caller makes sure none of the codes exists (a duplicate fails the whole statement).
pub async fn insert_new(
    conn: &mut AnyConnection,
    list: &[NewCharity<'_>],
    now: i64,
    demo: bool,
) -> Result<(), sqlx::Error> {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for chunk in list.chunks(100) {
        let sql = format!(
            "INSERT INTO charities ({CHARITY_COLS}) VALUES {} RETURNING id, credit_code",
            placeholders(chunk.len(), 22)
        );
        let vals = chunk.iter().flat_map(|n| charity_values(n, now, demo)).collect();
        let rows: Vec<(i64, String)> = bind_all(sqlx::query(&sql), vals)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| {
                use sqlx::Row;
                (r.get::<i64, _>(0), r.get::<String, _>(1))
            })
            .collect();
        ids.extend(rows.into_iter().map(|(id, code)| (code, id)));
    }
    let id_of = |n: &NewCharity<'_>| ids.get(&n.input.credit_code).copied().unwrap_or(0);
    let keyed: Vec<(i64, &str)> = list.iter().map(|n| (id_of(n), n.pinyin.as_str())).collect();
    super::keys::replace(conn, &keyed).await?;
    let reports: Vec<Vec<Val>> = list
        .iter()
        .flat_map(|n| {
            n.input.reports.iter().map(move |r| {
                vec![
                    Val::Int(id_of(n)),
                    Val::Int(i64::from(r.year)),
                    Val::Text(r.published_on.to_string()),
                    Val::Text(r.url.clone()),
                ]
            })
        })
        .collect();
    for chunk in reports.chunks(200) {
        let sql = format!(
            "INSERT INTO charity_reports (charity_id, year, published_on, url) VALUES {}",
            placeholders(chunk.len(), 4)
        );
        let vals = chunk.iter().flat_map(|row| row.iter().map(copy_val)).collect();
        bind_all(sqlx::query(&sql), vals).execute(&mut *conn).await?;
    }
    let campaigns: Vec<Vec<Val>> = list
        .iter()
        .flat_map(|n| {
            n.input.campaigns.iter().map(move |k| {
                vec![
                    Val::Int(id_of(n)),
                    Val::Text(k.name.clone()),
                    Val::Text(k.filing_number.clone()),
                    Val::Text(k.starts_on.to_string()),
                    Val::Text(k.ends_on.to_string()),
                    Val::Text(k.platform.clone()),
                    Val::MaybeText(k.last_disclosed_on.map(|d| d.to_string())),
                    Val::MaybeText(k.final_disclosed_on.map(|d| d.to_string())),
                ]
            })
        })
        .collect();
    for chunk in campaigns.chunks(100) {
        let sql = format!(
            "INSERT INTO charity_campaigns ({CAMPAIGN_COLS}) VALUES {}",
            placeholders(chunk.len(), 8)
        );
        let vals = chunk.iter().flat_map(|row| row.iter().map(copy_val)).collect();
        bind_all(sqlx::query(&sql), vals).execute(&mut *conn).await?;
    }
    Ok(())
}

fn copy_val(v: &Val) -> Val {
    match v {
        Val::Text(s) => Val::Text(s.clone()),
        Val::MaybeText(s) => Val::MaybeText(s.clone()),
        Val::Int(i) => Val::Int(*i),
        Val::MaybeInt(i) => Val::MaybeInt(*i),
        Val::MaybeFloat(x) => Val::MaybeFloat(*x),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_every_value() {
        assert_eq!(super::placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
