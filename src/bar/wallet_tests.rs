use super::*;

#[test]
fn levels_at_the_edges() {
    assert_eq!(BalanceLevel::of(Cents(5000)), BalanceLevel::Ok);
    assert_eq!(BalanceLevel::of(Cents(4999)), BalanceLevel::Low);
    assert_eq!(BalanceLevel::of(Cents(1)), BalanceLevel::Low);
    assert_eq!(BalanceLevel::of(Cents(0)), BalanceLevel::Empty);
    assert_eq!(BalanceLevel::of(Cents(-1)), BalanceLevel::Empty);
}
