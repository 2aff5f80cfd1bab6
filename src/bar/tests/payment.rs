//! Checkout and payment state: who may start, settle, fail, expire or cancel a checkout.

use super::*;

#[test]
fn checkout_rules() {
    let mut b = bar(20);
    assert_eq!(
        code(b.apply(Action::StartCheckout {
            idempotency_key: "k".into()
        })),
        ErrorCode::NothingToPay
    );
    b.apply(order("Martini", 1)).unwrap(); // balance $7.00
    b.apply(Action::SetTip(Tip::Amount { amount: Cents(800) }))
        .unwrap();
    assert_eq!(
        code(b.apply(Action::StartCheckout {
            idempotency_key: "k".into()
        })),
        ErrorCode::InsufficientFunds
    );
    b.apply(Action::SetTip(Tip::Amount { amount: Cents(700) }))
        .unwrap();
    b.apply(Action::StartCheckout {
        idempotency_key: "k".into(),
    })
    .unwrap();
    let p = b.view().payment;
    assert_eq!(
        p.pending().map(|p| (p.amount, p.idempotency_key.as_str())),
        Some((Cents(2000), "k"))
    );
    // While pending, the tab and tip are frozen, and the refusal says how to cancel.
    let e = b.apply(order("Water", 1)).unwrap_err();
    assert_eq!(e.code, ErrorCode::PaymentPending);
    assert!(e.message.contains("Cancel the checkout"), "{}", e.message);
    assert_eq!(
        code(b.apply(Action::ToggleTipPercent(10))),
        ErrorCode::PaymentPending
    );
    assert_eq!(
        code(b.apply(Action::StartCheckout {
            idempotency_key: "k2".into()
        })),
        ErrorCode::PaymentPending
    );
    // Failed returns to an open tab with everything kept.
    b.apply(Action::PaymentFailed {
        reason: "declined".into(),
    })
    .unwrap();
    assert_eq!(b.view().payment.name(), "failed");
    assert_eq!(b.subtotal(), Cents(1300));
    b.apply(order("Water", 1)).unwrap();
    assert_eq!(b.view().payment, PaymentState::Open);
}

#[test]
fn illegal_payment_transitions_are_errors() {
    let mut b = bar(100);
    for a in [
        Action::PaymentSucceeded {
            reference: "x".into(),
            paid_at: 0,
        },
        Action::PaymentFailed { reason: "x".into() },
        Action::PaymentExpired,
        Action::CancelCheckout,
        Action::CheckoutLinkReady(CheckoutLink {
            checkout_id: "c".into(),
            url: "u".into(),
            simulated: true,
        }),
    ] {
        assert_eq!(code(b.apply(a)), ErrorCode::NoPendingPayment);
    }
    b.apply(order("IPA", 1)).unwrap();
    b.apply(Action::StartCheckout {
        idempotency_key: "k".into(),
    })
    .unwrap();
    let link = CheckoutLink {
        checkout_id: "c".into(),
        url: "u".into(),
        simulated: true,
    };
    b.apply(Action::CheckoutLinkReady(link.clone())).unwrap();
    assert_eq!(
        code(b.apply(Action::CheckoutLinkReady(link))),
        ErrorCode::InvalidTransition
    );
    b.apply(Action::CancelCheckout).unwrap();
    assert_eq!(b.view().payment, PaymentState::Expired);
    assert_eq!(b.subtotal(), Cents(600));
}
