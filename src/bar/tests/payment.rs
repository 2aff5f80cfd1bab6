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

/// A pending checkout with a Stripe link, ready for the test card.
fn stripe_link_out() -> Bar {
    let mut b = bar(100);
    b.apply(order("IPA", 1)).unwrap();
    b.apply(Action::StartCheckout {
        idempotency_key: "k".into(),
    })
    .unwrap();
    b.apply(Action::CheckoutLinkReady(CheckoutLink {
        checkout_id: "cs_1".into(),
        url: "https://checkout.stripe.com/c/pay/cs_1".into(),
        simulated: false,
    }))
    .unwrap();
    b
}

fn start_card(b: &mut Bar) -> Result<Vec<BarEvent>, BarError> {
    b.apply(Action::StartCardPayment {
        idempotency_key: "k:card".into(),
        payment_method: "pm_card_visa".into(),
    })
}

#[test]
fn a_card_payment_cannot_be_cancelled_or_expired_until_it_is_answered() {
    let mut b = stripe_link_out();
    let events = start_card(&mut b).unwrap();
    assert_eq!(
        events,
        [BarEvent::CardPaymentStarted {
            idempotency_key: "k:card".into(),
            amount: Cents(600),
            payment_method: "pm_card_visa".into(),
        }]
    );
    assert_eq!(code(start_card(&mut b)), ErrorCode::PaymentPending);
    for a in [Action::CancelCheckout, Action::PaymentExpired] {
        let e = b.apply(a).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidTransition);
        assert!(e.message.contains("test card"), "{}", e.message);
    }
    b.apply(Action::CardPaymentCreated {
        payment_id: "pi_1".into(),
    })
    .unwrap();
    // The same id again is fine (a repeated create answers with it); another is not.
    b.apply(Action::CardPaymentCreated {
        payment_id: "pi_1".into(),
    })
    .unwrap();
    assert_eq!(
        code(b.apply(Action::CardPaymentCreated {
            payment_id: "pi_2".into()
        })),
        ErrorCode::InvalidTransition
    );
    // Once created it may have charged: only an answer ends it, never a drop.
    assert_eq!(
        code(b.apply(Action::DropCardPayment { reason: "x".into() })),
        ErrorCode::InvalidTransition
    );
    let card = b.view().payment.pending().unwrap().card.clone().unwrap();
    assert_eq!(card.payment_id.as_deref(), Some("pi_1"));
    b.apply(Action::PaymentSucceeded {
        reference: "pi_1".into(),
        paid_at: 1,
    })
    .unwrap();
    assert_eq!(b.view().payment.name(), "paid");
    assert_eq!(b.state().balance, Cents(9_400));
}

#[test]
fn a_card_payment_that_never_reached_its_confirm_can_be_dropped() {
    let mut b = stripe_link_out();
    start_card(&mut b).unwrap();
    b.apply(Action::DropCardPayment {
        reason: "link could not be closed".into(),
    })
    .unwrap();
    let p = b.view().payment.pending().cloned().unwrap();
    assert!(p.card.is_none() && p.link.is_some());
    // The checkout is an ordinary pending one again.
    b.apply(Action::CancelCheckout).unwrap();
    assert_eq!(
        code(b.apply(Action::DropCardPayment { reason: "x".into() })),
        ErrorCode::NoPendingPayment
    );
}

#[test]
fn the_test_card_needs_a_stripe_link() {
    let mut b = bar(100);
    b.apply(order("IPA", 1)).unwrap();
    assert_eq!(code(start_card(&mut b)), ErrorCode::NoPendingPayment);
    b.apply(Action::StartCheckout {
        idempotency_key: "k".into(),
    })
    .unwrap();
    assert_eq!(code(start_card(&mut b)), ErrorCode::InvalidTransition);
    b.apply(Action::CheckoutLinkReady(CheckoutLink {
        checkout_id: "sim_1".into(),
        url: "https://pay.mok5ha.invalid/c/sim_1".into(),
        simulated: true,
    }))
    .unwrap();
    assert_eq!(code(start_card(&mut b)), ErrorCode::InvalidTransition);
}

#[test]
fn card_payments_replay_from_the_journal() {
    let mut b = stripe_link_out();
    let mut events = Vec::new();
    events.extend(start_card(&mut b).unwrap());
    events.extend(
        b.apply(Action::CardPaymentCreated {
            payment_id: "pi_9".into(),
        })
        .unwrap(),
    );
    let lines: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let mut replayed = stripe_link_out();
    for line in &lines {
        replayed.replay(&[serde_json::from_str(line).unwrap()]);
    }
    assert_eq!(replayed.view().payment, b.view().payment);
    // A journal from before card payments existed still reads (no `card` field).
    let old: PendingPayment =
        serde_json::from_str(r#"{"idempotency_key":"k","amount":600,"subtotal":600,"tip":0}"#)
            .unwrap();
    assert_eq!(old.card, None);
}
