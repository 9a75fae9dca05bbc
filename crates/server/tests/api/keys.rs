//! Key rotation: `keys::rotate` rewrites every encrypted ID number and its lookup hash with the
//! current key, reading old rows with the old key; it is idempotent and all or nothing; a server
//! on the new key then finds the partner's bookings and decrypts the export.

use crate::bookings::fixtures;
use axum::http::Method;
use portal_api::account::MyData;
use portal_api::booking::Service;
use portal_server::crypto::Crypto;
use portal_server::keys::{rotate, stale_rows};
use std::sync::Arc;

fn hex(b: u8) -> String {
    format!("{b:02x}").repeat(64)
}

async fn ciphers(app: &crate::support::TestApp) -> Vec<(String,)> {
    sqlx::query_as(
        "SELECT id_cipher FROM accounts WHERE id_cipher IS NOT NULL \
         UNION ALL SELECT id_cipher FROM booking_parties ORDER BY 1",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn rotation_rewrites_every_id_number_and_the_new_key_finds_them() {
    let app = fixtures::app().await;
    let day = fixtures::day_with(&app, "tianmen", Service::Marriage, &[540]).await;
    let couple = fixtures::confirmed_couple(&app, "tianmen", day, 540).await;
    let before = ciphers(&app).await;
    assert_eq!(before.len(), 4, "two accounts and two parties");

    // Without the old key nothing can be read: refused, and nothing changed.
    let lost = Crypto::from_key(&[44u8; 64]).unwrap();
    assert!(rotate(&app.db, &lost).await.is_err());
    assert_eq!(ciphers(&app).await, before);

    let new = Crypto::from_key(&[43u8; 64]).unwrap().with_old_keys(&[hex(42)]).unwrap();
    assert_eq!(stale_rows(&app.db, &new).await.unwrap(), 4);
    assert_eq!(rotate(&app.db, &new).await.unwrap(), 4);
    assert_eq!(stale_rows(&app.db, &new).await.unwrap(), 0);
    assert_eq!(rotate(&app.db, &new).await.unwrap(), 0, "idempotent");
    assert!(ciphers(&app).await.iter().all(|(c,)| c.starts_with(&format!("v2:{}:", new.key_id()))));

    // A server holding only the new key reads everything and finds the partner by hash.
    let only_new = Crypto::from_key(&[43u8; 64]).unwrap();
    let app = app.rebuilt(|s| s.crypto = Arc::new(only_new));
    let hers = fixtures::mine(&app, &couple.her).await;
    assert_eq!(hers[0].reference, couple.booking.reference);
    let data: MyData = app.send(Method::GET, "/api/me/data", None, Some(&couple.him)).await.json();
    assert_eq!(data.id_number.map(|id| id.len()), Some(18));
}
