//! What the demo register and the benchmark generator share when they make up an
//! organisation: the themes names are built from (with the fields each implies), civil-affairs
//! credit codes, and the parts every made-up entry has the same way.

use portal_api::charities::{CharityInput, Field, OrgForm, OrgStatus};
use portal_api::ids::{Date, credit_code_check_character};

/// (theme in the name, its fields). The demo uses the first sixteen, the generator all.
pub const THEMES: [(&str, &[Field]); 24] = [
    ("慈善", &[Field::PovertyRelief, Field::Elderly, Field::Disability]),
    ("红十字", &[Field::Medical, Field::Disaster]),
    ("助学", &[Field::Education]),
    ("扶老", &[Field::Elderly]),
    ("助残", &[Field::Disability]),
    ("儿童救助", &[Field::Orphans, Field::Medical]),
    ("环保", &[Field::Environment]),
    ("文化发展", &[Field::Culture]),
    ("医疗救助", &[Field::Medical]),
    ("应急救灾", &[Field::Disaster]),
    ("社区公益", &[Field::PovertyRelief, Field::Other]),
    ("青少年发展", &[Field::Education, Field::Culture]),
    ("妇女儿童发展", &[Field::Orphans, Field::Other]),
    ("老年福利", &[Field::Elderly]),
    ("乡村振兴", &[Field::PovertyRelief]),
    ("爱心", &[Field::PovertyRelief, Field::Medical]),
    ("志愿服务", &[Field::Other]),
    ("教育发展", &[Field::Education]),
    ("生态保护", &[Field::Environment]),
    ("残疾人福利", &[Field::Disability]),
    ("孤残儿童关爱", &[Field::Orphans]),
    ("健康促进", &[Field::Medical]),
    ("养老服务", &[Field::Elderly]),
    ("阳光公益", &[Field::PovertyRelief, Field::Other]),
];

/// A date, or 1 January of the year where the day does not exist.
pub fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap_or(Date { year: y, month: 1, day: 1 })
}

/// A civil-affairs credit code (`5` and the form's digit) for the division and serial, with
/// its GB 32100 check character.
pub fn credit_code(form: OrgForm, division: &str, serial: u32) -> Option<String> {
    let prefix = format!("5{}{division}MJ{serial:07}", form.code_digit() as char);
    credit_code_check_character(&prefix).map(|c| format!("{prefix}{c}"))
}

/// An active entry in one district with its theme's fields, no former names, grade,
/// qualification, reports, campaigns or contacts: the caller sets what it varies.
pub fn organisation(
    credit_code: String,
    name: String,
    form: OrgForm,
    authority: &str,
    region: &str,
    fields: &[Field],
    registered_on: Date,
) -> CharityInput {
    CharityInput {
        credit_code,
        name,
        former_names: Vec::new(),
        form,
        registration_authority: authority.into(),
        registered_on,
        recognised_on: None,
        fields: fields.to_vec(),
        districts: vec![region.into()],
        public_fundraising_since: None,
        grade: None,
        grade_awarded_on: None,
        status: OrgStatus::Active,
        status_on: None,
        reports: Vec::new(),
        campaigns: Vec::new(),
        phone: String::new(),
        address: String::new(),
        website: String::new(),
    }
}
