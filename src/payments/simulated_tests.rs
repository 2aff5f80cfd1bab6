use super::*;
use crate::money::Cents;

fn request(key: &str, amount: i64) -> CheckoutRequest {
    CheckoutRequest {
        amount: Cents(amount),
        description: "MOK 5-ha tab · 1 drink".into(),
        session_id: "s".into(),
        tab_version: 1,
        idempotency_key: key.into(),
    }
}

#[tokio::test]
async fn checkout_stays_open_until_confirmed() {
    let gw = SimulatedGateway::new();
    let c = gw.create_checkout(&request("k1", 1560)).await.unwrap();
    assert!(c.url.starts_with(SIMULATED_URL_PREFIX));
    assert_eq!(c.amount, Cents(1560));
    assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Open);
    let paid = gw.confirm_simulated(&c.id).await.unwrap();
    assert!(matches!(paid, RemoteStatus::Paid { .. }));
    assert_eq!(gw.status(&c.id).await.unwrap(), paid);
    assert_eq!(
        gw.expire(&c.id).await.unwrap(),
        paid,
        "a paid checkout does not expire: closing it says it was paid"
    );
}

#[tokio::test]
async fn same_key_same_checkout() {
    let gw = SimulatedGateway::new();
    let a = gw.create_checkout(&request("k1", 1000)).await.unwrap();
    let b = gw.create_checkout(&request("k1", 1000)).await.unwrap();
    let c = gw.create_checkout(&request("k2", 1000)).await.unwrap();
    assert_eq!(a, b);
    assert_ne!(a.id, c.id);
}

#[tokio::test]
async fn expired_checkout_cannot_be_paid() {
    let gw = SimulatedGateway::new();
    let c = gw.create_checkout(&request("k", 500)).await.unwrap();
    assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
    assert_eq!(gw.expire(&c.id).await.unwrap(), RemoteStatus::Expired);
    assert_eq!(gw.status(&c.id).await.unwrap(), RemoteStatus::Expired);
    assert!(gw.confirm_simulated(&c.id).await.is_err());
    assert_eq!(
        gw.confirm_simulated(&c.id).await,
        Err(PaymentError::Expired(c.id.clone()))
    );
}

#[tokio::test]
async fn refuses_non_positive_amounts_and_unknown_ids() {
    let gw = SimulatedGateway::new();
    assert!(matches!(
        gw.create_checkout(&request("k", 0)).await,
        Err(PaymentError::Refused(_))
    ));
    assert!(matches!(
        gw.status("nope").await,
        Err(PaymentError::NotFound(_))
    ));
    assert!(
        gw.create_card_payment(&request("k", 100), "pm_card_visa")
            .await
            .is_err()
    );
}
