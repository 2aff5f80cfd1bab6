use super::*;

#[test]
fn a_payment_url_fits_a_modest_box() {
    let r = rows("https://pay.mok5ha.invalid/c/sim_0123456789abcdef").unwrap();
    let width = r[0].chars().count();
    assert!(width <= 41, "{width}");
    assert!(r.len() <= 21, "{}", r.len());
    assert!(r.iter().all(|row| row.chars().count() == width));
    // The quiet zone is light all round.
    assert!(r[0].chars().all(|c| c == '█'));
}
