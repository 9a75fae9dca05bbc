//! The unique constraints that mean something to a resident are recognised by name on
//! PostgreSQL and by table and columns on SQLite (`portal_server::error::violated`).

use crate::support::TestApp;
use portal_server::error::{Constraint, violated};

async fn twice(app: &TestApp, sql: &str) -> sqlx::Error {
    sqlx::query(sql).execute(&app.db.pool).await.unwrap();
    sqlx::query(sql).execute(&app.db.pool).await.unwrap_err()
}

#[tokio::test]
async fn each_known_unique_constraint_is_named_on_both_engines() {
    let app = TestApp::new().await;
    portal_server::demo::load(&app.db).await.unwrap();
    sqlx::query("INSERT INTO accounts (id, phone, created_at) VALUES (900, '13900000900', 0)")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO slots (id, office, service, day, start_min, capacity) VALUES (900, 'tianmen', 'marriage', '2026-03-04', 540, 3)")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let e = twice(&app, "INSERT INTO accounts (phone, id_hmac, created_at) VALUES (NULL, 'h2', 0)")
        .await;
    assert_eq!(violated(&e), Some(Constraint::AccountIdNumber), "{e}");
    let hold = |n: u32| {
        format!(
            "INSERT INTO bookings (reference, slot_id, account_id, service, status, idempotency_key, created_at, updated_at) \
             VALUES ('REF{n}', 900, 900, 'marriage', 'held', 'key', 0, 0)"
        )
    };
    sqlx::query(&hold(1)).execute(&app.db.pool).await.unwrap();
    let e = sqlx::query(&hold(2)).execute(&app.db.pool).await.unwrap_err();
    assert!(
        matches!(
            violated(&e),
            Some(Constraint::BookingIdempotency | Constraint::OneHoldPerService)
        ),
        "{e}"
    );
    let other_key = "INSERT INTO bookings (reference, slot_id, account_id, service, status, idempotency_key, created_at, updated_at) \
                     VALUES ('REF3', 900, 900, 'marriage', 'held', 'other', 0, 0)";
    let e = sqlx::query(other_key).execute(&app.db.pool).await.unwrap_err();
    assert_eq!(violated(&e), Some(Constraint::OneHoldPerService), "{e}");
    let (bid,): (i64,) = sqlx::query_as("SELECT id FROM bookings WHERE reference = 'REF1'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let party = |p: i64| {
        format!(
            "INSERT INTO booking_parties (booking_id, party, name, id_cipher, id_hmac, id_masked, service, active) \
             VALUES ({bid}, {p}, 'x', 'c', 'same', 'm', 'marriage', 1)"
        )
    };
    sqlx::query(&party(0)).execute(&app.db.pool).await.unwrap();
    let e = sqlx::query(&party(1)).execute(&app.db.pool).await.unwrap_err();
    assert_eq!(violated(&e), Some(Constraint::OneActiveBookingPerPerson), "{e}");
    // Anything else is not mistaken for one of them.
    let e = sqlx::query("INSERT INTO offices SELECT * FROM offices WHERE code = 'tianmen'")
        .execute(&app.db.pool)
        .await
        .unwrap_err();
    assert_eq!(violated(&e), None, "{e}");
}
