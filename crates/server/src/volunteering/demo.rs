//! Demo volunteering data for the four demo regions, from what the bureau documents describe
//! (meal delivery at 助餐点, companionship for elders living alone, care for left-behind
//! children, disaster-prevention drills, community clean-ups). Inserted once: an organisation
//! that exists is never overwritten; a demo activity with no shift left gets new ones, so a
//! long-running demo always has something to join. Everything is marked demo.

use super::db;
use crate::db::Db;
use portal_api::ids::{Date, credit_code_check_character};
use portal_api::volunteering::{ActivityRequest, Category, shift_instants};

/// The demo organiser's organisation (`cargo xtask serve` grants it to the demo organiser).
pub const DEMO_ORG: &str = "red-cross-tianmen";

/// (code, name, credit code's first 17 characters, contact, district)
const ORGS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "changning-elder-care",
        "长宁区为老服务志愿者协会（演示）",
        "51310105MJ0000010",
        "021-00000011",
        "shanghai-changning",
    ),
    (
        "zhonglou-youth",
        "钟楼区青年志愿者服务中心（演示）",
        "52320404MJ0000020",
        "0519-00000022",
        "changzhou-zhonglou",
    ),
    (
        "anning-community",
        "安宁市社区志愿服务站（演示）",
        "52530181MJ0000030",
        "0871-00000033",
        "kunming-anning",
    ),
    (
        DEMO_ORG,
        "天门市红十字志愿服务队（演示）",
        "53429006MJ0000040",
        "0728-00000044",
        "hubei-tianmen",
    ),
];

/// (org, title, category, address, description, bring, skills, min age, points per hour,
/// shifts as (days from today, start minute, end minute, places))
type DemoActivity = (
    &'static str,
    &'static str,
    Category,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<u32>,
    u32,
    &'static [(i64, u32, u32, u32)],
);

const ACTIVITIES: &[DemoActivity] = &[
    (
        "changning-elder-care",
        "社区助餐点送餐（演示）",
        Category::ElderCare,
        "长宁区示例街道助餐点",
        "为行动不便的老人送午餐，顺便问候。",
        "健康证（如有）、舒适的鞋",
        &["送餐", "沟通"],
        Some(16),
        1,
        &[(2, 10 * 60 + 30, 12 * 60 + 30, 4), (9, 10 * 60 + 30, 12 * 60 + 30, 4)],
    ),
    (
        "changning-elder-care",
        "独居老人陪伴聊天（演示）",
        Category::ElderCare,
        "长宁区示例社区活动室",
        "陪独居老人聊天、读报、教用智能手机。",
        "耐心",
        &["陪伴", "智能手机"],
        None,
        2,
        &[(3, 14 * 60, 16 * 60, 6)],
    ),
    (
        "zhonglou-youth",
        "社区环境清洁日（演示）",
        Category::Environment,
        "钟楼区示例公园南门",
        "清理公园和河道边的垃圾，垃圾分类宣传。",
        "手套、水",
        &[],
        Some(12),
        1,
        &[(4, 9 * 60, 11 * 60 + 30, 10)],
    ),
    (
        "zhonglou-youth",
        "社区图书角整理（演示）",
        Category::Culture,
        "钟楼区示例社区图书角",
        "整理图书、为孩子读绘本。",
        "",
        &["阅读"],
        None,
        1,
        &[(6, 14 * 60, 17 * 60, 3)],
    ),
    (
        "anning-community",
        "留守儿童课后陪伴（演示）",
        Category::Children,
        "安宁市示例村儿童之家",
        "辅导作业、做游戏，关爱留守儿童。",
        "身份证",
        &["辅导"],
        Some(18),
        1,
        &[(2, 16 * 60, 18 * 60, 3), (5, 16 * 60, 18 * 60, 3)],
    ),
    (
        "anning-community",
        "残疾人康复陪护（演示）",
        Category::Disability,
        "安宁市示例康复站",
        "协助康复训练和出行。",
        "",
        &["陪护"],
        Some(18),
        2,
        &[(7, 9 * 60, 12 * 60, 2)],
    ),
    (
        DEMO_ORG,
        "防灾减灾应急演练（演示）",
        Category::Emergency,
        "天门市示例广场",
        "协助社区开展防汛和消防疏散演练。",
        "雨具",
        &["急救"],
        Some(16),
        2,
        &[(3, 9 * 60, 12 * 60, 8), (10, 22 * 60, 6 * 60, 4)],
    ),
    (
        DEMO_ORG,
        "社区治理议事协助（演示）",
        Category::Community,
        "天门市示例社区居委会",
        "协助居民议事会记录和秩序维护。",
        "",
        &[],
        None,
        1,
        &[(1, 19 * 60, 21 * 60, 5)],
    ),
];

fn credit_code(first17: &str) -> String {
    format!("{first17}{}", credit_code_check_character(first17).unwrap_or('0'))
}

pub async fn load(db: &Db, today: Date, now: i64) -> Result<(), sqlx::Error> {
    for (code, name, credit, contact, district) in ORGS {
        sqlx::query(
            "INSERT INTO vol_orgs (code, name, credit_code, contact, district, demo, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (code) DO NOTHING",
        )
        .bind(*code)
        .bind(*name)
        .bind(credit_code(credit))
        .bind(*contact)
        .bind(*district)
        .bind(now)
        .execute(&db.pool)
        .await?;
    }
    for (org, title, category, address, description, bring, skills, min_age, rate, shifts) in
        ACTIVITIES
    {
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM vol_activities WHERE org_code = $1 AND title = $2 AND demo = 1",
        )
        .bind(*org)
        .bind(*title)
        .fetch_optional(&db.pool)
        .await?;
        let district = ORGS.iter().find(|o| o.0 == *org).map(|o| o.4).unwrap_or("");
        let id = match existing {
            Some((id,)) => id,
            None => {
                let req = ActivityRequest {
                    title: (*title).into(),
                    description: (*description).into(),
                    category: *category,
                    district: district.into(),
                    address: (*address).into(),
                    skills: skills.iter().map(|s| (*s).to_owned()).collect(),
                    bring: (*bring).into(),
                    min_age: *min_age,
                    points_per_hour: Some(*rate),
                };
                db::insert_activity(&db.pool, org, &req, *rate, true, now).await?
            }
        };
        let upcoming = db::shifts_of(&db.pool, id).await?.iter().any(|s| s.day >= today);
        if upcoming {
            continue;
        }
        for (days, start, end, places) in *shifts {
            let day = today.add_days(*days);
            let (starts_at, ends_at) = shift_instants(day, *start, *end);
            let secret = crate::crypto::new_token().0;
            let shift = db::NewShift {
                activity_id: id,
                day,
                start_min: *start,
                end_min: *end,
                starts_at,
                ends_at,
                capacity: *places,
                secret: &secret,
            };
            db::insert_shift(&db.pool, &shift).await?;
        }
    }
    Ok(())
}
