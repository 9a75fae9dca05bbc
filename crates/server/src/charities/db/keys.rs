//! Pinyin search keys: one row per organisation and syllable of its name, holding that
//! syllable and the initials of the syllables from it on. A pinyin query spells consecutive
//! syllables by prefixes (`csh` = c|i + sh|an), so a match starting at syllable i has
//! (a) syllable i starting with the query's first piece and (b) the initials from i starting
//! with the query's first letter and the first letter of its second piece. The candidates are
//! the union of a few index range scans, one per place the second piece may start; the server
//! then checks the syllables exactly (`pinyin_matches`). Both columns are compared bytewise
//! (`COLLATE "C"` on PostgreSQL), so `>= 'cs' AND < 'ct'` is a prefix range in both engines.

use sqlx::{AnyConnection, Executor};

/// Initials kept per key: two decide the candidates; a few more cost nothing.
const INITIALS: usize = 8;
/// Longest syllable kept (Latin runs in names may be long).
const SYLLABLE: usize = 40;
/// The longest pinyin syllable (`zhuang`): a longer first piece must be a Latin run.
const LONGEST_PINYIN: usize = 6;

/// The key rows `(syllable, initials from it)` of a name's stored pinyin (`ci shan hui`).
pub fn key_rows(pinyin: &str) -> Vec<(String, String)> {
    let syl: Vec<&str> = pinyin.split(' ').filter(|s| !s.is_empty()).collect();
    (0..syl.len())
        .map(|i| {
            let initials: String =
                syl[i..].iter().filter_map(|s| s.chars().next()).take(INITIALS).collect();
            (syl[i].chars().take(SYLLABLE).collect(), initials)
        })
        .collect()
}

/// The string just after every string starting with `prefix` (ASCII; `z` + 1 is `{`).
fn after(prefix: &str) -> String {
    let mut b = prefix.as_bytes().to_vec();
    if let Some(last) = b.last_mut() {
        *last += 1;
    }
    String::from_utf8(b).unwrap_or_default()
}

/// One way a match of a query can show in a key row: prefix ranges on its columns, and whether
/// every row in them is a match (then no syllable check is needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRange {
    /// `(column, prefix)` pairs, all of which hold.
    pub prefixes: Vec<(&'static str, String)>,
    pub exact: bool,
}

/// The key ranges that can hold a match of `query` (lower-case ASCII letters); none for any
/// other query. A range is exact when a row in it always matches: the whole query inside one
/// syllable, and the query's letters but the last in one syllable with the last letter the
/// next syllable's initial. Queries of one or two letters have only exact ranges.
pub fn ranges(query: &str) -> Vec<KeyRange> {
    let q = query.as_bytes();
    if q.is_empty() || !q.iter().all(u8::is_ascii_lowercase) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // The whole query inside one syllable.
    if query.len() <= SYLLABLE {
        out.push(KeyRange { prefixes: vec![("syllable", query.to_owned())], exact: true });
    }
    // A second piece starting at letter k.
    for k in 1..q.len().min(LONGEST_PINYIN + 1) {
        let two = format!("{}{}", q[0] as char, q[k] as char);
        out.push(KeyRange {
            prefixes: vec![("initials", two), ("syllable", query[..k].to_owned())],
            exact: k + 1 == q.len(),
        });
    }
    // A first piece longer than any pinyin syllable (a Latin run).
    if q.len() > LONGEST_PINYIN + 1 {
        let first = query[..=LONGEST_PINYIN].to_owned();
        out.push(KeyRange { prefixes: vec![("syllable", first)], exact: false });
    }
    out
}

/// The condition on `charity_name_keys` for these ranges, with its bind values; placeholders
/// start at `$first`. No ranges is a condition nothing meets.
pub fn condition<'a>(
    ranges: impl IntoIterator<Item = &'a KeyRange>,
    first: usize,
) -> (String, Vec<String>) {
    let mut ors = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    for r in ranges {
        let ands: Vec<String> = r
            .prefixes
            .iter()
            .map(|(col, prefix)| {
                let n = first + binds.len();
                binds.push(prefix.clone());
                binds.push(after(prefix));
                format!("({col} >= ${n} AND {col} < ${})", n + 1)
            })
            .collect();
        ors.push(if ands.len() == 1 {
            ands[0].clone()
        } else {
            format!("({})", ands.join(" AND "))
        });
    }
    if ors.is_empty() {
        return ("1 = 0".into(), Vec::new());
    }
    (ors.join(" OR "), binds)
}

/// The condition for every key range that can hold a match of `query` (see `condition`).
pub fn candidates(query: &str, first: usize) -> (String, Vec<String>) {
    condition(&ranges(query), first)
}

/// Replaces the keys of these organisations (`(id, stored pinyin)`).
pub async fn replace(conn: &mut AnyConnection, list: &[(i64, &str)]) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = list.iter().map(|(id, _)| *id).collect();
    forget(conn, &ids).await?;
    insert(conn, list).await
}

/// Deletes the keys of these organisations.
pub async fn forget(conn: &mut AnyConnection, ids: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(200) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql =
            format!("DELETE FROM charity_name_keys WHERE charity_id IN ({})", marks.join(", "));
        let mut q = sqlx::query(&sql).persistent(false);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds the keys of organisations that have none.
pub async fn insert(conn: &mut AnyConnection, list: &[(i64, &str)]) -> Result<(), sqlx::Error> {
    let rows: Vec<(i64, String, String)> = list
        .iter()
        .flat_map(|(id, p)| key_rows(p).into_iter().map(move |(s, i)| (*id, s, i)))
        .collect();
    // Small statements on SQLite, fewer round trips on PostgreSQL (see db/import.rs).
    let per = if conn.backend_name() == "PostgreSQL" { 1000 } else { 30 };
    for chunk in rows.chunks(per) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| format!("(${}, ${}, ${})", r * 3 + 1, r * 3 + 2, r * 3 + 3))
            .collect();
        let sql = format!(
            "INSERT INTO charity_name_keys (charity_id, syllable, initials) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (id, s, i) in chunk {
            q = q.bind(*id).bind(s.as_str()).bind(i.as_str());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds the keys of organisations that have none (rows saved before the key table existed).
pub async fn backfill(pool: &sqlx::AnyPool) -> Result<u64, sqlx::Error> {
    let missing: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name_pinyin FROM charities c WHERE name_pinyin <> '' AND NOT EXISTS \
         (SELECT 1 FROM charity_name_keys k WHERE k.charity_id = c.id)",
    )
    .fetch_all(pool)
    .await?;
    if missing.is_empty() {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let list: Vec<(i64, &str)> = missing.iter().map(|(id, p)| (*id, p.as_str())).collect();
    replace(&mut tx, &list).await?;
    tx.commit().await?;
    Ok(missing.len() as u64)
}

/// Runs `ANALYZE` so the planners know how selective the key ranges are (after big imports).
pub async fn analyze(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute("ANALYZE").await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_syllable_with_the_initials_from_it() {
        let pairs = [("ci", "cszh"), ("shan", "szh"), ("zong", "zh"), ("hui", "h")];
        let want: Vec<(String, String)> =
            pairs.iter().map(|(s, i)| (s.to_string(), i.to_string())).collect();
        assert_eq!(key_rows("ci shan zong hui"), want);
        assert!(key_rows("").is_empty());
    }

    #[test]
    fn candidate_ranges_cover_every_way_to_split_the_query() {
        let (sql, binds) = candidates("csh", 17);
        assert!(sql.contains("$17") && sql.contains("$26"), "{sql}");
        // csh in one syllable, c|sh..., cs|h...
        assert_eq!(binds, ["csh", "csi", "cs", "ct", "c", "d", "ch", "ci", "cs", "ct"]);
        assert_eq!(candidates("", 1), ("1 = 0".to_owned(), vec![]));
        assert_eq!(candidates("a'b", 1).0, "1 = 0");
        assert_eq!(after("caz"), "ca{");
    }

    #[test]
    fn short_queries_and_last_letter_splits_are_exact() {
        let exact = |q: &str| -> Vec<bool> { ranges(q).iter().map(|r| r.exact).collect() };
        assert_eq!(exact("c"), [true]);
        assert_eq!(exact("cs"), [true, true]);
        // csh | c+sh.. | cs+h
        assert_eq!(exact("csh"), [true, false, true]);
        // Nine letters: the one-syllable range, six splits (none at the last letter) and the
        // Latin-run range.
        assert_eq!(exact("hongshizi"), [true, false, false, false, false, false, false, false]);
        assert!(ranges("C").is_empty());
    }
}
