//! Divorce applications (Civil Code art. 1077): opened when the first appointment is
//! completed, closed by the certificate appointment or a withdrawal.

use crate::db::Db;
use portal_api::booking::{DivorceStatus, Service};
use portal_api::ids::Date;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub applied_on: Date,
    #[sqlx(try_from = "String")]
    pub status: DivorceStatus,
}

/// The open application (status `cooling`) of the person with this ID hash, if any.
pub async fn open_application_for(
    db: &Db,
    id_hmac: &str,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.applied_on, d.status FROM divorce_applications d \
         JOIN booking_parties p ON p.booking_id = d.booking_id \
         WHERE d.status = $1 AND p.id_hmac = $2 ORDER BY d.id DESC LIMIT 1",
    )
    .bind(DivorceStatus::Cooling.as_str())
    .bind(id_hmac)
    .fetch_optional(&db.pool)
    .await
}

/// Every application the person is a party to, newest first.
pub async fn applications_of(db: &Db, id_hmac: &str) -> Result<Vec<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.applied_on, d.status FROM divorce_applications d \
         JOIN booking_parties p ON p.booking_id = d.booking_id WHERE p.id_hmac = $1 ORDER BY d.id DESC",
    )
    .bind(id_hmac)
    .fetch_all(&db.pool)
    .await
}

/// One application, if the person is a party to it.
pub async fn application_of(
    db: &Db,
    id: i64,
    id_hmac: &str,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.applied_on, d.status FROM divorce_applications d \
         JOIN booking_parties p ON p.booking_id = d.booking_id WHERE d.id = $1 AND p.id_hmac = $2",
    )
    .bind(id)
    .bind(id_hmac)
    .fetch_optional(&db.pool)
    .await
}

/// Withdraws an open application; `false` if it was already closed.
pub async fn withdraw(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE divorce_applications SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(DivorceStatus::Withdrawn.as_str())
    .bind(now)
    .bind(id)
    .bind(DivorceStatus::Cooling.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When a divorce appointment is completed: the couple's open application becomes completed
/// (the certificate), or, if there is none, this appointment is the application.
pub async fn step(conn: &mut AnyConnection, booking_id: i64, now: i64) -> Result<(), sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT s.service, s.day FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1",
    )
    .bind(booking_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((_, day)) = row.filter(|(service, _)| service == Service::Divorce.as_str()) else {
        return Ok(());
    };
    let open: Option<(i64,)> = sqlx::query_as(
        "SELECT d.id FROM divorce_applications d JOIN booking_parties p ON p.booking_id = d.booking_id \
         WHERE d.status = $2 AND p.id_hmac IN (SELECT id_hmac FROM booking_parties WHERE booking_id = $1) \
         ORDER BY d.id DESC LIMIT 1",
    )
    .bind(booking_id)
    .bind(DivorceStatus::Cooling.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    match open {
        Some((app_id,)) => {
            sqlx::query(
                "UPDATE divorce_applications SET status = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(DivorceStatus::Completed.as_str())
            .bind(now)
            .bind(app_id)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO divorce_applications (booking_id, applied_on, status, updated_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(booking_id)
            .bind(day)
            .bind(DivorceStatus::Cooling.as_str())
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
