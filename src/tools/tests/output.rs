//! What tool results and summaries say: money as text, refusals in the guest's words.

use super::*;

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
