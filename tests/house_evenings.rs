//! The house bartender through the real agent, on ordinary evenings: the failures reported in
//! issue 13, one test each.

#[path = "support/house.rs"]
mod house;

use house::{Evening, normalised};

async fn evening(turns: &[&str]) -> Evening {
    let mut e = Evening::open().await;
    for t in turns {
        e.say(t).await;
    }
    e
}

fn tab(lines: &[&str]) -> Vec<String> {
    normalised(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[tokio::test]
async fn a_pint_of_the_ipa_is_one_ipa_and_no_tap_beer() {
    let e = evening(&["two dirty martinis and a pint of the IPA"]).await;
    assert_eq!(e.lines(), tab(&["2 Martini (dirty)", "1 IPA"]), "{}", e.said);
}

#[tokio::test]
async fn making_one_of_the_martinis_a_negroni_swaps_it() {
    let e = evening(&[
        "two dirty martinis and a pint of the IPA",
        "actually make one of the martinis a negroni",
    ])
    .await;
    assert_eq!(
        e.lines(),
        tab(&["1 Martini (dirty)", "1 IPA", "1 Negroni"]),
        "{}",
        e.said
    );
}

#[tokio::test]
async fn misspelt_drinks_are_understood() {
    let e = evening(&["a negorni"]).await;
    assert_eq!(e.lines(), tab(&["1 Negroni"]), "{}", e.said);
    let e = evening(&["a daquiri please"]).await;
    assert_eq!(e.lines(), tab(&["1 Daiquiri"]), "{}", e.said);
}

#[tokio::test]
async fn half_a_dozen_is_six() {
    let e = evening(&["half a dozen tap beers"]).await;
    assert_eq!(e.lines(), tab(&["6 Tap Beer"]), "{}", e.said);
}

#[tokio::test]
async fn a_negated_drink_is_not_ordered() {
    let e = evening(&["no martini for me, just a gin"]).await;
    assert_eq!(e.lines(), tab(&["1 Gin"]), "{}", e.said);
}

#[tokio::test]
async fn what_the_guest_had_yesterday_is_not_ordered() {
    let e = evening(&["I had a whiskey yesterday… today just a soda"]).await;
    assert_eq!(e.lines(), tab(&["1 Soda"]), "{}", e.said);
}

#[tokio::test]
async fn cancel_everything_empties_the_tab() {
    let e = evening(&["two martinis and an IPA", "cancel everything"]).await;
    assert_eq!(e.lines(), tab(&[]), "{}", e.said);
    assert_eq!(e.tab.balance, maya::money::Cents::from_dollars(1000));
}
