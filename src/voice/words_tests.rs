use super::*;

#[test]
fn numbers() {
    let cases = [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (42, "forty-two"),
        (100, "one hundred"),
        (115, "one hundred fifteen"),
        (1_000, "one thousand"),
        (1_250, "one thousand two hundred fifty"),
        (974_010, "nine hundred seventy-four thousand ten"),
        (2_000_000, "two million"),
        (
            999_999_999_999,
            "nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine",
        ),
    ];
    for (n, words) in cases {
        assert_eq!(number(n).as_deref(), Some(words), "{n}");
    }
    assert_eq!(number(1_000_000_000_000), None);
}

#[test]
fn money_reads_like_a_bartender() {
    assert_eq!(money(13, 0).unwrap(), "thirteen dollars");
    assert_eq!(money(1, 0).unwrap(), "one dollar");
    assert_eq!(money(12, 50).unwrap(), "twelve dollars and fifty cents");
    assert_eq!(money(0, 50).unwrap(), "fifty cents");
    assert_eq!(money(0, 1).unwrap(), "one cent");
    assert_eq!(money(0, 0).unwrap(), "zero dollars");
    assert_eq!(money(1_000, 0).unwrap(), "one thousand dollars");
}
