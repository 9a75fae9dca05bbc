//! Every charity query: runtime queries in SQL both engines accept, into `FromRow` rows that
//! stay here (handlers convert them into `portal_api::charities` types). Lists are stored
//! comma-delimited with a comma at each end (`,elderly,medical,`) so one `LIKE '%,x,%'` finds
//! a member; dates are `YYYY-MM-DD` text, which sorts and compares correctly in both engines.

use portal_api::charities::{
    AnnualReport, Campaign, Charity, CharityInput, CharitySummary, Field, Grade, OrgForm,
    OrgStatus, ReviewFlag, parse_date, rules,
};
use portal_api::ids::Date;
use sqlx::{Any, AnyConnection, FromRow};

mod bulk;
mod import;
pub mod jobs;
pub mod keys;
mod search;
mod shops;
pub use bulk::{NewCharity, insert_new};
pub use import::{
    campaign_owners, charity_ids, report_years, shop_codes, upsert_campaigns, upsert_charities,
    upsert_reports, upsert_shops,
};
pub use search::{
    Filters, KeyRow, SQL_PAGE_ABOVE, like_escape, pinyin_page, pinyin_page_above,
    pinyin_page_general, search_keys, search_page,
};
pub use shops::{NewShop, ShopRow, insert_shop_if_absent, shops};

#[derive(Debug, FromRow)]
pub struct CharityRow {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub former_names: String,
    pub form: String,
    pub registration_authority: String,
    pub registered_on: String,
    pub recognised_on: Option<String>,
    pub fields: String,
    pub districts: String,
    pub public_fundraising_since: Option<String>,
    pub grade: Option<i64>,
    pub grade_awarded_on: Option<String>,
    pub status: String,
    pub status_on: Option<String>,
    pub phone: String,
    pub address: String,
    pub website: String,
    pub review_flags: String,
    pub demo: i64,
}

pub(super) const COLS: &str = "id, credit_code, name, former_names, form, registration_authority, \
    registered_on, recognised_on, fields, districts, public_fundraising_since, grade, \
    grade_awarded_on, status, status_on, phone, address, website, review_flags, demo";

fn date(s: Option<&str>) -> Option<Date> {
    s.and_then(parse_date)
}

fn members(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|x| !x.is_empty())
}

/// `,a,b,` from a list (empty list: empty string).
pub fn delimited<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = items.into_iter().collect();
    if joined.is_empty() { String::new() } else { format!(",{},", joined.join(",")) }
}

impl CharityRow {
    /// The entry without reports and campaigns (those are loaded for the trust card only).
    pub fn to_charity(&self) -> Charity {
        Charity {
            credit_code: self.credit_code.clone(),
            name: self.name.clone(),
            former_names: self
                .former_names
                .split('\n')
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect(),
            form: OrgForm::parse(&self.form).unwrap_or(OrgForm::SocialService),
            registration_authority: self.registration_authority.clone(),
            registered_on: date(Some(&self.registered_on)).unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            recognised_on: date(self.recognised_on.as_deref()),
            fields: members(&self.fields).filter_map(Field::parse).collect(),
            districts: members(&self.districts).map(str::to_owned).collect(),
            public_fundraising_since: date(self.public_fundraising_since.as_deref()),
            grade: self.grade.and_then(Grade::from_level),
            grade_awarded_on: date(self.grade_awarded_on.as_deref()),
            status: OrgStatus::parse(&self.status).unwrap_or(OrgStatus::Active),
            status_on: date(self.status_on.as_deref()),
            reports: Vec::new(),
            campaigns: Vec::new(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            website: self.website.clone(),
            review_flags: members(&self.review_flags).filter_map(ReviewFlag::parse).collect(),
            demo: self.demo != 0,
        }
    }

    pub fn to_summary(&self, today: Date) -> CharitySummary {
        let c = self.to_charity();
        let verdict = rules::verdict(c.status, c.public_fundraising_since, today);
        CharitySummary {
            grade_current: rules::grade_current(c.grade, c.grade_awarded_on, today),
            may_fundraise: verdict == rules::Verdict::MayFundraise,
            verdict,
            credit_code: c.credit_code,
            name: c.name,
            form: c.form,
            status: c.status,
            fields: c.fields,
            districts: c.districts,
            grade: c.grade,
            demo: c.demo,
        }
    }
}

pub async fn charity_by_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<CharityRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLS} FROM charities WHERE credit_code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await
}

pub async fn charity_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<CharityRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLS} FROM charities WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Rows by id, in the order of `ids` (at most one page).
pub async fn charities_by_ids(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<CharityRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT {COLS} FROM charities WHERE id IN ({})", marks.join(", "));
    let mut q = sqlx::query_as::<Any, CharityRow>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let mut rows = q.fetch_all(conn).await?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

#[derive(Debug, FromRow)]
struct ReportRow {
    year: i64,
    published_on: String,
    url: String,
}

#[derive(Debug, FromRow)]
pub struct CampaignRow {
    pub charity_id: i64,
    pub name: String,
    pub filing_number: String,
    pub starts_on: String,
    pub ends_on: String,
    pub platform: String,
    pub last_disclosed_on: Option<String>,
    pub final_disclosed_on: Option<String>,
}

impl CampaignRow {
    pub fn to_campaign(&self) -> Campaign {
        let fallback = Date { year: 1970, month: 1, day: 1 };
        Campaign {
            name: self.name.clone(),
            filing_number: self.filing_number.clone(),
            starts_on: date(Some(&self.starts_on)).unwrap_or(fallback),
            ends_on: date(Some(&self.ends_on)).unwrap_or(fallback),
            platform: self.platform.clone(),
            last_disclosed_on: date(self.last_disclosed_on.as_deref()),
            final_disclosed_on: date(self.final_disclosed_on.as_deref()),
        }
    }
}

pub(super) const CAMPAIGN_COLS: &str = "charity_id, name, filing_number, starts_on, ends_on, platform, \
    last_disclosed_on, final_disclosed_on";

/// Reports (newest first) and campaigns (latest start first) of one organisation.
pub async fn children(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<(Vec<AnnualReport>, Vec<Campaign>), sqlx::Error> {
    let reports: Vec<ReportRow> = sqlx::query_as(
        "SELECT year, published_on, url FROM charity_reports WHERE charity_id = $1 ORDER BY year DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let campaigns: Vec<CampaignRow> = sqlx::query_as(&format!(
        "SELECT {CAMPAIGN_COLS} FROM charity_campaigns WHERE charity_id = $1 \
         ORDER BY starts_on DESC, filing_number"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let reports = reports
        .into_iter()
        .filter_map(|r| {
            Some(AnnualReport {
                year: i32::try_from(r.year).ok()?,
                published_on: parse_date(&r.published_on)?,
                url: r.url,
            })
        })
        .collect();
    Ok((reports, campaigns.iter().map(CampaignRow::to_campaign).collect()))
}

pub async fn campaign_by_filing(
    conn: &mut AnyConnection,
    filing: &str,
) -> Result<Option<CampaignRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CAMPAIGN_COLS} FROM charity_campaigns WHERE filing_number = $1"
    ))
    .bind(filing)
    .fetch_optional(conn)
    .await
}

/// Registered codes matching any of the `LIKE` patterns (one character away from a typo).
pub async fn codes_like(
    conn: &mut AnyConnection,
    patterns: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    if patterns.is_empty() {
        return Ok(Vec::new());
    }
    let ors: Vec<String> = (1..=patterns.len()).map(|i| format!("credit_code LIKE ${i}")).collect();
    let sql = format!("SELECT credit_code FROM charities WHERE {} LIMIT 20", ors.join(" OR "));
    let mut q = sqlx::query_as::<Any, (String,)>(&sql);
    for p in patterns {
        q = q.bind(p.as_str());
    }
    Ok(q.fetch_all(conn).await?.into_iter().map(|(c,)| c).collect())
}

/// Inserts or updates one organisation by credit code; returns its id and whether it is new.
/// With `children`, its reports and campaigns are replaced by the input's.
#[expect(clippy::too_many_arguments)]
pub async fn upsert_charity(
    conn: &mut AnyConnection,
    c: &CharityInput,
    flags: &[ReviewFlag],
    pinyin: &str,
    initials: &str,
    now: i64,
    demo: bool,
    children: bool,
) -> Result<(i64, bool), sqlx::Error> {
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM charities WHERE credit_code = $1")
            .bind(&c.credit_code)
            .fetch_optional(&mut *conn)
            .await?;
    let fields = delimited(c.fields.iter().map(|f| f.as_str()));
    let districts = delimited(c.districts.iter().map(String::as_str));
    let flags = delimited(flags.iter().map(|f| f.as_str()));
    let opt = |d: Option<Date>| d.map(|d| d.to_string());
    let sql = if existing.is_some() {
        "UPDATE charities SET name = $2, former_names = $3, name_pinyin = $4, name_initials = $5, \
         form = $6, registration_authority = $7, registered_on = $8, recognised_on = $9, \
         fields = $10, districts = $11, public_fundraising_since = $12, grade = $13, \
         grade_awarded_on = $14, status = $15, status_on = $16, phone = $17, address = $18, \
         website = $19, review_flags = $20, \
         demo = CASE WHEN $21 = 1 THEN 1 ELSE demo END, updated_at = $22 \
         WHERE credit_code = $1 RETURNING id"
    } else {
        "INSERT INTO charities (credit_code, name, former_names, name_pinyin, name_initials, \
         form, registration_authority, registered_on, recognised_on, fields, districts, \
         public_fundraising_since, grade, grade_awarded_on, status, status_on, phone, address, \
         website, review_flags, demo, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id"
    };
    let (id,): (i64,) = sqlx::query_as(sql)
        .bind(&c.credit_code)
        .bind(&c.name)
        .bind(c.former_names.join("\n"))
        .bind(pinyin)
        .bind(initials)
        .bind(c.form.as_str())
        .bind(&c.registration_authority)
        .bind(c.registered_on.to_string())
        .bind(opt(c.recognised_on))
        .bind(fields)
        .bind(districts)
        .bind(opt(c.public_fundraising_since))
        .bind(c.grade.map(|g| i64::from(g.level())))
        .bind(opt(c.grade_awarded_on))
        .bind(c.status.as_str())
        .bind(opt(c.status_on))
        .bind(&c.phone)
        .bind(&c.address)
        .bind(&c.website)
        .bind(flags)
        .bind(i64::from(demo))
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
    keys::replace(conn, &[(id, pinyin)]).await?;
    if children {
        replace_children(conn, id, c).await?;
    }
    Ok((id, existing.is_none()))
}

async fn replace_children(
    conn: &mut AnyConnection,
    id: i64,
    c: &CharityInput,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM charity_reports WHERE charity_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM charity_campaigns WHERE charity_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for r in &c.reports {
        sqlx::query("INSERT INTO charity_reports (charity_id, year, published_on, url) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i64::from(r.year))
            .bind(r.published_on.to_string())
            .bind(&r.url)
            .execute(&mut *conn)
            .await?;
    }
    for k in &c.campaigns {
        sqlx::query(&format!(
            "INSERT INTO charity_campaigns ({CAMPAIGN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(id)
        .bind(&k.name)
        .bind(&k.filing_number)
        .bind(k.starts_on.to_string())
        .bind(k.ends_on.to_string())
        .bind(&k.platform)
        .bind(k.last_disclosed_on.map(|d| d.to_string()))
        .bind(k.final_disclosed_on.map(|d| d.to_string()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts or updates a campaign by filing number. `Ok(None)` when the number is already
/// filed by another organisation (left unchanged); otherwise whether it is new.
pub async fn upsert_campaign(
    conn: &mut AnyConnection,
    charity_id: i64,
    k: &Campaign,
) -> Result<Option<bool>, sqlx::Error> {
    let owner: Option<(i64,)> =
        sqlx::query_as("SELECT charity_id FROM charity_campaigns WHERE filing_number = $1")
            .bind(&k.filing_number)
            .fetch_optional(&mut *conn)
            .await?;
    let sql = match owner {
        Some((other,)) if other != charity_id => return Ok(None),
        Some(_) => {
            "UPDATE charity_campaigns SET charity_id = $1, name = $2, starts_on = $4, \
             ends_on = $5, platform = $6, last_disclosed_on = $7, final_disclosed_on = $8 \
             WHERE filing_number = $3"
        }
        None => {
            "INSERT INTO charity_campaigns (charity_id, name, filing_number, starts_on, ends_on, \
             platform, last_disclosed_on, final_disclosed_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        }
    };
    sqlx::query(sql)
        .bind(charity_id)
        .bind(&k.name)
        .bind(&k.filing_number)
        .bind(k.starts_on.to_string())
        .bind(k.ends_on.to_string())
        .bind(&k.platform)
        .bind(k.last_disclosed_on.map(|d| d.to_string()))
        .bind(k.final_disclosed_on.map(|d| d.to_string()))
        .execute(&mut *conn)
        .await?;
    Ok(Some(owner.is_none()))
}

/// Inserts or replaces one year's report; returns whether it is new.
pub async fn upsert_report(
    conn: &mut AnyConnection,
    charity_id: i64,
    r: &AnnualReport,
) -> Result<bool, sqlx::Error> {
    let old: Option<(i64,)> =
        sqlx::query_as("SELECT year FROM charity_reports WHERE charity_id = $1 AND year = $2")
            .bind(charity_id)
            .bind(i64::from(r.year))
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO charity_reports (charity_id, year, published_on, url) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (charity_id, year) DO UPDATE SET published_on = excluded.published_on, \
         url = excluded.url",
    )
    .bind(charity_id)
    .bind(i64::from(r.year))
    .bind(r.published_on.to_string())
    .bind(&r.url)
    .execute(&mut *conn)
    .await?;
    Ok(old.is_none())
}

/// Whether an organisation with this code exists (demo data is inserted only when it does not).
pub async fn exists(conn: &mut AnyConnection, code: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM charities WHERE credit_code = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}
