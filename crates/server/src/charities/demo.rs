//! Demo register: about two hundred made-up organisations across the four demo regions, with
//! charity shops and donation points. Every entry is marked demo and named "（演示）". Inserted
//! once: an entry staff have since changed (or that exists for any reason) is never overwritten.
//! Some are revoked or dissolved, some lack the fundraising qualification, some are late with
//! their reports or campaign disclosures, and a few have credit codes flagged for review.

use super::db::{self, NewShop};
use super::pinyin_key;
use super::sample::{self, THEMES, credit_code, date};
use portal_api::charities::input::credit_code_review;
use portal_api::charities::rules::{add_months, latest_due_year};
use portal_api::charities::{
    AnnualReport, Campaign, CharityInput, Field, Grade, Opening, OrgForm, OrgStatus, ShopKind,
};
use portal_api::ids::Date;
use sqlx::AnyConnection;

/// (region code, city name, administrative division code, bureau, lat, lng)
const REGIONS: [(&str, &str, &str, &str, f64, f64); 4] = [
    ("shanghai-changning", "长宁区", "310105", "上海市长宁区民政局", 31.220, 121.424),
    ("changzhou-zhonglou", "钟楼区", "320404", "常州市钟楼区民政局", 31.802, 119.902),
    ("kunming-anning", "安宁市", "530181", "安宁市民政局", 24.919, 102.478),
    ("hubei-tianmen", "天门市", "429006", "天门市民政局", 30.663, 113.166),
];

/// The demo's themes: the first sixteen shared ones, three of them in shorter words.
fn themes() -> impl Iterator<Item = (&'static str, &'static [Field])> {
    THEMES[..16].iter().map(|&(theme, fields)| {
        let short = match theme {
            "文化发展" => "文化",
            "应急救灾" => "赈灾",
            "妇女儿童发展" => "妇女儿童",
            t => t,
        };
        (short, fields)
    })
}

/// The demo organisations for `today` (report years and campaign periods follow the date, so
/// the mix of on-time and overdue entries stays the same whenever the demo is loaded).
pub fn organisations(today: Date) -> Vec<CharityInput> {
    let mut out = Vec::new();
    for (r, (region, city, division, bureau, _, _)) in REGIONS.iter().enumerate() {
        for (t, (theme, fields)) in themes().enumerate() {
            for (f, form) in [OrgForm::Foundation, OrgForm::Association, OrgForm::SocialService]
                .into_iter()
                .enumerate()
            {
                let n = r * 100 + t * 3 + f;
                out.push(organisation(
                    n, today, region, city, division, bureau, theme, fields, form,
                ));
            }
        }
    }
    out
}

#[expect(clippy::too_many_arguments)]
fn organisation(
    n: usize,
    today: Date,
    region: &str,
    city: &str,
    division: &str,
    bureau: &str,
    theme: &str,
    fields: &[Field],
    form: OrgForm,
) -> CharityInput {
    let suffix = match (theme, form) {
        ("慈善", OrgForm::Association) => "总会",
        ("红十字", OrgForm::Association) => "会",
        (_, OrgForm::Foundation) => "基金会",
        (_, OrgForm::Association) => "协会",
        (_, OrgForm::SocialService) => "服务中心",
    };
    let mut credit_code = credit_code(form, division, n as u32 + 1).unwrap_or_default();
    if n % 41 == 7 {
        // A code that fails the GB 32100 check: kept, flagged for review.
        let check = credit_code.pop();
        credit_code.push(if check == Some('0') { '1' } else { '0' });
    }
    let registered_on = date(1995 + (n % 28) as i32, 1 + (n % 12) as u8, 1 + (n % 27) as u8);
    let recognised_on = Some(date(2017.max(registered_on.year), 9, 1));
    let status = match n % 23 {
        5 => OrgStatus::Revoked,
        11 if n % 2 == 1 => OrgStatus::Dissolved,
        _ => OrgStatus::Active,
    };
    let fundraising = form == OrgForm::Foundation && n % 4 != 3
        || matches!(theme, "慈善" | "红十字") && form == OrgForm::Association;
    let grade_level = (n % 7) as i64 - 1;
    let grade = Grade::from_level(grade_level);
    // Some grades were awarded more than five years ago and have lapsed.
    let grade_awarded_on = grade.map(|_| add_months(today, -(6 + (n % 9) as i32 * 8)));
    let due = latest_due_year(today);
    let overdue = n % 6 == 4;
    let reports = (due - 3..=due)
        .filter(|y| !(overdue && *y == due))
        .map(|year| AnnualReport {
            year,
            published_on: date(year + 1, 4, 1 + (n % 28) as u8),
            url: String::new(),
        })
        .collect();
    let campaigns = if fundraising {
        let late = n % 5 == 2;
        vec![Campaign {
            name: format!("{city}{theme}公益项目（演示）"),
            filing_number: format!("{credit_code}{}{:03}", today.year, n % 1000),
            starts_on: add_months(today, -5),
            ends_on: add_months(today, 7),
            platform: "慈善中国 / 示例募捐平台（演示）".into(),
            last_disclosed_on: if late { None } else { Some(add_months(today, -1)) },
            final_disclosed_on: None,
        }]
    } else {
        Vec::new()
    };
    let name = format!("{city}{theme}{suffix}（演示）");
    CharityInput {
        recognised_on,
        public_fundraising_since: fundraising.then(|| date(2018 + (n % 5) as i32, 3, 1)),
        grade,
        grade_awarded_on,
        status,
        status_on: (status != OrgStatus::Active).then(|| date(2024, 6, 30)),
        reports,
        campaigns,
        phone: format!("0000-{:07}", n + 1),
        address: format!("{city}示例路 {} 号（演示）", n % 200 + 1),
        ..sample::organisation(credit_code, name, form, bureau, region, fields, registered_on)
    }
}

fn week(days: std::ops::RangeInclusive<u8>, open: u16, close: u16) -> Vec<Opening> {
    days.map(|weekday| Opening { weekday, open_min: open, close_min: close }).collect()
}

pub async fn load(conn: &mut AnyConnection, today: Date, now: i64) -> Result<(), sqlx::Error> {
    // Any code already on the register (demo or entered by staff) is left as it is.
    let existing: std::collections::HashSet<String> =
        sqlx::query_as::<_, (String,)>("SELECT credit_code FROM charities")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(c,)| c)
            .collect();
    let mut orgs = organisations(today);
    orgs.retain(|c| !existing.contains(&c.credit_code));
    let mut new = Vec::new();
    for c in &mut orgs {
        let flags = c
            .validate()
            .or_else(|_| credit_code_review(&c.credit_code, c.form).map(|x| x.1).map_err(|_| ()))
            .unwrap_or_default();
        let (pinyin, initials) = pinyin_key(&c.name);
        new.push((flags, pinyin, initials));
    }
    let list: Vec<db::NewCharity> = orgs
        .iter()
        .zip(new)
        .map(|(c, (flags, pinyin, initials))| db::NewCharity { input: c, flags, pinyin, initials })
        .collect();
    db::insert_new(conn, &list, now, true).await?;
    for (i, (region, city, _, _, lat, lng)) in REGIONS.iter().enumerate() {
        let shops = [
            (
                ShopKind::CharityShop,
                "慈善超市",
                week(1..=6, 9 * 60, 18 * 60),
                week(2..=5, 9 * 60, 11 * 60 + 30),
            ),
            (
                ShopKind::CharityShop,
                "社区慈善超市",
                week(1..=7, 8 * 60 + 30, 20 * 60),
                week(1..=5, 14 * 60, 17 * 60),
            ),
            (ShopKind::DonationPoint, "经常性社会捐助点", week(1..=5, 9 * 60, 17 * 60), Vec::new()),
            (ShopKind::DonationPoint, "街道捐助点", week(6..=7, 9 * 60, 16 * 60), Vec::new()),
        ];
        for (j, (kind, label, receive, give)) in shops.iter().enumerate() {
            let code = format!("demo-{region}-{j}");
            let name = format!("{city}{label}（演示）");
            let address = format!("{city}示例街 {} 号（演示）", 10 * (j + 1) + i);
            let shift = j as f64 * 0.01;
            db::insert_shop_if_absent(
                conn,
                &NewShop {
                    code: &code,
                    kind: *kind,
                    name: &name,
                    district: region,
                    address: &address,
                    phone: "0000-0000000",
                    hours_receive: receive,
                    hours_give: give,
                    accepts: "衣物、书籍、日用品、米面粮油（演示）",
                    eligibility: if *kind == ShopKind::CharityShop {
                        "低保、特困、低保边缘家庭凭证领取（演示）"
                    } else {
                        ""
                    },
                    lat_lng: Some((lat + shift, lng - shift)),
                    demo: true,
                },
            )
            .await?;
        }
    }
    Ok(())
}
