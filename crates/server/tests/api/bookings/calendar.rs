//! Statutory rest days when a year's notice is missing.

use super::dated::*;
use portal_api::ids::Date;

#[tokio::test]
async fn a_year_without_its_holiday_notice_still_closes_on_the_fixed_holidays() {
    use portal_server::calendar::fill_missing_years;
    let app = with_offices().await;
    let today = Date::parse("2026-11-23").unwrap();
    // 2026 came with its notice (shipped data); 2027 has none yet.
    assert_eq!(fill_missing_years(&app.db, today).await.unwrap(), vec![2027]);
    assert_eq!(fill_missing_years(&app.db, today).await.unwrap(), Vec::<i32>::new());
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM rest_days WHERE day IN ('2027-01-01', '2027-05-02', '2027-10-03') AND kind = 'holiday'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 3);
}
