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
    /// A pinyin query (lower-case letters): `search_keys` fetches only the rows whose name keys
    /// can match it.
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

enum Bind {
    S(String),
    I(i64),
}

/// The `WHERE` clause for the filters that are set (only those: a catch-all `($1 = '' OR ...)`
/// makes PostgreSQL's generic plan for a prepared statement scan everything), and its values.
/// Placeholders are numbered from `$first`, in the order they appear (SQLite numbers `$N`
/// parameters by first appearance).
fn where_clause(f: &Filters, first: usize) -> (String, Vec<Bind>) {
    let today = f.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let mut binds: Vec<Bind> = Vec::new();
    let mut mark = |b: Bind| {
        binds.push(b);
        format!("${}", first - 1 + binds.len())
    };
    let mut c: Vec<String> = Vec::new();
    if let Some(field) = f.field {
        c.push(format!("fields LIKE {}", mark(Bind::S(format!("%,{},%", field.as_str())))));
    }
    if let Some(d) = f.district.as_deref().filter(|d| !d.is_empty()) {
        c.push(format!("districts LIKE {}", mark(Bind::S(format!("%,{},%", like_escape(d))))));
    }
    if let Some(form) = f.form {
        c.push(format!("form = {}", mark(Bind::S(form.as_str().into()))));
    }
    if let Some(yes) = f.fundraising {
        let may = format!(
            "(status = 'active' AND public_fundraising_since IS NOT NULL \
             AND public_fundraising_since <= {})",
            mark(Bind::S(today.to_string()))
        );
        c.push(if yes { may } else { format!("NOT {may}") });
    }
    if let Some(g) = f.grade.filter(|g| *g > 0) {
        let (g, from, to) = (
            mark(Bind::I(i64::from(g))),
            mark(Bind::S(rules::add_months(today, -60).to_string())),
            mark(Bind::S(today.to_string())),
        );
        c.push(format!(
            "(grade >= {g} AND grade_awarded_on > {from} AND grade_awarded_on <= {to})"
        ));
    }
    if f.active_only {
        c.push("status = 'active'".into());
    }
    if let Some(text) = f.text.as_deref().filter(|t| !t.is_empty()) {
        let p = mark(Bind::S(format!("%{}%", like_escape(text))));
        c.push(format!("(name LIKE {p} ESCAPE '\\' OR former_names LIKE {p} ESCAPE '\\')"));
    }
    if let Some(code) = f.credit_code.as_deref().filter(|c| !c.is_empty()) {
        c.push(format!("credit_code = {}", mark(Bind::S(code.into()))));
    }
    let sql = if c.is_empty() { "1 = 1".to_owned() } else { c.join(" AND ") };
    (sql, binds)
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
    let (keys, key_binds) = super::keys::candidates(&f.letters, 1);
    let (w, where_binds) = where_clause(f, key_binds.len() + 1);
    let mut binds: Vec<Bind> = key_binds.into_iter().map(Bind::S).chain(where_binds).collect();
    // The query's letters appear in this order in the syllables whatever the split: a cheap
    // check on the candidates that leaves few for the exact match (`tianmenshicish` shares
    // its first two initials with every 天门市 name).
    let subsequence: Vec<String> = f.letters.chars().map(String::from).collect();
    binds.push(Bind::S(format!("%{}%", subsequence.join("%"))));
    let like = format!("name_pinyin LIKE ${}", binds.len());
    // The candidates first, as a table of their own: as an `IN (...)` beside other filters,
    // PostgreSQL re-ran the key scans for every row those filters left (0.7 s for a district).
    let sql = format!(
        "SELECT id, name_pinyin, grade, grade_awarded_on, registered_on \
         FROM (SELECT DISTINCT charity_id FROM charity_name_keys WHERE {keys}) k \
         JOIN charities ON charities.id = k.charity_id WHERE {w} AND {like}"
    );
    // Unnamed statements: PostgreSQL plans each with its values (a cached generic plan cannot
    // know which key ranges or filters are narrow, and chose scans of seconds).
    bind_all!(sqlx::query_as(&sql).persistent(false), binds).fetch_all(conn).await
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
    let (w, binds) = where_clause(f, 1);
    let count_sql = format!("SELECT COUNT(*) FROM charities WHERE {w}");
    let (total,): (i64,) = bind_all!(sqlx::query_as(&count_sql).persistent(false), binds)
        .fetch_one(&mut *conn)
        .await?;
    // Dates the server made (digits and hyphens only), so they may stand in the SQL.
    let today = f.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let order_by = match order {
        SortOrder::Name => "name_pinyin, credit_code".to_owned(),
        SortOrder::Newest => "registered_on DESC, name_pinyin, credit_code".to_owned(),
        SortOrder::Grade => format!(
            "CASE WHEN grade_awarded_on > '{}' AND grade_awarded_on <= '{today}' \
             THEN COALESCE(grade, 0) ELSE 0 END DESC, name_pinyin, credit_code",
            rules::add_months(today, -60)
        ),
    };
    let (w, binds) = where_clause(f, 1);
    let n = binds.len();
    let sql = format!(
        "SELECT {COLS} FROM charities WHERE {w} ORDER BY {order_by} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind_all!(sqlx::query_as(&sql).persistent(false), binds)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    Ok((total, rows))
}
