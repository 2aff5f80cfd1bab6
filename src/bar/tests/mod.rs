use std::sync::Arc;

use proptest::prelude::*;

use super::*;

mod payment;
mod tips;

fn bar(balance_dollars: i64) -> Bar {
    Bar::new(
        Arc::new(Menu::builtin()),
        Cents::from_dollars(balance_dollars),
    )
}

fn order(item: &str, quantity: u32) -> Action {
    Action::Order {
        item: item.into(),
        quantity,
        modifiers: vec![],
    }
}

fn order_with(item: &str, quantity: u32, mods: &[&str]) -> Action {
    Action::Order {
        item: item.into(),
        quantity,
        modifiers: mods.iter().map(|s| s.to_string()).collect(),
    }
}

fn code(r: Result<Vec<BarEvent>, BarError>) -> ErrorCode {
    r.expect_err("expected a refusal").code
}

// ---- the original app's acceptance cases ---------------------------------------------------

#[test]
fn martini_on_fifty_dollars() {
    let mut b = bar(50);
    b.apply(order("Martini", 1)).unwrap();
    let v = b.view();
    assert_eq!(v.balance, Cents(3700));
    assert_eq!(v.subtotal, Cents(1300));
    b.apply(Action::ToggleTipPercent(20)).unwrap();
    let v = b.view();
    assert_eq!(v.tip_amount, Cents(260));
    assert_eq!(v.total, Cents(1560));
}

#[test]
fn martini_on_five_dollars_is_refused_and_changes_nothing() {
    let mut b = bar(5);
    let before = b.state().clone();
    let err = b.apply(order("Martini", 1)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InsufficientFunds);
    assert!(
        err.message.contains("$13.00") && err.message.contains("$5.00"),
        "{}",
        err.message
    );
    assert_eq!(b.state(), &before);
    assert!(b.view().lines.is_empty());
}

#[test]
fn fifteen_percent_on_a_hundred() {
    let mut b = bar(1000);
    // $100.00 = 2 Martinis + 2 Long Islands + 2 Old Fashioneds + 1 Negroni + 3 Classic Brews.
    for (item, q) in [
        ("Martini", 2),
        ("Long Island", 2),
        ("Old Fashioned", 2),
        ("Negroni", 1),
        ("Classic Brew", 3),
    ] {
        b.apply(order(item, q)).unwrap();
    }
    assert_eq!(b.subtotal(), Cents(10_000));
    b.apply(Action::ToggleTipPercent(15)).unwrap();
    assert_eq!(b.tip_amount(), Cents(1500));
    assert_eq!(b.total(), Cents(11_500));
}

#[test]
fn the_same_tip_button_twice_clears_it() {
    let mut b = bar(1000);
    b.apply(order("Martini", 2)).unwrap();
    b.apply(Action::ToggleTipPercent(15)).unwrap();
    assert_eq!(b.state().tip, Tip::Percent { percent: 15 });
    b.apply(Action::ToggleTipPercent(15)).unwrap();
    assert_eq!(b.state().tip, Tip::None);
    assert_eq!(b.tip_amount(), Cents::ZERO);
    // Another button replaces rather than clears.
    b.apply(Action::ToggleTipPercent(10)).unwrap();
    b.apply(Action::ToggleTipPercent(20)).unwrap();
    assert_eq!(b.state().tip, Tip::Percent { percent: 20 });
}

#[test]
fn the_evening_in_the_end_to_end_test() {
    // Two martinis, 15 %: $26.00 / $3.90 / $29.90 / $974.00; paid: balance $970.10.
    let mut b = bar(1000);
    b.apply(order("martinis", 2)).unwrap();
    b.apply(Action::ToggleTipPercent(15)).unwrap();
    let v = b.view();
    assert_eq!(
        (v.subtotal, v.tip_amount, v.total, v.balance),
        (Cents(2600), Cents(390), Cents(2990), Cents(97_400))
    );
    assert_eq!(
        v.summary(),
        "Tab $26.00 · Tip 15% $3.90 · Total $29.90 · Balance $974.00"
    );
    b.apply(Action::StartCheckout {
        idempotency_key: "k1".into(),
    })
    .unwrap();
    b.apply(Action::CheckoutLinkReady(CheckoutLink {
        checkout_id: "sim_1".into(),
        url: "https://pay.mok5ha.invalid/c/sim_1".into(),
        simulated: true,
    }))
    .unwrap();
    let events = b
        .apply(Action::PaymentSucceeded {
            reference: "sim_1".into(),
            paid_at: 1,
        })
        .unwrap();
    let BarEvent::PaymentSucceeded { receipt } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (receipt.subtotal, receipt.tip, receipt.total),
        (Cents(2600), Cents(390), Cents(2990))
    );
    assert!(receipt.simulated);
    assert_eq!(receipt.lines.len(), 1);
    let v = b.view();
    assert_eq!(v.balance, Cents(97_010));
    assert!(v.lines.is_empty());
    assert_eq!(v.tip, Tip::None);
    assert_eq!(v.payment.name(), "paid");
    // The next order opens a fresh tab.
    b.apply(order("water", 1)).unwrap();
    assert_eq!(b.view().payment, PaymentState::Open);
}

// ---- rules ---------------------------------------------------------------------------------

#[test]
fn quantities_outside_one_to_twenty_are_refused() {
    let mut b = bar(1000);
    assert_eq!(code(b.apply(order("Water", 0))), ErrorCode::InvalidQuantity);
    assert_eq!(
        code(b.apply(order("Water", 21))),
        ErrorCode::InvalidQuantity
    );
    assert_eq!(
        code(b.apply(order("Water", u32::MAX))),
        ErrorCode::InvalidQuantity
    );
    b.apply(order("Water", 20)).unwrap();
}

#[test]
fn unknown_items_get_suggestions() {
    let mut b = bar(1000);
    let e = b.apply(order("negroi", 1)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ItemNotFound);
    assert_eq!(e.suggestions, ["Negroni"]);
    assert!(e.message.contains("Did you mean Negroni?"), "{}", e.message);
    let e = b.apply(order("mojito", 1)).unwrap_err();
    assert_eq!(e.suggestions, ["Daiquiri", "Rum"]);
    assert!(e.message.contains("don't pour"), "{}", e.message);
}

#[test]
fn modifiers_are_checked_and_canonical() {
    let mut b = bar(1000);
    b.apply(order_with("Whisky", 1, &["rocks"])).unwrap();
    assert_eq!(b.view().lines[0].modifiers, ["on the rocks"]);
    let e = b.apply(order_with("IPA", 1, &["shaken"])).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidModifier);
    assert!(e.message.contains("IPA"), "{}", e.message);
    let e = b.apply(order_with("Martini", 1, &["neat"])).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidModifier);
    assert!(
        e.suggestions.contains(&"dirty".to_string()),
        "{:?}",
        e.suggestions
    );
    let e = b
        .apply(order_with("Whiskey", 1, &["neat", "on the rocks"]))
        .unwrap_err();
    assert!(e.message.contains("not both"), "{}", e.message);
    let e = b
        .apply(order_with("Gin", 1, &["with sprinkles"]))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidModifier);
    let e = b
        .apply(order_with("Old Fashioned", 1, &["dirty"]))
        .unwrap_err();
    assert!(
        e.message
            .starts_with("\"dirty\" does not fit an Old Fashioned."),
        "{}",
        e.message
    );
    let e = b
        .apply(order_with("Old Fashioned", 1, &["shaken", "stirred"]))
        .unwrap_err();
    assert_eq!(
        e.message,
        "An Old Fashioned can be shaken or stirred, not both."
    );
}

#[test]
fn conflicting_modifiers_are_refused_not_dropped() {
    let mut b = bar(1000);
    for (item, mods, a, z) in [
        ("Martini", &["shaken", "stirred"][..], "shaken", "stirred"),
        ("Whiskey", &["neat", "on the rocks"], "neat", "on the rocks"),
        ("Whiskey", &["neat", "extra ice"], "neat", "extra ice"),
        ("Rum", &["extra ice", "straight"], "neat", "extra ice"),
        (
            "Negroni",
            &["on the rocks", "no ice"],
            "on the rocks",
            "no ice",
        ),
        (
            "Old Fashioned",
            &["rocks", "without ice"],
            "on the rocks",
            "no ice",
        ),
        ("Lemonade", &["extra ice", "no ice"], "extra ice", "no ice"),
        (
            "Daiquiri",
            &["no ice", "dry", "more ice"],
            "extra ice",
            "no ice",
        ),
    ] {
        let e = b.apply(order_with(item, 1, mods)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidModifier, "{item} {mods:?}");
        assert!(
            e.message.contains(&format!("{a} or {z}, not both")),
            "{item} {mods:?}: {}",
            e.message
        );
        // Written into the name, too.
        let name = format!("{item} {}", mods.join(" "));
        assert_eq!(
            code(b.apply(order(&name, 1))),
            ErrorCode::InvalidModifier,
            "{name}"
        );
    }
    assert!(b.view().lines.is_empty());
}

#[test]
fn modifiers_written_into_the_name_are_understood() {
    let mut b = bar(1000);
    b.apply(order("dirty martini", 1)).unwrap();
    b.apply(order("whisky on the rocks", 1)).unwrap();
    let v = b.view();
    assert_eq!(
        (v.lines[0].item.as_str(), &v.lines[0].modifiers[..]),
        ("Martini", &["dirty".to_string()][..])
    );
    assert_eq!(v.lines[1].modifiers, ["on the rocks"]);
}

#[test]
fn same_item_and_modifiers_merge_into_one_line() {
    let mut b = bar(1000);
    b.apply(order("Martini", 1)).unwrap();
    b.apply(order_with("Martini", 1, &["dirty"])).unwrap();
    b.apply(order("martini", 2)).unwrap();
    let v = b.view();
    assert_eq!(v.lines.len(), 2);
    assert_eq!(v.lines[0].quantity, 3);
    assert_eq!(v.drinks, 4);
}

#[test]
fn removing_refunds_and_newest_lines_go_first() {
    let mut b = bar(1000);
    b.apply(order("Martini", 1)).unwrap();
    b.apply(order_with("Martini", 1, &["dirty"])).unwrap();
    b.apply(Action::Remove {
        item: "martini".into(),
        quantity: Some(1),
        modifiers: vec![],
    })
    .unwrap();
    let v = b.view();
    assert_eq!(v.lines.len(), 1);
    assert!(v.lines[0].modifiers.is_empty());
    assert_eq!(v.balance, Cents(100_000 - 1300));
    assert_eq!(
        code(b.apply(Action::Remove {
            item: "martini".into(),
            quantity: Some(2),
            modifiers: vec![]
        })),
        ErrorCode::InvalidQuantity
    );
    assert_eq!(
        code(b.apply(Action::Remove {
            item: "IPA".into(),
            quantity: None,
            modifiers: vec![]
        })),
        ErrorCode::NotOnTab
    );
}

#[test]
fn removing_by_modifier_takes_the_right_line() {
    let mut b = bar(1000);
    b.apply(order_with("Martini", 1, &["dirty"])).unwrap();
    b.apply(order("Martini", 1)).unwrap();
    b.apply(Action::Remove {
        item: "martini".into(),
        quantity: None,
        modifiers: vec!["dirty".into()],
    })
    .unwrap();
    let v = b.view();
    assert_eq!(v.lines.len(), 1);
    assert!(v.lines[0].modifiers.is_empty());
}

#[test]
fn events_round_trip_through_json() {
    let mut b = bar(1000);
    let all = vec![
        b.apply(order_with("Martini", 2, &["dirty"])).unwrap(),
        b.apply(Action::ToggleTipPercent(15)).unwrap(),
        b.apply(Action::StartCheckout {
            idempotency_key: "k".into(),
        })
        .unwrap(),
    ];
    for batch in &all {
        let json = serde_json::to_string(batch).unwrap();
        let back: Vec<BarEvent> = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, batch);
    }
    let mut replayed = Bar::new(b.menu().clone(), Cents::from_dollars(1000));
    for batch in &all {
        replayed.replay(batch);
    }
    assert_eq!(replayed.state(), b.state());
}

// ---- properties ----------------------------------------------------------------------------

fn any_action() -> impl Strategy<Value = Action> {
    let items = prop::sample::select(vec![
        "Martini",
        "IPA",
        "whisky",
        "Water",
        "negroni",
        "mojito",
        "Long Island Iced Tea",
        "Brandy",
    ]);
    let mods = prop::collection::vec(
        prop::sample::select(vec![
            "dirty",
            "neat",
            "on the rocks",
            "shaken",
            "no ice",
            "bogus",
        ]),
        0..3,
    );
    prop_oneof![
        4 => (items.clone(), 0u32..25, mods.clone()).prop_map(|(i, q, m)| Action::Order {
            item: i.into(),
            quantity: q,
            modifiers: m.into_iter().map(String::from).collect(),
        }),
        2 => (items, prop::option::of(0u32..5)).prop_map(|(i, q)| Action::Remove {
            item: i.into(),
            quantity: q,
            modifiers: vec![],
        }),
        1 => (0u32..6, prop::option::of(1u32..4)).prop_map(|(l, q)| Action::RemoveLine { line: l, quantity: q }),
        2 => prop::sample::select(vec![10u32, 15, 20]).prop_map(Action::ToggleTipPercent),
        1 => (0u32..150).prop_map(|p| Action::SetTip(Tip::Percent { percent: p })),
        1 => (-100i64..5000).prop_map(|a| Action::SetTip(Tip::Amount { amount: Cents(a) })),
        1 => Just(Action::ClearTip),
        2 => "[a-z]{0,3}".prop_map(|k| Action::StartCheckout { idempotency_key: k }),
        1 => Just(Action::CheckoutLinkReady(CheckoutLink { checkout_id: "c".into(), url: "u".into(), simulated: true })),
        1 => Just(Action::PaymentSucceeded { reference: "r".into(), paid_at: 7 }),
        1 => Just(Action::PaymentFailed { reason: "no".into() }),
        1 => Just(Action::PaymentExpired),
        1 => Just(Action::CancelCheckout),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn invariants_hold_over_any_evening(
        start in 0i64..200_000,
        actions in prop::collection::vec(any_action(), 0..60),
    ) {
        let mut b = Bar::new(Arc::new(Menu::builtin()), Cents(start));
        let mut conserved = Cents(start);
        let mut journal: Vec<Vec<BarEvent>> = Vec::new();
        for action in actions {
            let before = b.state().clone();
            match b.apply(action) {
                Ok(events) => {
                    prop_assert!(!events.is_empty());
                    prop_assert_eq!(b.state().version, before.version + 1);
                    for e in &events {
                        if let BarEvent::PaymentSucceeded { receipt } = e {
                            // Settlement: the tip leaves the balance, the tab resets.
                            conserved = conserved - receipt.subtotal - receipt.tip;
                        }
                    }
                    journal.push(events);
                }
                Err(_) => prop_assert_eq!(b.state(), &before, "a refused action changed state"),
            }
            let v = b.view();
            prop_assert_eq!(v.balance + v.subtotal, conserved, "balance + subtotal drifted");
            prop_assert_eq!(v.total, v.subtotal + v.tip_amount);
            prop_assert!(v.balance.0 >= 0, "balance went negative: {}", v.balance);
            prop_assert_eq!(v.subtotal, v.lines.iter().map(|l| l.total).sum::<Cents>());
            if v.lines.is_empty() {
                prop_assert_eq!(v.tip_amount, Cents::ZERO);
            }
            prop_assert!(v.tip_amount <= v.subtotal, "tip {} over the tab {}", v.tip_amount, v.subtotal);
        }
        // The journal replays to the same state.
        let mut replayed = Bar::new(b.menu().clone(), Cents(start));
        for batch in &journal {
            replayed.replay(batch);
        }
        prop_assert_eq!(replayed.state(), b.state());
    }
}
