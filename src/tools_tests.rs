use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::bar::Menu;

fn bar() -> Bar {
    Bar::new(Arc::new(Menu::builtin()), Cents::from_dollars(1000))
}

fn guard() -> SpendingGuard {
    SpendingGuard {
        over_drinks: 5,
        over_amount: Cents::from_dollars(50),
    }
}

fn call(name: &str, args: &str) -> ToolCall {
    ToolCall {
        id: "c1".into(),
        name: name.into(),
        arguments: args.into(),
    }
}

fn done(plan: Plan) -> ToolOutput {
    match plan {
        Plan::Done(out) => out,
        other => panic!("expected a finished call, got {other:?}"),
    }
}

fn run(b: &mut Bar, name: &str, args: &str) -> ToolOutput {
    done(dispatch(b, &call(name, args), &guard()))
}

fn error_code(out: &ToolOutput) -> &str {
    assert_eq!(out.result["ok"], json!(false), "{}", out.result);
    out.result["error"].as_str().unwrap_or("")
}

#[test]
fn every_schema_is_valid_json_schema_and_names_are_unique() {
    let specs = specs();
    assert_eq!(specs.len(), 9);
    let mut names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 9);
    for s in &specs {
        assert!(
            jsonschema::meta::is_valid(&s.parameters),
            "{} has an invalid schema",
            s.name
        );
        assert_eq!(s.parameters["type"], "object", "{}", s.name);
        assert!(!s.description.is_empty());
        let props = s.parameters["properties"].as_object().unwrap();
        for r in s.parameters["required"].as_array().into_iter().flatten() {
            assert!(
                props.contains_key(r.as_str().unwrap()),
                "{}: required {r} is not a property",
                s.name
            );
        }
    }
}

#[test]
fn arguments_that_fit_the_schema_are_accepted_by_the_parser() {
    // The schemas and the parsers describe the same thing: a valid example per tool runs.
    let examples = [
        ("get_menu", json!({"category": "beer"})),
        ("recommend", json!({"preference": "fruity"})),
        (
            "add_to_tab",
            json!({"item": "Martini", "quantity": 2, "modifiers": ["dirty"]}),
        ),
        ("remove_from_tab", json!({"item": "Martini", "quantity": 1})),
        ("view_tab", json!({})),
        ("set_tip", json!({"percent": 15})),
    ];
    let specs = specs();
    let mut b = bar();
    for (name, args) in examples {
        let spec = specs.iter().find(|s| s.name == name).unwrap();
        let validator = jsonschema::validator_for(&spec.parameters).unwrap();
        assert!(
            validator.is_valid(&args),
            "{name}: example does not fit its schema"
        );
        let out = run(&mut b, name, &args.to_string());
        assert_eq!(out.result["ok"], json!(true), "{name}: {}", out.result);
    }
}

#[test]
fn add_view_remove_round_trip() {
    let mut b = bar();
    let out = run(
        &mut b,
        "add_to_tab",
        r#"{"item":"martinis","quantity":2,"modifiers":["dirty"]}"#,
    );
    assert_eq!(out.summary, "added 2× Martini (dirty) · $26.00");
    assert_eq!(out.events.len(), 1);
    assert_eq!(out.result["tab"]["subtotal"], "$26.00");
    assert_eq!(out.result["tab"]["balance"], "$974.00");
    let out = run(&mut b, "view_tab", "");
    assert_eq!(out.result["tab"]["lines"][0]["item"], "Martini");
    let out = run(
        &mut b,
        "remove_from_tab",
        r#"{"item":"martini","quantity":1}"#,
    );
    assert_eq!(out.summary, "removed 1× Martini · refunded $13.00");
    assert_eq!(out.result["tab"]["subtotal"], "$13.00");
}

#[test]
fn tips_through_the_tool() {
    let mut b = bar();
    run(&mut b, "add_to_tab", r#"{"item":"Martini","quantity":2}"#);
    let out = run(&mut b, "set_tip", r#"{"percent":15}"#);
    assert_eq!(out.summary, "tip 15 % · $3.90");
    assert_eq!(out.result["tab"]["total"], "$29.90");
    let out = run(&mut b, "set_tip", r#"{"amount":4.5}"#);
    assert_eq!(out.result["tab"]["tip_amount"], "$4.50");
    assert_eq!(out.summary, "tip $4.50", "an amount is said once");
    let out = run(&mut b, "set_tip", r#"{"amount":"$2"}"#);
    assert_eq!(out.result["tab"]["tip_amount"], "$2.00");
    let out = run(&mut b, "set_tip", r#"{"none":true}"#);
    assert_eq!(out.summary, "tip cleared");
    assert_eq!(
        error_code(&run(&mut b, "set_tip", r#"{"percent":15,"none":true}"#)),
        "INVALID_ARGUMENTS"
    );
    assert_eq!(
        error_code(&run(&mut b, "set_tip", "{}")),
        "INVALID_ARGUMENTS"
    );
    assert_eq!(
        error_code(&run(&mut b, "set_tip", r#"{"percent":150}"#)),
        "INVALID_TIP"
    );
    assert_eq!(
        error_code(&run(&mut b, "set_tip", r#"{"percent":-5}"#)),
        "INVALID_TIP"
    );
    assert_eq!(
        error_code(&run(&mut b, "set_tip", r#"{"amount":1.234}"#)),
        "INVALID_TIP"
    );
    assert_eq!(
        error_code(&run(&mut b, "set_tip", r#"{"amount":-1}"#)),
        "INVALID_TIP"
    );
}

#[test]
fn a_removal_that_lowers_an_amount_tip_says_so() {
    let mut b = bar();
    run(&mut b, "add_to_tab", r#"{"item":"Martini","quantity":2}"#);
    run(&mut b, "set_tip", r#"{"amount":20}"#);
    let out = run(
        &mut b,
        "remove_from_tab",
        r#"{"item":"Martini","quantity":1}"#,
    );
    assert_eq!(
        out.summary,
        "removed 1× Martini · refunded $13.00; tip lowered to $13.00, the whole tab"
    );
    assert_eq!(out.result["changes"][1]["tip"], "$13.00");
    assert_eq!(out.result["tab"]["total"], "$26.00");
    let out = run(&mut b, "remove_from_tab", r#"{"item":"Martini"}"#);
    assert_eq!(
        out.summary,
        "removed 1× Martini · refunded $13.00; tip cleared"
    );
    let out = run(&mut b, "set_tip", r#"{"amount":5}"#);
    assert_eq!(error_code(&out), "NOTHING_TO_PAY");
}

#[test]
fn a_refusal_reads_like_the_successes_without_tool_names() {
    let mut b = bar();
    let cases = [
        (
            "add_to_tab",
            r#"{"item":"unicorn tears"}"#,
            "couldn't add unicorn tears: unicorn tears is not on the menu.",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":3,"modifiers":["neat"]}"#,
            "couldn't add 3× Martini (neat): \"neat\" does not fit a Martini.",
        ),
        (
            "remove_from_tab",
            r#"{"item":"IPA"}"#,
            "couldn't remove IPA: There is no IPA on the tab to remove.",
        ),
        (
            "set_tip",
            r#"{"percent":15}"#,
            "couldn't set the tip: The tab is empty, so there is nothing to tip on yet.",
        ),
        (
            "get_menu",
            r#"{"category":"wines"}"#,
            "couldn't show the menu: There is no category wines.",
        ),
        (
            "view_tab",
            r#"{"x":1}"#,
            "couldn't show the tab: the request was malformed",
        ),
        (
            "add_to_tab",
            "{",
            "couldn't add that: the request was malformed",
        ),
        (
            "drop_tables",
            "{}",
            "couldn't do that: the request was malformed",
        ),
    ];
    for (name, args, want) in cases {
        let out = run(&mut b, name, args);
        assert!(
            out.summary.starts_with(want),
            "{name} {args}: {}",
            out.summary
        );
        assert!(!out.summary.contains(name), "{}", out.summary);
    }
    // The payment tools the agent runs itself say the same kind of thing.
    let e = BarError::new(ErrorCode::NothingToPay, "The tab is empty.");
    assert_eq!(
        refused("checkout", &e).summary,
        "couldn't start the checkout: The tab is empty."
    );
    assert_eq!(
        refused("cancel_checkout", &e).summary,
        "couldn't cancel the checkout: The tab is empty."
    );
}

#[test]
fn hostile_arguments_become_error_results() {
    let mut b = bar();
    let before = b.state().clone();
    let long = "x".repeat(10 * 1024);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":-1}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":0}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":99999999999999999999}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":2.5}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":"lots"}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":[1]}"#.into(),
            "INVALID_QUANTITY",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","quantity":21}"#.into(),
            "INVALID_QUANTITY",
        ),
        ("add_to_tab", r#"{"item":42}"#.into(), "INVALID_ARGUMENTS"),
        ("add_to_tab", r#"{"item":null}"#.into(), "INVALID_ARGUMENTS"),
        ("add_to_tab", r#"{}"#.into(), "INVALID_ARGUMENTS"),
        (
            "add_to_tab",
            r#"{"item":"Martini","price":0}"#.into(),
            "INVALID_ARGUMENTS",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini""#.into(),
            "INVALID_ARGUMENTS",
        ),
        ("add_to_tab", "[]".into(), "INVALID_ARGUMENTS"),
        (
            "add_to_tab",
            format!(r#"{{"item":"{long}"}}"#),
            "INVALID_ARGUMENTS",
        ),
        (
            "add_to_tab",
            format!(r#"{{"item":"Martini","modifiers":["{long}"]}}"#),
            "INVALID_ARGUMENTS",
        ),
        (
            "add_to_tab",
            r#"{"item":"unicorn tears"}"#.into(),
            "ITEM_NOT_FOUND",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","modifiers":["neat"]}"#.into(),
            "INVALID_MODIFIER",
        ),
        (
            "add_to_tab",
            r#"{"item":"Martini","modifiers":"dirty"}"#.into(),
            "INVALID_ARGUMENTS",
        ),
        (
            "remove_from_tab",
            r#"{"item":"Martini"}"#.into(),
            "NOT_ON_TAB",
        ),
        ("view_tab", r#"{"all":true}"#.into(), "INVALID_ARGUMENTS"),
        (
            "recommend",
            format!(r#"{{"preference":"{long}"}}"#),
            "INVALID_ARGUMENTS",
        ),
        (
            "get_menu",
            r#"{"category":"wines"}"#.into(),
            "ITEM_NOT_FOUND",
        ),
        ("drop_tables", "{}".into(), "UNKNOWN_TOOL"),
        ("", "{}".into(), "UNKNOWN_TOOL"),
    ];
    for (name, args, want) in cases {
        let out = run(&mut b, name, &args);
        assert_eq!(
            error_code(&out),
            want,
            "{name} {}",
            &args[..args.len().min(80)]
        );
        assert!(
            out.result["message"]
                .as_str()
                .is_some_and(|m| m.len() < 600),
            "{}",
            out.result
        );
    }
    assert_eq!(b.state(), &before, "a refused call changed the bar");
}

#[test]
fn the_spending_guard_asks_before_big_orders() {
    let mut b = bar();
    let plan = dispatch(
        &mut b,
        &call("add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        &guard(),
    );
    let Plan::Confirm { action, prompt } = plan else {
        panic!("expected a confirmation")
    };
    assert_eq!(prompt, "Maya wants to add 12× Martini — $156.00. Allow?");
    assert!(
        b.view().lines.is_empty(),
        "nothing is added before the guest agrees"
    );
    // Four Martinis are $52.00: over the amount though under the count.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"Martini","quantity":4}"#),
            &guard()
        ),
        Plan::Confirm { .. }
    ));
    // Six waters are $6.00 but more than five drinks.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"Water","quantity":6}"#),
            &guard()
        ),
        Plan::Confirm { .. }
    ));
    let out = declined(&action);
    assert_eq!(error_code(&out), "DECLINED_BY_GUEST");
    let out = confirmed(&mut b, action);
    assert_eq!(out.result["tab"]["subtotal"], "$156.00");
    // Within limits: no question.
    assert!(matches!(
        dispatch(
            &mut b,
            &call("add_to_tab", r#"{"item":"IPA","quantity":5}"#),
            &guard()
        ),
        Plan::Done(_)
    ));
}

#[test]
fn payment_tools_are_handed_to_the_agent() {
    let mut b = bar();
    assert_eq!(
        dispatch(&mut b, &call("checkout", ""), &guard()),
        Plan::Checkout
    );
    assert_eq!(
        dispatch(&mut b, &call("payment_status", "{}"), &guard()),
        Plan::PaymentStatus
    );
    assert_eq!(
        dispatch(&mut b, &call("cancel_checkout", "{}"), &guard()),
        Plan::CancelCheckout
    );
    assert!(matches!(
        dispatch(&mut b, &call("checkout", r#"{"amount":0}"#), &guard()),
        Plan::Done(_)
    ));
}

#[test]
fn menu_tool_lists_prices_as_text() {
    let mut b = bar();
    let out = run(&mut b, "get_menu", "{}");
    let text = out.result.to_string();
    for want in ["Martini", "$13.00", "Iced Tea", "$2.00", "on the rocks"] {
        assert!(text.contains(want), "{want}");
    }
    let out = run(&mut b, "get_menu", r#"{"category":"Beer"}"#);
    assert_eq!(out.result["menu"].as_array().unwrap().len(), 1);
    assert_eq!(out.result["menu"][0]["items"].as_array().unwrap().len(), 3);
}

/// Every number a model reads that is not a count must be money as text ("$12.50"), never
/// bare cents: a model reads `1000` as a thousand dollars. Cents may ride along as `*_cents`.
fn assert_no_bare_money(v: &Value, path: &str) {
    const COUNTS: &[&str] = &["line", "quantity", "drinks", "percent"];
    match v {
        Value::Number(_) => {
            let key = path.rsplit('.').next().unwrap_or("");
            assert!(
                COUNTS.contains(&key) || key.ends_with("_cents"),
                "bare number at {path}: {v}"
            );
        }
        // An element is judged by the key that holds the array.
        Value::Array(a) => a.iter().for_each(|x| assert_no_bare_money(x, path)),
        Value::Object(o) => {
            for (k, x) in o {
                assert_no_bare_money(x, &format!("{path}.{k}"));
            }
        }
        _ => {}
    }
}

#[test]
fn no_tool_result_carries_bare_cents() {
    let mut b = bar();
    let mut results = Vec::new();
    let mut go = |b: &mut Bar, name: &str, args: &str| {
        let out = run(b, name, args);
        results.push((format!("{name} {args}"), out.result));
    };
    go(&mut b, "get_menu", "{}");
    go(&mut b, "get_menu", r#"{"category":"spirits"}"#);
    for p in [
        "sobering", "classy", "fruity", "strong", "burning", "anything",
    ] {
        go(&mut b, "recommend", &format!(r#"{{"preference":"{p}"}}"#));
    }
    go(&mut b, "add_to_tab", r#"{"item":"Martini","quantity":2}"#);
    go(&mut b, "add_to_tab", r#"{"item":"whisky on the rocks"}"#);
    go(&mut b, "set_tip", r#"{"percent":15}"#);
    go(&mut b, "set_tip", r#"{"amount":20}"#);
    go(
        &mut b,
        "remove_from_tab",
        r#"{"item":"Martini","quantity":1}"#,
    );
    go(&mut b, "view_tab", "{}");
    go(&mut b, "set_tip", r#"{"none":true}"#);
    go(&mut b, "add_to_tab", r#"{"item":"negoni"}"#);
    go(&mut b, "remove_from_tab", r#"{"item":"Martini"}"#);
    go(&mut b, "remove_from_tab", r#"{"item":"Whiskey"}"#);
    let mut poor = Bar::new(Arc::new(Menu::builtin()), Cents(500));
    go(&mut poor, "add_to_tab", r#"{"item":"Martini"}"#);
    let plan = dispatch(
        &mut b,
        &call("add_to_tab", r#"{"item":"Martini","quantity":12}"#),
        &guard(),
    );
    let Plan::Confirm { action, .. } = plan else {
        panic!("expected a question")
    };
    results.push(("declined".into(), declined(&action).result));
    results.push(("confirmed".into(), confirmed(&mut b, action).result));
    for (what, r) in &results {
        assert_no_bare_money(r, what);
    }
    // And the figures are there as text.
    let rec = &results[2].1;
    assert_eq!(rec["picks"][0]["price"], "$1.00", "{rec}");
    let added = &results[8].1;
    assert_eq!(added["changes"][0]["unit_price"], "$13.00", "{added}");
}
