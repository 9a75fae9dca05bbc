//! Region rows. Rows are not API types: handlers convert them.

use sqlx::FromRow;

#[derive(Debug, FromRow)]
pub struct RegionRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub source: String,
    pub demo: i64,
}

pub async fn list_regions<'e, E>(db: E) -> Result<Vec<RegionRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as::<_, RegionRow>(
        "SELECT code, name_zh, name_en, source, demo FROM regions ORDER BY sort_order, code",
    )
    .fetch_all(db)
    .await
}

impl From<RegionRow> for portal_api::meta::Region {
    fn from(r: RegionRow) -> Self {
        portal_api::meta::Region {
            code: r.code,
            name_zh: r.name_zh,
            name_en: r.name_en,
            source: r.source,
            demo: r.demo != 0,
        }
    }
}
