//! A generator of plausible registers for benchmarks (issue 10 asks for 20,000 organisations):
//! names built the way real ones are (city or county, often a town or street, a theme, the
//! form's suffix), valid civil-affairs credit codes, a realistic mix of forms, fields, grades,
//! fundraising qualifications and statuses. Deterministic for a seed, so runs compare.
//! Not demo data: nothing here is loaded into a running portal.

use super::sample::{self, THEMES, date};
use crate::demo::Rng;
use portal_api::charities::import::CSV_COLUMNS;
use portal_api::charities::{CharityInput, Grade, OrgForm, OrgStatus};
use portal_api::ids::Date;

/// (city or county, administrative division code, registration authority, region code)
const PLACES: [(&str, &str, &str, &str); 16] = [
    ("长宁区", "310105", "上海市长宁区民政局", "shanghai-changning"),
    ("徐汇区", "310104", "上海市徐汇区民政局", "shanghai-changning"),
    ("钟楼区", "320404", "常州市钟楼区民政局", "changzhou-zhonglou"),
    ("天宁区", "320402", "常州市天宁区民政局", "changzhou-zhonglou"),
    ("武进区", "320412", "常州市武进区民政局", "changzhou-zhonglou"),
    ("安宁市", "530181", "安宁市民政局", "kunming-anning"),
    ("五华区", "530102", "昆明市五华区民政局", "kunming-anning"),
    ("盘龙区", "530103", "昆明市盘龙区民政局", "kunming-anning"),
    ("天门市", "429006", "天门市民政局", "hubei-tianmen"),
    ("仙桃市", "429004", "仙桃市民政局", "hubei-tianmen"),
    ("潜江市", "429005", "潜江市民政局", "hubei-tianmen"),
    ("江汉区", "420103", "武汉市江汉区民政局", "hubei-tianmen"),
    ("上海市", "310000", "上海市民政局", "shanghai-changning"),
    ("江苏省", "320000", "江苏省民政厅", "changzhou-zhonglou"),
    ("云南省", "530000", "云南省民政厅", "kunming-anning"),
    ("湖北省", "420000", "湖北省民政厅", "hubei-tianmen"),
];

/// Towns, streets and communities that narrow a name.
const LOCALITIES: [&str; 24] = [
    "",
    "",
    "",
    "",
    "城关镇",
    "新华街道",
    "竟陵街道",
    "华阳街道",
    "太平镇",
    "白马镇",
    "青山社区",
    "东湖社区",
    "金沙街道",
    "连通社区",
    "岳口镇",
    "湖滨街道",
    "西城街道",
    "南苑社区",
    "北门街道",
    "龙泉镇",
    "江南街道",
    "河西社区",
    "枫林镇",
    "石桥镇",
];

/// `n` distinct organisations (names and codes unique), the same for the same seed.
pub fn organisations(n: usize, seed: u64) -> Vec<CharityInput> {
    let mut rng = Rng(seed);
    let mut names = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut serial = 0u32;
    while out.len() < n {
        serial += 1;
        let (city, division, authority, region) = *rng.pick(&PLACES);
        let locality = *rng.pick(&LOCALITIES);
        let (theme, fields) = *rng.pick(&THEMES);
        let form = match rng.below(10) {
            0..=2 => OrgForm::Foundation,
            3..=5 => OrgForm::Association,
            _ => OrgForm::SocialService,
        };
        let suffix = match (form, rng.below(3)) {
            (OrgForm::Foundation, _) => "基金会",
            (OrgForm::Association, 0) => "促进会",
            (OrgForm::Association, _) => "协会",
            (OrgForm::SocialService, 0) => "服务社",
            (OrgForm::SocialService, _) => "服务中心",
        };
        let mut name = format!("{city}{locality}{theme}{suffix}");
        if !names.insert(name.clone()) {
            // A second organisation of the same kind there: named after its founder's motto.
            let motto = ["春晖", "博爱", "同心", "善行", "明德", "仁和", "暖阳", "致远"];
            name = format!("{city}{locality}{}{theme}{suffix}", rng.pick(&motto));
            if !names.insert(name.clone()) {
                continue;
            }
        }
        let Some(credit_code) = sample::credit_code(form, division, serial) else { continue };
        let registered_on =
            date(1990 + rng.below(35) as i32, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
        let recognised_on = rng.chance(85).then(|| date(2017.max(registered_on.year) + 1, 3, 1));
        let fundraising = recognised_on.is_some()
            && (form == OrgForm::Foundation && rng.chance(60) || rng.chance(8));
        let fundraising_year = recognised_on.map(|d| d.year).unwrap_or(2025);
        let grade = if rng.chance(40) { Grade::from_level(1 + rng.below(5) as i64) } else { None };
        let status = match rng.below(100) {
            0..=3 => OrgStatus::Revoked,
            4..=5 => OrgStatus::Dissolved,
            _ => OrgStatus::Active,
        };
        out.push(CharityInput {
            recognised_on,
            public_fundraising_since: fundraising
                .then(|| date(fundraising_year.max(2018 + rng.below(7) as i32), 6, 1)),
            grade,
            grade_awarded_on: grade
                .map(|_| date((registered_on.year + 1).max(2019 + rng.below(7) as i32), 7, 1)),
            status,
            status_on: (status != OrgStatus::Active).then(|| date(2025, 3, 1)),
            phone: format!("0{}-{:08}", 10 + rng.below(90), rng.below(100_000_000)),
            address: format!("{city}{locality}示例路 {} 号", 1 + rng.below(300)),
            ..sample::organisation(
                credit_code,
                name,
                form,
                authority,
                region,
                fields,
                registered_on,
            )
        });
    }
    out
}

/// The organisations as an import file (the columns the README lists).
pub fn csv(list: &[CharityInput]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let _ = w.write_record(CSV_COLUMNS);
    for c in list {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.zh()).collect();
        let _ = w.write_record([
            c.credit_code.clone(),
            c.name.clone(),
            c.former_names.join(";"),
            c.form.zh().into(),
            c.registration_authority.clone(),
            c.registered_on.to_string(),
            opt(c.recognised_on),
            fields.join(";"),
            c.districts.join(";"),
            opt(c.public_fundraising_since),
            c.grade.map(|g| format!("{}A", g.level())).unwrap_or_default(),
            opt(c.grade_awarded_on),
            match c.status {
                OrgStatus::Active => "正常",
                OrgStatus::Revoked => "撤销登记",
                OrgStatus::Dissolved => "注销",
            }
            .into(),
            opt(c.status_on),
            c.phone.clone(),
            c.address.clone(),
            c.website.clone(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn twenty_thousand_distinct_valid_organisations_that_import() {
        let list = super::organisations(20_000, 7);
        assert_eq!(list.len(), 20_000);
        let codes: std::collections::HashSet<_> = list.iter().map(|c| &c.credit_code).collect();
        let names: std::collections::HashSet<_> = list.iter().map(|c| &c.name).collect();
        assert_eq!((codes.len(), names.len()), (20_000, 20_000));
        for mut c in list.iter().take(500).cloned() {
            assert_eq!(c.validate(), Ok(vec![]), "{}", c.name);
        }
        assert_eq!(super::organisations(10, 7)[3], list[3], "deterministic");
        let file = super::csv(&list[..3]);
        let mut r = csv::Reader::from_reader(file.as_bytes());
        for rec in r.records() {
            let rec = rec.unwrap();
            let cols: Vec<&str> = rec.iter().collect();
            let back = portal_api::charities::import::from_csv_record(&cols).unwrap();
            assert!(list.iter().any(|c| c.credit_code == back.credit_code && c.name == back.name));
        }
    }
}
