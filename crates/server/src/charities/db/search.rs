//! The register search: one `WHERE` clause for every filter, used two ways. Pinyin queries
//! fetch the sort keys of the rows that pass and whose name keys (`keys.rs`) can hold a match,
//! and match syllables in Rust; every other query counts, sorts and pages in SQL.

use super::{COLS, CharityRow};
use portal_api::charities::{Field, OrgForm, SortOrder, rules};
use portal_api::ids::Date;
use sqlx::{AnyConnection, FromRow};

/// The SQL-side filters of a search.
#[derive(Debug, Default)]
pub struct Filters {
    pub field: Option<Field>,
    pub district: Option<String>,
    pub form: Option<OrgForm>,
    pub fundraising: Option<bool>,
    /// Current grade at least this.
    pub grade: Option<u8>,
    pub active_only: bool,
    /// Substring of the name or a former name.
    pub text: Option<String>,
    pub credit_code: Option<String>,
    /// A pinyin query (lower-case letters): only rows whose name keys can match it.
    pub letters: String,
    pub today: Option<Date>,
}

/// What sorting and pinyin matching need, for every row that passes the SQL filters.
#[derive(Debug, FromRow)]
pub struct KeyRow {
    pub id: i64,
    pub name_pinyin: String,
    pub grade: Option<i64>,
    pub grade_awarded_on: Option<String>,
    pub registered_on: String,
}

/// Escapes `LIKE` wildcards (the pattern uses `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

const MAY: &str = "(status = 'active' AND public_fundraising_since IS NOT NULL \
                   AND public_fundraising_since <= $7)";

fn where_clause() -> String {
    format!(
        "($1 = '' OR fields LIKE $2) AND ($3 = '' OR districts LIKE $4) \
         AND ($5 = '' OR form = $5) \
         AND ($6 < 0 OR ($6 = 1 AND {MAY}) OR ($6 = 0 AND NOT {MAY})) \
         AND ($8 = 0 OR (grade >= $8 AND grade_awarded_on > $9 AND grade_awarded_on <= $7)) \
         AND ($10 = 0 OR status = 'active') \
         AND ($11 = '' OR name LIKE $12 ESCAPE '\\' OR former_names LIKE $12 ESCAPE '\\') \
         AND ($13 = '' OR credit_code = $13)"
    )
}

enum Bind {
    S(String),
    I(i64),
}

/// The values of `$1` ... `$13`, in order.
fn binds(f: &Filters) -> Vec<Bind> {
    let today = f.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let field = f.field.map(|x| x.as_str()).unwrap_or("").to_owned();
    let district = f.district.clone().unwrap_or_default();
    let text = f.text.clone().unwrap_or_default();
    vec![
        Bind::S(field.clone()),
        Bind::S(format!("%,{field},%")),
        Bind::S(district.clone()),
        Bind::S(format!("%,{},%", like_escape(&district))),
        Bind::S(f.form.map(|x| x.as_str()).unwrap_or("").to_owned()),
        Bind::I(f.fundraising.map(i64::from).unwrap_or(-1)),
        Bind::S(today.to_string()),
        Bind::I(i64::from(f.grade.unwrap_or(0))),
        Bind::S(rules::add_months(today, -60).to_string()),
        Bind::I(i64::from(f.active_only)),
        Bind::S(text.clone()),
        Bind::S(format!("%{}%", like_escape(&text))),
        Bind::S(f.credit_code.clone().unwrap_or_default()),
    ]
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::S(s) => q.bind(s),
                Bind::I(i) => q.bind(i),
            };
        }
        q
    }};
}

pub async fn search_keys(
    conn: &mut AnyConnection,
    f: &Filters,
) -> Result<Vec<KeyRow>, sqlx::Error> {
    let (keys, key_binds) = super::keys::candidates(&f.letters, 14);
    let sql = format!(
        "SELECT id, name_pinyin, grade, grade_awarded_on, registered_on FROM charities \
         WHERE {} AND {keys}",
        where_clause()
    );
    let mut q = bind_all!(sqlx::query_as(&sql), binds(f));
    for b in key_binds {
        q = q.bind(b);
    }
    q.fetch_all(conn).await
}

/// The total and one page, sorted in SQL (`COALESCE` keeps NULLs in the same place in both
/// engines).
pub async fn search_page(
    conn: &mut AnyConnection,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    let w = where_clause();
    let count_sql = format!("SELECT COUNT(*) FROM charities WHERE {w}");
    let (total,): (i64,) =
        bind_all!(sqlx::query_as(&count_sql), binds(f)).fetch_one(&mut *conn).await?;
    let order_by = match order {
        SortOrder::Name => "name_pinyin, credit_code",
        SortOrder::Newest => "registered_on DESC, name_pinyin, credit_code",
        SortOrder::Grade => {
            "CASE WHEN grade_awarded_on > $9 AND grade_awarded_on <= $7 \
             THEN COALESCE(grade, 0) ELSE 0 END DESC, name_pinyin, credit_code"
        }
    };
    let sql =
        format!("SELECT {COLS} FROM charities WHERE {w} ORDER BY {order_by} LIMIT $14 OFFSET $15");
    let rows = bind_all!(sqlx::query_as(&sql), binds(f))
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    Ok((total, rows))
}
