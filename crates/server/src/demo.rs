//! Demo data for `cargo xtask serve`, loaded idempotently: offices are inserted once and never
//! overwrite what staff changed since (a restart with `--demo` keeps a clerk's settings). Everything
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

/// Demo registry offices, one per district of the bureau documents: plausible hours (Monday
/// to Friday 9:00-12:00 and 13:30-17:00, some Saturday mornings) and capacities; all demo.
pub fn offices() -> Vec<portal_api::booking::Office> {
    use portal_api::booking::{Office, Service};
    let weekday = vec![(9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60)];
    let hours = |saturday: bool| {
        let mut h = vec![weekday.clone(); 5];
        h.push(if saturday { vec![(9 * 60, 12 * 60)] } else { vec![] });
        h.push(vec![]);
        h
    };
    let all = Service::ALL.to_vec();
    let office = |code: &str,
                  region: &str,
                  zh: &str,
                  en: &str,
                  addr_zh: &str,
                  addr_en: &str,
                  phone: &str,
                  sat: bool,
                  counters: i64| Office {
        code: code.into(),
        region: region.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        address_zh: addr_zh.into(),
        address_en: addr_en.into(),
        phone: phone.into(),
        hours: hours(sat),
        services: all.clone(),
        window_min: 1,
        window_max: 30,
        slot_minutes: 30,
        counters,
        partner_confirm: true,
        // One ceremony hall and one counselling room per office.
        service_counters: vec![(Service::Ceremony, 1), (Service::Counselling, 1)],
        demo: true,
    };
    vec![
        office(
            "changning",
            "shanghai-changning",
            "长宁区婚姻登记中心（演示）",
            "Changning Marriage Registry (demo)",
            "上海市长宁区示例路 1 号",
            "1 Example Road, Changning, Shanghai",
            "021-00000001",
            true,
            4,
        ),
        office(
            "zhonglou",
            "changzhou-zhonglou",
            "钟楼区婚姻登记处（演示）",
            "Zhonglou Marriage Registry (demo)",
            "常州市钟楼区示例路 2 号",
            "2 Example Road, Zhonglou, Changzhou",
            "0519-00000002",
            false,
            3,
        ),
        office(
            "anning",
            "kunming-anning",
            "安宁市婚姻登记处（演示）",
            "Anning Marriage Registry (demo)",
            "安宁市示例路 3 号",
            "3 Example Road, Anning",
            "0871-00000003",
            false,
            2,
        ),
        office(
            "tianmen",
            "hubei-tianmen",
            "天门市婚姻登记处（演示）",
            "Tianmen Marriage Registry (demo)",
            "天门市示例路 4 号",
            "4 Example Road, Tianmen",
            "0728-00000004",
            true,
            3,
        ),
    ]
}

pub async fn load(db: &Db) -> Result<(), sqlx::Error> {
    for o in offices() {
        crate::booking::db::insert_office_once(db, &o).await?;
    }
    crate::calendar::load_rest_days(db, &crate::calendar::statutory_rest_days()).await?;
    crate::volunteering::demo::load(
        db,
        crate::today(),
        crate::clock::Clock::now(&crate::clock::SystemClock),
    )
    .await?;
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
    crate::charities::demo::load(
        &mut tx,
        crate::today(),
        crate::clock::Clock::now(&crate::clock::SystemClock),
    )
    .await?;
    tx.commit().await
}

/// A small, fast, seedable generator (SplitMix64) for demo and bench data: the same seed gives
/// the same data, so runs compare. Not for anything secret (`crypto` is for that).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// In `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `list`, which must not be empty.
    pub fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len() as u64) as usize]
    }
}

#[cfg(test)]
mod rng_tests {
    use super::Rng;

    #[test]
    fn the_same_seed_gives_the_same_values_in_range() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let xs: Vec<u64> = (0..1000).map(|_| a.below(10)).collect();
        assert_eq!(xs, (0..1000).map(|_| b.below(10)).collect::<Vec<_>>());
        assert!(xs.iter().all(|&x| x < 10));
        // Every value turns up: not stuck on one.
        assert!((0..10).all(|v| xs.contains(&v)));
        assert_ne!(Rng(8).next_u64(), Rng(7).next_u64());
        // SplitMix64's published test vector for seed 0.
        let mut z = Rng(0);
        assert_eq!(z.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(z.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let u = Rng(3).unit();
        assert!((0.0..1.0).contains(&u));
    }
}
