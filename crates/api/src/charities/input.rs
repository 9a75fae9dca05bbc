//! What bureau staff enter: a register entry (by form or as one CSV line), its validation, and
//! the review flags on the credit code. A code that fails the GB 32100 check is kept and flagged
//! for review, not refused (some codes issued before the standard fail it); so is a code that
//! does not say "registered by civil affairs" (5...) or names another form than the entry.

use super::{
    AnnualReport, Campaign, Field, Grade, MAX_TEXT, OrgForm, OrgStatus, search::valid_district,
};
use crate::ids::{CreditCode, Date, IdError, USCC_ALPHABET};
use crate::{FieldCode, FieldError};

use serde::{Deserialize, Serialize};

/// Why a register entry needs a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewFlag {
    /// The check character does not match (GB 32100-2015).
    CheckCharacter,
    /// The code does not start with 5 (registered by civil affairs).
    NotCivilAffairs,
    /// The second character (51/52/53) names another form than the entry's.
    FormMismatch,
}

impl ReviewFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewFlag::CheckCharacter => "check_character",
            ReviewFlag::NotCivilAffairs => "not_civil_affairs",
            ReviewFlag::FormMismatch => "form_mismatch",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewFlag> {
        [ReviewFlag::CheckCharacter, ReviewFlag::NotCivilAffairs, ReviewFlag::FormMismatch]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// Normalises a credit code (spaces and hyphens dropped, upper-case) and returns it with its
/// review flags. Only a wrong length or a character outside the alphabet is refused.
pub fn credit_code_review(
    input: &str,
    form: OrgForm,
) -> Result<(String, Vec<ReviewFlag>), IdError> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let mut flags = Vec::new();
    match CreditCode::parse(&code) {
        Ok(_) => {}
        Err(IdError::CheckCharacter) => flags.push(ReviewFlag::CheckCharacter),
        Err(e) => return Err(e),
    }
    debug_assert!(code.chars().all(|c| USCC_ALPHABET.contains(c)));
    let b = code.as_bytes();
    if b[0] != b'5' {
        flags.push(ReviewFlag::NotCivilAffairs);
    } else if b[1] != form.code_digit() {
        flags.push(ReviewFlag::FormMismatch);
    }
    Ok((code, flags))
}

/// `POST /api/admin/charities` and `PUT /api/admin/charities/{credit_code}`: one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CharityInput {
    pub credit_code: String,
    pub name: String,
    #[serde(default)]
    pub former_names: Vec<String>,
    pub form: OrgForm,
    pub registration_authority: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub registered_on: Date,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub recognised_on: Option<Date>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub districts: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub public_fundraising_since: Option<Date>,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub grade_awarded_on: Option<Date>,
    pub status: OrgStatus,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub status_on: Option<Date>,
    #[serde(default)]
    pub reports: Vec<AnnualReport>,
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub website: String,
}

impl From<&super::Charity> for CharityInput {
    /// The entry as it stands, to change a field and send back (e.g. to mark it revoked).
    fn from(c: &super::Charity) -> CharityInput {
        CharityInput {
            credit_code: c.credit_code.clone(),
            name: c.name.clone(),
            former_names: c.former_names.clone(),
            form: c.form,
            registration_authority: c.registration_authority.clone(),
            registered_on: c.registered_on,
            recognised_on: c.recognised_on,
            fields: c.fields.clone(),
            districts: c.districts.clone(),
            public_fundraising_since: c.public_fundraising_since,
            grade: c.grade,
            grade_awarded_on: c.grade_awarded_on,
            status: c.status,
            status_on: c.status_on,
            reports: c.reports.clone(),
            campaigns: c.campaigns.clone(),
            phone: c.phone.clone(),
            address: c.address.clone(),
            website: c.website.clone(),
        }
    }
}

fn fe(field: impl Into<String>, code: FieldCode) -> FieldError {
    FieldError { field: field.into(), code }
}

/// A filing number: 6-40 upper-case letters and digits.
pub fn valid_filing_number(s: &str) -> bool {
    (6..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl CharityInput {
    /// Checks every field; on success returns the normalised code and its review flags.
    pub fn validate(&mut self) -> Result<Vec<ReviewFlag>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut flags = Vec::new();
        match credit_code_review(&self.credit_code, self.form) {
            Ok((code, f)) => {
                self.credit_code = code;
                flags = f;
            }
            Err(e) => errors.push(fe("credit_code", e.code())),
        }
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            errors.push(fe("name", FieldCode::Required));
        }
        if self.registration_authority.trim().is_empty() {
            errors.push(fe("registration_authority", FieldCode::Required));
        }
        let texts = [
            ("name", &self.name),
            ("registration_authority", &self.registration_authority),
            ("phone", &self.phone),
            ("address", &self.address),
            ("website", &self.website),
        ];
        for (field, value) in texts {
            if value.chars().count() > MAX_TEXT || value.chars().any(crate::is_hidden_control) {
                errors.push(fe(field, FieldCode::TooLongOrControl));
            }
        }
        if self.former_names.len() > 10
            || self
                .former_names
                .iter()
                .any(|n| n.chars().count() > MAX_TEXT || n.chars().any(crate::is_hidden_control))
        {
            // Stored one per line: a line break inside one would read back as two names.
            errors.push(fe("former_names", FieldCode::TooLongOrControl));
        }
        if self.districts.len() > 50 || !self.districts.iter().all(|d| valid_district(d)) {
            errors.push(fe("districts", FieldCode::BadDistrict));
        }
        if self.grade.is_some() != self.grade_awarded_on.is_some() {
            errors.push(fe("grade_awarded_on", FieldCode::GradeNeedsDate));
        }
        if self.status != OrgStatus::Active && self.status_on.is_none() {
            errors.push(fe("status_on", FieldCode::Required));
        }
        if self.recognised_on.is_some_and(|r| r < self.registered_on) {
            errors.push(fe("recognised_on", FieldCode::BeforeRegistration));
        }
        self.check_reports_and_campaigns(&mut errors);
        if errors.is_empty() { Ok(flags) } else { Err(errors) }
    }

    fn check_reports_and_campaigns(&mut self, errors: &mut Vec<FieldError>) {
        if self.reports.len() > 100 || self.campaigns.len() > 200 {
            errors.push(fe("reports", FieldCode::TooMany));
        }
        for (i, r) in self.reports.iter().enumerate() {
            if !(1990..=2200).contains(&r.year) || r.published_on.year < r.year {
                errors.push(fe(format!("reports[{i}].year"), FieldCode::OutOfRange));
            }
            if r.url.chars().count() > MAX_TEXT || r.url.chars().any(crate::is_hidden_control) {
                errors.push(fe(format!("reports[{i}].url"), FieldCode::TooLongOrControl));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.campaigns.iter_mut().enumerate() {
            c.filing_number = c.filing_number.trim().to_ascii_uppercase();
            if !valid_filing_number(&c.filing_number) || !seen.insert(c.filing_number.clone()) {
                errors
                    .push(fe(format!("campaigns[{i}].filing_number"), FieldCode::BadFilingNumber));
            }
            if c.ends_on < c.starts_on {
                errors.push(fe(format!("campaigns[{i}].ends_on"), FieldCode::BeforeStart));
            }
            if c.name.chars().any(crate::is_hidden_control) {
                errors.push(fe(format!("campaigns[{i}].name"), FieldCode::TooLongOrControl));
            } else if c.name.trim().is_empty() || c.name.chars().count() > MAX_TEXT {
                errors.push(fe(format!("campaigns[{i}].name"), FieldCode::Required));
            }
            if c.platform.chars().count() > MAX_TEXT
                || c.platform.chars().any(crate::is_hidden_control)
            {
                errors.push(fe(format!("campaigns[{i}].platform"), FieldCode::TooLongOrControl));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charities::import::from_csv_record;
    use crate::charities::test_lines::{code, line};

    #[test]
    fn credit_codes_are_flagged_not_refused() {
        let good = code("53429006MJ0000001");
        assert_eq!(credit_code_review(&good, OrgForm::Foundation).unwrap().1, vec![]);
        assert_eq!(
            credit_code_review(&good, OrgForm::Association).unwrap().1,
            vec![ReviewFlag::FormMismatch]
        );
        let company = code("91110000600037341");
        assert_eq!(
            credit_code_review(&company, OrgForm::Foundation).unwrap().1,
            vec![ReviewFlag::NotCivilAffairs]
        );
        let mut bad = good.clone();
        let last = if bad.ends_with('0') { '1' } else { '0' };
        bad.pop();
        bad.push(last);
        let (norm, flags) = credit_code_review(&bad.to_lowercase(), OrgForm::Foundation).unwrap();
        assert_eq!(norm, bad);
        assert_eq!(flags, vec![ReviewFlag::CheckCharacter]);
        assert!(credit_code_review("5342", OrgForm::Foundation).is_err());
        assert!(credit_code_review("53429006MJ000000IO", OrgForm::Foundation).is_err());
    }

    #[test]
    fn entries_are_validated() {
        let c = code("51429006MJ0000002");
        let cols = line(&c);
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        let mut input = from_csv_record(&refs).unwrap();
        input.name = "慈".repeat(MAX_TEXT + 1);
        input.status = OrgStatus::Revoked;
        input.districts = vec!["Robert'); DROP TABLE".into()];
        input.campaigns.push(Campaign {
            name: "助学".into(),
            filing_number: "x".into(),
            starts_on: Date::new(2026, 2, 1).unwrap(),
            ends_on: Date::new(2026, 1, 1).unwrap(),
            platform: String::new(),
            last_disclosed_on: None,
            final_disclosed_on: None,
        });
        let fields: Vec<String> =
            input.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "districts",
                "status_on",
                "campaigns[0].filing_number",
                "campaigns[0].ends_on"
            ]
        );
    }
}
