use super::*;

#[test]
fn encodes_bracket_keys_and_escapes_values() {
    let mut f = Form::new();
    f.push("mode", "payment")
        .push(
            "line_items[0][price_data][product_data][name]",
            "MOK 5-ha tab · 2 drinks (+ tip)",
        )
        .push(
            "success_url",
            "https://x.test/ok?session_id={CHECKOUT_SESSION_ID}&a=b",
        )
        .push("metadata[tab_version]", 7);
    assert_eq!(
        f.encode(),
        "mode=payment\
         &line_items[0][price_data][product_data][name]=MOK+5-ha+tab+%C2%B7+2+drinks+%28%2B+tip%29\
         &success_url=https%3A%2F%2Fx.test%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D%26a%3Db\
         &metadata[tab_version]=7"
    );
}

#[test]
fn value_brackets_and_key_specials_are_escaped() {
    let mut f = Form::new();
    f.push("a&b=c", "[x]");
    assert_eq!(f.encode(), "a%26b%3Dc=%5Bx%5D");
    assert_eq!(Form::new().encode(), "");
}
