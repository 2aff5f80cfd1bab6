//! What a tool call gives back: the JSON result the model reads (money always as "$12.50"
//! text) and the one-line summary the guest sees.

use super::*;

/// The guest said no to the spending guard.
pub fn declined(action: &Action) -> ToolOutput {
    let what = match action {
        Action::Order { item, quantity, .. } => format!("{quantity}× {item}"),
        _ => "that".into(),
    };
    ToolOutput {
        result: json!({"ok": false, "error": "DECLINED_BY_GUEST",
                       "message": format!("The guest declined adding {what}. Nothing was added; ask what they would like instead.")}),
        events: vec![],
        next: None,
        summary: format!("guest declined {what}"),
    }
}

/// An error result for the model and a one-liner for the conversation that reads like the
/// successful ones ("couldn't start the checkout: …"), never the tool's internal name.
pub fn refused(tool: &str, e: &BarError) -> ToolOutput {
    failed(&attempt(tool, None), e)
}

/// Like [`refused`], naming the drink the call was about ("couldn't add 2× Martini: …").
pub(super) fn refused_call(call: &ToolCall, e: &BarError) -> ToolOutput {
    let args = serde_json::from_str::<Value>(&call.arguments).ok();
    failed(&attempt(&call.name, args.as_ref()), e)
}

pub(super) fn failed(what: &str, e: &BarError) -> ToolOutput {
    // A malformed call's message is for the model (it names fields and tools); the guest only
    // needs to know it did not happen.
    let why = match e.code {
        ErrorCode::InvalidArguments | ErrorCode::UnknownTool => "the request was malformed",
        _ => e.message.as_str(),
    };
    ToolOutput {
        result: error_json(e),
        events: vec![],
        next: e.next,
        summary: format!("{what}: {why}"),
    }
}

/// What a tool call was trying to do, for the guest: "couldn't add 2× Martini (dirty)".
fn attempt(tool: &str, args: Option<&Value>) -> String {
    let item = args
        .and_then(|a| a["item"].as_str())
        .filter(|s| !s.trim().is_empty());
    let quantity = args
        .and_then(|a| a["quantity"].as_u64())
        .and_then(|q| u32::try_from(q).ok())
        .unwrap_or(1);
    let modifiers: Vec<String> = args
        .and_then(|a| a["modifiers"].as_array())
        .map(|m| {
            m.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match (Tool::from_name(tool), item) {
        (Some(Tool::AddToTab), Some(item)) => {
            format!("couldn't add {}", order_label(item, quantity, &modifiers))
        }
        (Some(Tool::AddToTab), None) => "couldn't add that".into(),
        (Some(Tool::RemoveFromTab), Some(item)) => {
            let item: String = item.chars().take(60).collect();
            format!("couldn't remove {item}")
        }
        (Some(Tool::RemoveFromTab), None) => "couldn't remove that".into(),
        (Some(Tool::SetTip), _) => "couldn't set the tip".into(),
        (Some(Tool::GetMenu), _) => "couldn't show the menu".into(),
        (Some(Tool::Recommend), _) => "couldn't recommend anything".into(),
        (Some(Tool::ViewTab), _) => "couldn't show the tab".into(),
        (Some(Tool::Checkout), _) => "couldn't start the checkout".into(),
        (Some(Tool::PaymentStatus), _) => "couldn't check the payment".into(),
        (Some(Tool::CancelCheckout), _) => "couldn't cancel the checkout".into(),
        (None, _) => "couldn't do that".into(),
    }
}

/// "Martini", "3× Martini (neat)": an order as the guest reads it; names are cut short.
pub(super) fn order_label(item: &str, quantity: u32, modifiers: &[String]) -> String {
    let item: String = item.chars().take(60).collect();
    let count = if quantity > 1 {
        format!("{quantity}× ")
    } else {
        String::new()
    };
    let mods: Vec<String> = modifiers
        .iter()
        .take(4)
        .map(|m| m.chars().take(30).collect())
        .collect();
    if mods.is_empty() {
        format!("{count}{item}")
    } else {
        format!("{count}{item} ({})", mods.join(", "))
    }
}

pub fn error_json(e: &BarError) -> Value {
    let mut v = json!({"ok": false, "error": e.code.as_str(), "message": e.message});
    if !e.suggestions.is_empty() {
        v["suggestions"] = json!(e.suggestions);
    }
    v
}

pub(super) fn changed(bar: &Bar, events: Vec<BarEvent>) -> ToolOutput {
    let view = bar.view();
    ToolOutput {
        summary: summarize(&events, &view),
        result: json!({"ok": true,
            "changes": events.iter().map(change_json).collect::<Vec<_>>(),
            "tab": tab_json(&view)}),
        events,
        next: None,
    }
}

/// A Bar event as the model reads it: the journal's shape, with every amount as "$12.50" text.
/// (The journal itself keeps cents; it is never shown to a model.)
pub fn change_json(e: &BarEvent) -> Value {
    match e {
        BarEvent::ItemAdded {
            line,
            item,
            quantity,
            modifiers,
            unit_price,
        } => json!({"event": "item_added", "line": line, "item": item, "quantity": quantity,
            "modifiers": modifiers, "unit_price": unit_price.to_string(),
            "total": Cents(unit_price.0.saturating_mul(i64::from(*quantity))).to_string()}),
        BarEvent::ItemRemoved {
            line,
            item,
            quantity,
            refund,
        } => json!({"event": "item_removed", "line": line, "item": item, "quantity": quantity,
            "refund": refund.to_string()}),
        BarEvent::TipChanged { tip } => json!({"event": "tip_changed", "tip": tip_json(*tip)}),
        BarEvent::CheckoutStarted {
            amount,
            subtotal,
            tip,
            ..
        } => json!({"event": "checkout_started", "amount": amount.to_string(),
            "subtotal": subtotal.to_string(), "tip": tip.to_string()}),
        BarEvent::CheckoutLinkReady(_) => json!({"event": "checkout_link_ready"}),
        BarEvent::PaymentSucceeded { receipt } => {
            json!({"event": "payment_succeeded", "total": receipt.total.to_string()})
        }
        BarEvent::PaymentFailed { reason } => json!({"event": "payment_failed", "reason": reason}),
        BarEvent::PaymentExpired => json!({"event": "payment_expired"}),
        BarEvent::CheckoutCancelled => json!({"event": "checkout_cancelled"}),
        BarEvent::CardPaymentStarted { amount, .. } => {
            json!({"event": "card_payment_started", "amount": amount.to_string()})
        }
        BarEvent::CardPaymentCreated { .. } => json!({"event": "card_payment_created"}),
        BarEvent::CardPaymentDropped { reason } => {
            json!({"event": "card_payment_dropped", "reason": reason})
        }
    }
}

/// "15 %", "$5.00" or null.
fn tip_json(tip: Tip) -> Value {
    match tip {
        Tip::None => json!(null),
        t => json!(t.label()),
    }
}

/// "added 2× Martini (dirty) · $26.00", "tip 15 % · $3.90", …
pub fn summarize(events: &[BarEvent], view: &TabView) -> String {
    let removal = events
        .iter()
        .any(|e| matches!(e, BarEvent::ItemRemoved { .. }));
    let parts: Vec<String> = events
        .iter()
        .map(|e| match e {
            BarEvent::ItemAdded {
                item,
                quantity,
                modifiers,
                unit_price,
                ..
            } => {
                let mods = if modifiers.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", modifiers.join(", "))
                };
                format!(
                    "added {quantity}× {item}{mods} · {}",
                    Cents(unit_price.0 * i64::from(*quantity))
                )
            }
            BarEvent::ItemRemoved {
                item,
                quantity,
                refund,
                ..
            } => {
                format!("removed {quantity}× {item} · refunded {refund}")
            }
            BarEvent::TipChanged { tip: Tip::None } => "tip cleared".into(),
            // Only a removal changes a tip on its own: it lowered an amount tip to the cap.
            BarEvent::TipChanged {
                tip: Tip::Amount { amount },
            } if removal => format!("tip lowered to {amount}, the whole tab"),
            BarEvent::TipChanged {
                tip: Tip::Amount { amount },
            } => format!("tip {amount}"),
            BarEvent::TipChanged { tip } => format!("tip {} · {}", tip.label(), view.tip_amount),
            BarEvent::CheckoutStarted { amount, .. } => format!("checkout started · {amount}"),
            BarEvent::CheckoutLinkReady(_) => "payment link ready".into(),
            BarEvent::PaymentSucceeded { receipt } => format!("paid {}", receipt.total),
            BarEvent::PaymentFailed { reason } => format!("payment failed: {reason}"),
            BarEvent::PaymentExpired => "checkout expired".into(),
            BarEvent::CheckoutCancelled => "checkout cancelled".into(),
            BarEvent::CardPaymentStarted { amount, .. } => {
                format!("charging the test card · {amount}")
            }
            BarEvent::CardPaymentCreated { .. } => "card payment created".into(),
            BarEvent::CardPaymentDropped { reason } => format!("card not charged: {reason}"),
        })
        .collect();
    parts.join("; ")
}

/// The tab as the model sees it: amounts as "$12.50" strings, never floats.
pub fn tab_json(v: &TabView) -> Value {
    json!({
        "lines": v.lines.iter().map(|l| json!({
            "line": l.line, "item": l.item, "quantity": l.quantity, "modifiers": l.modifiers,
            "unit_price": l.unit_price.to_string(), "total": l.total.to_string(),
        })).collect::<Vec<_>>(),
        "drinks": v.drinks,
        "subtotal": v.subtotal.to_string(),
        "tip": tip_json(v.tip),
        "tip_amount": v.tip_amount.to_string(),
        "total": v.total.to_string(),
        "balance": v.balance.to_string(),
        "payment": v.payment.name(),
    })
}
