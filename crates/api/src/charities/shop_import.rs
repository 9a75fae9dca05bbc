//! Charity shops (慈善超市) and donation points (经常性社会捐助点) from CSV: the columns, one
//! line to a place, and the opening-hours notation staff write in a spreadsheet
//! (`周一至周五 9:00-17:00；周六 9:00-12:00`).

use super::import::ImportIssue;
use super::search::valid_district;
use super::{MAX_TEXT, Opening, ShopKind};

/// The columns of a shop file (one place a line).
pub const SHOP_CSV_COLUMNS: [&str; 12] = [
    "编号",
    "类型",
    "名称",
    "区县",
    "地址",
    "联系电话",
    "接收捐赠时间",
    "发放时间",
    "接收物品",
    "受助对象",
    "纬度",
    "经度",
];

/// A place as read from one line (upserted by its code).
#[derive(Debug, Clone, PartialEq)]
pub struct ShopInput {
    pub code: String,
    pub kind: ShopKind,
    pub name: String,
    pub district: String,
    pub address: String,
    pub phone: String,
    pub hours_receive: Vec<Opening>,
    pub hours_give: Vec<Opening>,
    pub accepts: String,
    pub eligibility: String,
    pub lat_lng: Option<(f64, f64)>,
}

fn kind(s: &str) -> Option<ShopKind> {
    match s.trim() {
        "慈善超市" | "charity_shop" => Some(ShopKind::CharityShop),
        "经常性社会捐助点" | "社会捐助点" | "捐助点" | "donation_point" => {
            Some(ShopKind::DonationPoint)
        }
        _ => None,
    }
}

/// A shop code: 1-40 letters, digits, hyphens or underscores (upper-cased).
pub fn valid_shop_code(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn weekday(s: &str) -> Option<u8> {
    let s = s.trim();
    let s = ["周", "星期", "礼拜"].iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s);
    Some(match s {
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        "四" | "4" => 4,
        "五" | "5" => 5,
        "六" | "6" => 6,
        "日" | "天" | "七" | "7" => 7,
        _ => return None,
    })
}

/// `周一至周五`, `周一-周五`, `周一、周三`, `每天`, `工作日`, `周末` or `1-5` to ISO weekdays.
fn days(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    match s {
        "每天" | "每日" | "全天" | "全周" => return Some((1..=7).collect()),
        "工作日" => return Some((1..=5).collect()),
        "周末" | "双休日" => return Some(vec![6, 7]),
        _ => {}
    }
    let mut out = Vec::new();
    for part in s.split(['、', ',', '，', '/']) {
        let range: Vec<&str> = part.split(['至', '-', '~', '～', '—', '–']).collect();
        match range.as_slice() {
            [one] => out.push(weekday(one)?),
            [from, to] => {
                let (a, b) = (weekday(from)?, weekday(to)?);
                if a > b {
                    return None;
                }
                out.extend(a..=b);
            }
            _ => return None,
        }
    }
    out.sort_unstable();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// `9:00` or `09:00` (or `24:00`) to minutes after midnight.
fn minute(s: &str) -> Option<u16> {
    let s = s.trim().replace('：', ":");
    let (h, m) = s.split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if m > 59 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Opening hours: periods separated by `；` or `;`, each days then a time range
/// (`周一至周五 9:00-17:00`). Empty text: no hours. `None` when any period is unreadable.
pub fn parse_hours(s: &str) -> Option<Vec<Opening>> {
    let mut out: Vec<Opening> = Vec::new();
    for period in s.split([';', '；']).map(str::trim).filter(|p| !p.is_empty()) {
        // The time range starts at the first ASCII digit after the days.
        let split = period
            .char_indices()
            .find(|&(i, c)| c.is_ascii_digit() && days(&period[..i]).is_some())
            .map(|(i, _)| i)?;
        let (d, t) = period.split_at(split);
        let (open, close) = t.split_once(['-', '~', '～', '—', '–', '至'])?;
        let (open_min, close_min) = (minute(open)?, minute(close)?);
        if open_min >= close_min {
            return None;
        }
        for weekday in days(d)? {
            out.push(Opening { weekday, open_min, close_min });
        }
    }
    out.sort_by_key(|o| (o.weekday, o.open_min));
    out.dedup();
    (out.len() <= 70).then_some(out)
}

/// One shop line (already split into columns) to a place, or every column's problem.
pub fn shop_from_csv(cols: &[&str]) -> Result<ShopInput, Vec<(usize, ImportIssue)>> {
    if cols.len() != SHOP_CSV_COLUMNS.len() {
        return Err(vec![(usize::MAX, ImportIssue::ColumnCount)]);
    }
    let mut errs = Vec::new();
    let code = cols[0].trim().to_ascii_uppercase();
    if !valid_shop_code(&code) {
        errs.push((0, if code.is_empty() { ImportIssue::Required } else { ImportIssue::BadValue }));
    }
    let k = kind(cols[1]);
    if k.is_none() {
        errs.push((
            1,
            if cols[1].trim().is_empty() { ImportIssue::Required } else { ImportIssue::BadValue },
        ));
    }
    for i in [2, 4] {
        if cols[i].trim().is_empty() {
            errs.push((i, ImportIssue::Required));
        }
    }
    let district = cols[3].trim();
    if !valid_district(district) {
        errs.push((
            3,
            if district.is_empty() { ImportIssue::Required } else { ImportIssue::BadValue },
        ));
    }
    let receive = parse_hours(cols[6]);
    let give = parse_hours(cols[7]);
    if receive.is_none() {
        errs.push((6, ImportIssue::BadValue));
    }
    if give.is_none() {
        errs.push((7, ImportIssue::BadValue));
    }
    let coord = |i: usize, limit: f64, errs: &mut Vec<(usize, ImportIssue)>| {
        let v = cols[i].trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x.abs() <= limit => Some(x),
            _ => {
                errs.push((i, ImportIssue::BadValue));
                None
            }
        }
    };
    let (lat, lng) = (coord(10, 90.0, &mut errs), coord(11, 180.0, &mut errs));
    if lat.is_some() != lng.is_some() && cols[10].trim().is_empty() != cols[11].trim().is_empty() {
        errs.push((if lat.is_none() { 10 } else { 11 }, ImportIssue::Required));
    }
    for (i, c) in cols.iter().enumerate() {
        if c.chars().count() > MAX_TEXT || c.chars().any(crate::is_hidden_control) {
            errs.push((i, ImportIssue::TooLong));
        }
    }
    match (k, receive, give) {
        (Some(kind), Some(hours_receive), Some(hours_give)) if errs.is_empty() => Ok(ShopInput {
            code,
            kind,
            name: cols[2].trim().to_owned(),
            district: district.to_owned(),
            address: cols[4].trim().to_owned(),
            phone: cols[5].trim().to_owned(),
            hours_receive,
            hours_give,
            accepts: cols[8].trim().to_owned(),
            eligibility: cols[9].trim().to_owned(),
            lat_lng: lat.zip(lng),
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(weekday: u8, open: u16, close: u16) -> Opening {
        Opening { weekday, open_min: open, close_min: close }
    }

    #[test]
    fn opening_hours_as_staff_write_them() {
        assert_eq!(
            parse_hours("周一至周五 9:00-17:00；周六 09:00-12:00"),
            Some(vec![
                o(1, 540, 1020),
                o(2, 540, 1020),
                o(3, 540, 1020),
                o(4, 540, 1020),
                o(5, 540, 1020),
                o(6, 540, 720)
            ])
        );
        assert_eq!(parse_hours("每天 8:30～11:30; 每天 14:00-17:30").unwrap().len(), 14);
        assert_eq!(
            parse_hours("周二、周四14:00-16:00"),
            Some(vec![o(2, 840, 960), o(4, 840, 960)])
        );
        assert_eq!(parse_hours("1-5 8:00-24:00").unwrap()[0], o(1, 480, 1440));
        assert_eq!(parse_hours(""), Some(vec![]));
        for bad in [
            "周八 9:00-10:00",
            "周一 10:00-9:00",
            "周五至周一 9:00-10:00",
            "9-5",
            "周一",
            "周一 9:60-10:00",
        ] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
    }

    fn line() -> Vec<&'static str> {
        vec![
            "tm-shop-01",
            "慈善超市",
            "竟陵街道慈善超市",
            "hubei-tianmen",
            "天门市竟陵街道示例路 1 号",
            "0728-5200000",
            "周一至周五 9:00-17:00",
            "周三 9:00-11:30",
            "衣物；书籍；日用品",
            "低保、特困家庭凭证领取",
            "30.66",
            "113.17",
        ]
    }

    #[test]
    fn shop_lines_become_places_or_say_which_column_is_wrong() {
        let s = shop_from_csv(&line()).unwrap();
        assert_eq!((s.code.as_str(), s.kind), ("TM-SHOP-01", ShopKind::CharityShop));
        assert_eq!(s.hours_give, vec![o(3, 540, 690)]);
        assert_eq!(s.lat_lng, Some((30.66, 113.17)));
        let mut bad = line();
        bad[1] = "超市";
        bad[3] = "天门";
        bad[6] = "上午";
        bad[10] = "";
        bad[11] = "999";
        assert_eq!(
            shop_from_csv(&bad).unwrap_err(),
            [
                (1, ImportIssue::BadValue),
                (3, ImportIssue::BadValue),
                (6, ImportIssue::BadValue),
                (11, ImportIssue::BadValue)
            ]
        );
        let mut half = line();
        half[11] = "";
        assert_eq!(shop_from_csv(&half).unwrap_err(), [(11, ImportIssue::Required)]);
        assert_eq!(
            shop_from_csv(&line()[..4]).unwrap_err(),
            [(usize::MAX, ImportIssue::ColumnCount)]
        );
    }

    proptest::proptest! {
        #[test]
        fn shop_lines_and_hours_never_panic(cols in proptest::collection::vec("\\PC{0,24}", 12)) {
            let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
            let _ = shop_from_csv(&refs);
            let _ = parse_hours(&cols[0]);
        }
    }
}
