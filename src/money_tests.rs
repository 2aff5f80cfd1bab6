use super::*;
use proptest::prelude::*;

#[test]
fn formats_with_grouping() {
    assert_eq!(Cents(100_000).to_string(), "$1,000.00");
    assert_eq!(Cents(1250).to_string(), "$12.50");
    assert_eq!(Cents(5).to_string(), "$0.05");
    assert_eq!(Cents(-350).to_string(), "-$3.50");
    assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
    assert_eq!(format!("{:>8}", Cents(500)), "   $5.00");
}

#[test]
fn parses_common_forms() {
    assert_eq!(Cents::parse("$12.50"), Ok(Cents(1250)));
    assert_eq!(Cents::parse("12.5"), Ok(Cents(1250)));
    assert_eq!(Cents::parse("12"), Ok(Cents(1200)));
    assert_eq!(Cents::parse(" $1,000.00 "), Ok(Cents(100_000)));
    assert_eq!(Cents::parse(".5"), Ok(Cents(50)));
    assert_eq!(Cents::parse("-3"), Ok(Cents(-300)));
}

#[test]
fn rejects_garbage() {
    for bad in [
        "",
        "$",
        "abc",
        "1.2.3",
        "12.345",
        "1,00",
        "1e3",
        "--1",
        "$.",
        "99999999999999999999",
    ] {
        assert!(Cents::parse(bad).is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn percent_rounds_half_up() {
    assert_eq!(Cents(1300).percent(20), Some(Cents(260)));
    assert_eq!(Cents(10_000).percent(15), Some(Cents(1500)));
    assert_eq!(Cents(2600).percent(15), Some(Cents(390)));
    // 15 % of $0.10 is 1.5 cents: half rounds up.
    assert_eq!(Cents(10).percent(15), Some(Cents(2)));
    // 15 % of $0.03 is 0.45 cents: rounds down.
    assert_eq!(Cents(3).percent(15), Some(Cents(0)));
}

#[derive(Debug, serde::Deserialize)]
struct Amount {
    #[serde(with = "super::as_text")]
    v: Cents,
}

fn from_toml(value: &str) -> Result<Cents, String> {
    toml::from_str::<Amount>(&format!("v = {value}"))
        .map(|a| a.v)
        .map_err(|e| e.message().to_string())
}

#[test]
fn amounts_by_hand_are_text_integers_or_decimals() {
    assert_eq!(from_toml(r#""$1,000.00""#), Ok(Cents(100_000)));
    assert_eq!(from_toml(r#""12.5""#), Ok(Cents(1250)));
    assert_eq!(from_toml("60"), Ok(Cents(6000)));
    assert_eq!(from_toml("60.00"), Ok(Cents(6000)));
    assert_eq!(from_toml("60.5"), Ok(Cents(6050)));
    assert_eq!(from_toml("0.1"), Ok(Cents(10)));
    assert_eq!(from_toml("12.34"), Ok(Cents(1234)));
    assert_eq!(from_toml("1_000"), Ok(Cents(100_000)));
    assert_eq!(from_toml("-5"), Ok(Cents(-500)));
    // Never rounded: a third decimal is an error, as it is in text.
    assert!(
        from_toml("12.345")
            .unwrap_err()
            .contains("more than two decimal")
    );
    for bad in ["nan", "inf", "1e300", "true", "[1]", r#""lots""#] {
        assert!(from_toml(bad).is_err(), "{bad} should be refused");
    }
    // JSON numbers take the same road.
    let a: Amount = serde_json::from_str(r#"{"v": 4.5}"#).unwrap();
    assert_eq!(a.v, Cents(450));
    // Written back as text.
    #[derive(serde::Serialize)]
    struct Out {
        #[serde(with = "super::as_text")]
        v: Cents,
    }
    assert_eq!(
        toml::to_string(&Out { v: Cents(6000) }).unwrap().trim(),
        r#"v = "$60.00""#
    );
}

proptest! {
    #[test]
    fn display_parse_round_trip(c in -1_000_000_000_000i64..1_000_000_000_000i64) {
        prop_assert_eq!(Cents::parse(&Cents(c).to_string()), Ok(Cents(c)));
    }

    #[test]
    fn percent_is_within_half_a_cent(c in 0i64..10_000_000_000, p in 0u32..=100) {
        let tip = Cents(c).percent(p).unwrap().0 as i128;
        let exact_times_100 = c as i128 * p as i128;
        prop_assert!((tip * 100 - exact_times_100).abs() <= 50);
    }
}
