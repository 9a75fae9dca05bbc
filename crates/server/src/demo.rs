//! Demo data for `cargo xtask serve`, loaded idempotently (upserts keyed by code). Everything
//! here is marked `demo` so nobody mistakes it for a bureau's published data.

use crate::db::Db;

/// (code, Chinese name, English name, source document in `shared/domain`, order)
const REGIONS: &[(&str, &str, &str, &str, i64)] = &[
    (
        "shanghai-changning",
        "上海市长宁区",
        "Changning District, Shanghai",
        "004_a3a81385ba7151df.txt: 长宁区民政局 2024 年工作计划",
        1,
    ),
    (
        "changzhou-zhonglou",
        "常州市钟楼区",
        "Zhonglou District, Changzhou",
        "000_6b209bf057e298c1.txt: 钟楼区民政局 2017 年工作计划",
        2,
    ),
    (
        "kunming-anning",
        "昆明市安宁市",
        "Anning, Kunming",
        "001_e2d2aa850a19a5ce.txt: 安宁市民政事业发展“十四五”规划",
        3,
    ),
    (
        "hubei-tianmen",
        "湖北省天门市",
        "Tianmen, Hubei",
        "003_dc1489c1d4a1f2b8.txt: 天门市民政事业发展“十三五”规划",
        4,
    ),
];

pub async fn load(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    for (code, zh, en, source, order) in REGIONS {
        // `ON CONFLICT ... DO UPDATE` is spelled the same in SQLite (3.24+) and PostgreSQL.
        sqlx::query(
            "INSERT INTO regions (code, name_zh, name_en, source, demo, sort_order) \
             VALUES ($1, $2, $3, $4, 1, $5) \
             ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, \
             name_en = excluded.name_en, source = excluded.source, demo = 1, \
             sort_order = excluded.sort_order",
        )
        .bind(*code)
        .bind(*zh)
        .bind(*en)
        .bind(*source)
        .bind(*order)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
