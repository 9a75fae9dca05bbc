//! The register search: one `WHERE` clause for every filter. Non-pinyin queries count, sort
//! and page in SQL. A pinyin query's name keys (`keys.rs`) come in exact ranges (a row in them
//! matches) and wider ones (the server checks the syllables, `pinyin_matches`); when the exact
//! ranges hold many rows (`c`) the matches are counted and paged in SQL, otherwise their sort
//! keys are read and sorted here. `pinyin_page_general` checks and sorts every candidate here:
//! the reference the others are tested against, and the "before" of the benchmark.

use super::{COLS, CharityRow, keys};
use portal_api::charities::search::pinyin_matches;
use portal_api::charities::{Field, Grade, OrgForm, SortOrder, parse_date, rules};
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
    pub credit_code: String,
    pub name_pinyin: String,
    pub grade: Option<i64>,
    pub grade_awarded_on: Option<String>,
    pub registered_on: String,
}

/// Escapes `LIKE` wildcards (the pattern uses `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[derive(Debug, Clone)]
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
            mark(Bind::S(rules::grade_expired_through(today).to_string())),
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

/// The sort keys of the rows that pass the filters and that `include` holds but `exclude`
/// does not (one row each), optionally only those whose pinyin has the query's letters in order.
async fn key_rows(
    conn: &mut AnyConnection,
    f: &Filters,
    include: &[&keys::KeyRange],
    exclude: &[&keys::KeyRange],
    letters_in_order: bool,
) -> Result<Vec<KeyRow>, sqlx::Error> {
    let (inc, inc_binds) = keys::condition(include.iter().copied(), 1);
    let mut binds: Vec<Bind> = inc_binds.into_iter().map(Bind::S).collect();
    // The candidates first, as a table of their own: as an `IN (...)` beside other filters,
    // PostgreSQL re-ran the key scans for every row those filters left (0.7 s for a district).
    // `EXCEPT` rather than `NOT EXISTS`: PostgreSQL ran the correlated form as a scan of every key.
    let ids = if exclude.is_empty() {
        format!("SELECT DISTINCT charity_id FROM charity_name_keys WHERE {inc}")
    } else {
        let (exc, exc_binds) = keys::condition(exclude.iter().copied(), binds.len() + 1);
        binds.extend(exc_binds.into_iter().map(Bind::S));
        format!(
            "SELECT charity_id FROM charity_name_keys WHERE {inc} \
             EXCEPT SELECT charity_id FROM charity_name_keys WHERE {exc}"
        )
    };
    let (w, where_binds) = where_clause(f, binds.len() + 1);
    binds.extend(where_binds);
    let mut sql = format!(
        "SELECT id, credit_code, name_pinyin, grade, grade_awarded_on, registered_on \
         FROM ({ids}) k JOIN charities ON charities.id = k.charity_id WHERE {w}"
    );
    if letters_in_order {
        // The query's letters appear in this order in the syllables whatever the split: a
        // cheap check that leaves few for the exact match (`tianmenshicish` shares its first
        // two initials with every 天门市 name).
        binds.push(Bind::S(subsequence(&f.letters)));
        sql.push_str(&format!(" AND name_pinyin LIKE ${}", binds.len()));
    }
    // Unnamed statements: PostgreSQL plans each with its values (a cached generic plan cannot
    // know which key ranges or filters are narrow, and chose scans of seconds).
    bind_all!(sqlx::query_as(&sql).persistent(false), binds).fetch_all(conn).await
}

/// Every candidate of a pinyin query (all its key ranges) that passes the filters.
pub async fn search_keys(
    conn: &mut AnyConnection,
    f: &Filters,
) -> Result<Vec<KeyRow>, sqlx::Error> {
    let ranges = keys::ranges(&f.letters);
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let all: Vec<&keys::KeyRange> = ranges.iter().collect();
    key_rows(conn, f, &all, &[], true).await
}

/// The total and one page, sorted in SQL.
pub async fn search_page(
    conn: &mut AnyConnection,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    let (w, binds) = where_clause(f, 1);
    page(conn, &w, &binds, f, order, limit, offset).await
}

/// Above this many key rows in a pinyin query's exact ranges, its page is counted and sorted
/// in SQL; up to it, reading the matches' sort keys and sorting them here costs less.
pub const SQL_PAGE_ABOVE: i64 = 1_500;

/// A pinyin search's total and one page.
pub async fn pinyin_page(
    conn: &mut AnyConnection,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    pinyin_page_above(conn, f, order, limit, offset, SQL_PAGE_ABOVE).await
}

/// A pinyin search's total and one page. Rows in exact key ranges match without a check;
/// only the rows the wider ranges alone hold have their syllables checked here. When the
/// exact ranges hold more than `above` key rows (`c`: 9,281 for 8,034 of 20,000 names), the
/// matches are counted, sorted and paged in SQL, the checked ones named by id, and one page
/// is read; otherwise every match's sort keys are read and sorted here, as the general path.
pub async fn pinyin_page_above(
    conn: &mut AnyConnection,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
    above: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    let ranges = keys::ranges(&f.letters);
    let (exact, wide): (Vec<&keys::KeyRange>, Vec<&keys::KeyRange>) =
        ranges.iter().partition(|r| r.exact);
    let mut matches = if wide.is_empty() {
        Vec::new()
    } else {
        let mut rows = key_rows(conn, f, &wide, &exact, true).await?;
        rows.retain(|k| matches_letters(k, &f.letters));
        rows
    };
    let exact_keys = if exact.is_empty() { 0 } else { count_keys(conn, &exact).await? };
    if exact_keys <= above {
        if exact_keys > 0 {
            matches.extend(key_rows(conn, f, &exact, &[], false).await?);
        }
        return page_here(conn, matches, f, order, limit, offset).await;
    }
    let (w, mut binds) = where_clause(f, 1);
    let (cond, key_binds) = keys::condition(exact.iter().copied(), binds.len() + 1);
    binds.extend(key_binds.into_iter().map(Bind::S));
    let mut either = format!("id IN (SELECT charity_id FROM charity_name_keys WHERE {cond})");
    if !matches.is_empty() {
        // Ids the database gave (integers), so they may stand in the SQL: one bind each would
        // be many for a broad query, which sqlx's Any driver binds slowly.
        let ids: Vec<String> = matches.iter().map(|k| k.id.to_string()).collect();
        either = format!("({either} OR id IN ({}))", ids.join(", "));
    }
    page(conn, &format!("{w} AND {either}"), &binds, f, order, limit, offset).await
}

/// Key rows in these ranges (a bound on the organisations they hold, read from the index).
async fn count_keys(
    conn: &mut AnyConnection,
    ranges: &[&keys::KeyRange],
) -> Result<i64, sqlx::Error> {
    let (cond, binds) = keys::condition(ranges.iter().copied(), 1);
    let sql = format!("SELECT COUNT(*) FROM charity_name_keys WHERE {cond}");
    let binds: Vec<Bind> = binds.into_iter().map(Bind::S).collect();
    let (n,): (i64,) =
        bind_all!(sqlx::query_as(&sql).persistent(false), binds).fetch_one(conn).await?;
    Ok(n)
}

fn matches_letters(k: &KeyRow, letters: &str) -> bool {
    let syllables: Vec<&str> = k.name_pinyin.split(' ').collect();
    pinyin_matches(&syllables, letters)
}

/// The total and one page of these matches, sorted here.
async fn page_here(
    conn: &mut AnyConnection,
    mut keys: Vec<KeyRow>,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    sort_keys(&mut keys, order, f.today.unwrap_or(Date { year: 1970, month: 1, day: 1 }));
    let ids: Vec<i64> = keys
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|k| k.id)
        .collect();
    Ok((keys.len() as i64, super::charities_by_ids(conn, &ids).await?))
}

/// `%c%s%h%`: the query's letters appear in this order in the syllables whatever the split.
fn subsequence(letters: &str) -> String {
    let parts: Vec<String> = letters.chars().map(String::from).collect();
    format!("%{}%", parts.join("%"))
}

/// The total and one page of the rows meeting `w` (whose values are `binds`), sorted in SQL
/// (`COALESCE` keeps NULLs in the same place in both engines).
async fn page(
    conn: &mut AnyConnection,
    w: &str,
    binds: &[Bind],
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    let count_sql = format!("SELECT COUNT(*) FROM charities WHERE {w}");
    let (total,): (i64,) =
        bind_all!(sqlx::query_as(&count_sql).persistent(false), binds.iter().cloned())
            .fetch_one(&mut *conn)
            .await?;
    if total <= offset {
        return Ok((total, Vec::new()));
    }
    // Dates the server made (digits and hyphens only), so they may stand in the SQL.
    let today = f.today.unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let order_by = match order {
        SortOrder::Name => "name_pinyin, credit_code".to_owned(),
        SortOrder::Newest => "registered_on DESC, name_pinyin, credit_code".to_owned(),
        SortOrder::Grade => format!(
            "CASE WHEN grade_awarded_on > '{}' AND grade_awarded_on <= '{today}' \
             THEN COALESCE(grade, 0) ELSE 0 END DESC, name_pinyin, credit_code",
            rules::grade_expired_through(today)
        ),
    };
    let n = binds.len();
    let sql = format!(
        "SELECT {COLS} FROM charities WHERE {w} ORDER BY {order_by} LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind_all!(sqlx::query_as(&sql).persistent(false), binds.iter().cloned())
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    Ok((total, rows))
}

/// The general path: every candidate's syllables checked and sorted in Rust, one page read.
pub async fn pinyin_page_general(
    conn: &mut AnyConnection,
    f: &Filters,
    order: SortOrder,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<CharityRow>), sqlx::Error> {
    let mut keys = search_keys(conn, f).await?;
    keys.retain(|k| matches_letters(k, &f.letters));
    page_here(conn, keys, f, order, limit, offset).await
}

/// The orders of `page`, in Rust (names and codes compare bytewise in both).
fn sort_keys(keys: &mut [KeyRow], order: SortOrder, today: Date) {
    let by_name = |a: &KeyRow, b: &KeyRow| {
        a.name_pinyin.cmp(&b.name_pinyin).then_with(|| a.credit_code.cmp(&b.credit_code))
    };
    match order {
        SortOrder::Name => keys.sort_by(by_name),
        SortOrder::Newest => {
            keys.sort_by(|a, b| b.registered_on.cmp(&a.registered_on).then_with(|| by_name(a, b)))
        }
        SortOrder::Grade => {
            let current = |k: &KeyRow| {
                let awarded = k.grade_awarded_on.as_deref().and_then(parse_date);
                let grade = k.grade.and_then(Grade::from_level);
                if rules::grade_current(grade, awarded, today) { k.grade.unwrap_or(0) } else { 0 }
            };
            keys.sort_by(|a, b| current(b).cmp(&current(a)).then_with(|| by_name(a, b)))
        }
    }
}
