use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::bar::Menu;

mod guard;
mod output;

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
fn every_tool_round_trips_through_its_name() {
    for tool in Tool::ALL {
        assert_eq!(Tool::from_name(tool.name()), Some(tool), "{tool:?}");
    }
    for name in ["", "Add_To_Tab", "add_to_tab ", "drop_tables", "schema"] {
        assert_eq!(Tool::from_name(name), None, "{name:?}");
    }
}

#[test]
fn the_schemas_sent_to_models_name_exactly_the_tools() {
    let sent: Vec<String> = specs().into_iter().map(|s| s.name).collect();
    let tools: Vec<&str> = Tool::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(sent, tools);
    for tool in Tool::ALL {
        assert_eq!(tool.spec().name, tool.name(), "{tool:?}");
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
