//! Charity shops and donation points.

use portal_api::charities::{CharityShop, Opening, ShopKind};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, FromRow)]
pub struct ShopRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub district: String,
    pub address: String,
    pub phone: String,
    pub hours_receive: String,
    pub hours_give: String,
    pub accepts: String,
    pub eligibility: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub demo: i64,
}

impl ShopRow {
    pub fn to_shop(&self, weekday: u8, minute: u16) -> CharityShop {
        let hours = |s: &str| serde_json::from_str::<Vec<Opening>>(s).unwrap_or_default();
        let (receive, give) = (hours(&self.hours_receive), hours(&self.hours_give));
        let open = |h: &[Opening]| {
            h.iter().any(|o| o.weekday == weekday && o.open_min <= minute && minute < o.close_min)
        };
        CharityShop {
            id: self.id,
            kind: ShopKind::parse(&self.kind).unwrap_or(ShopKind::DonationPoint),
            name: self.name.clone(),
            district: self.district.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            open_now: open(&receive) || open(&give),
            hours_receive: receive,
            hours_give: give,
            accepts: self.accepts.clone(),
            eligibility: self.eligibility.clone(),
            lat: self.lat,
            lng: self.lng,
            demo: self.demo != 0,
        }
    }
}

pub async fn shops(
    conn: &mut AnyConnection,
    district: &str,
    kind: &str,
) -> Result<Vec<ShopRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, name, district, address, phone, hours_receive, hours_give, accepts, \
         eligibility, lat, lng, demo FROM charity_shops \
         WHERE ($1 = '' OR district = $1) AND ($2 = '' OR kind = $2) \
         ORDER BY district, kind, name LIMIT 500",
    )
    .bind(district)
    .bind(kind)
    .fetch_all(conn)
    .await
}

/// A shop or donation point, inserted once by its code and never overwritten (demo data).
pub struct NewShop<'a> {
    pub code: &'a str,
    pub kind: ShopKind,
    pub name: &'a str,
    pub district: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub hours_receive: &'a [Opening],
    pub hours_give: &'a [Opening],
    pub accepts: &'a str,
    pub eligibility: &'a str,
    pub lat_lng: Option<(f64, f64)>,
    pub demo: bool,
}

pub async fn insert_shop_if_absent(
    conn: &mut AnyConnection,
    s: &NewShop<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO charity_shops (code, kind, name, district, address, phone, hours_receive, \
         hours_give, accepts, eligibility, lat, lng, demo) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(s.code)
    .bind(s.kind.as_str())
    .bind(s.name)
    .bind(s.district)
    .bind(s.address)
    .bind(s.phone)
    .bind(serde_json::to_string(s.hours_receive).unwrap_or_else(|_| "[]".into()))
    .bind(serde_json::to_string(s.hours_give).unwrap_or_else(|_| "[]".into()))
    .bind(s.accepts)
    .bind(s.eligibility)
    .bind(s.lat_lng.map(|l| l.0))
    .bind(s.lat_lng.map(|l| l.1))
    .bind(i64::from(s.demo))
    .execute(conn)
    .await
    .map(|_| ())
}
