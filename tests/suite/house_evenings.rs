//! The house bartender through the real agent, on ordinary evenings: the failures reported in
//! issue 13, one test each.

use crate::support::house;

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
    assert_eq!(
        e.lines(),
        tab(&["2 Martini (dirty)", "1 IPA"]),
        "{}",
        e.said
    );
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

// ---- the evaluation set --------------------------------------------------------------------
//
// Short evenings written by hand, by category, each with the tab it must end with (and, for
// questions, words the answer must contain). `house_evenings.jsonl` and
// `house_evenings_holdout.jsonl` were written before the parser; the holdout third was kept
// aside while tuning on the rest, so its score says whether the bartender generalises.
// `house_evenings_tuning.jsonl` was written during tuning, as fresh phrasings to probe with.

#[derive(serde::Deserialize)]
struct Dialogue {
    id: String,
    cat: String,
    turns: Vec<String>,
    /// The final tab, "2 Martini (dirty)" per line.
    #[serde(default)]
    tab: Option<Vec<String>>,
    /// Any one of these final tabs (where the menu allows more than one good answer).
    #[serde(default)]
    tab_any: Option<Vec<Vec<String>>>,
    /// Everything here appears in Maya's last reply (case-insensitive).
    #[serde(default)]
    say: Vec<String>,
    /// At least one of these appears in her last reply.
    #[serde(default)]
    say_any: Vec<String>,
    /// None of these appears in her last reply.
    #[serde(default)]
    say_not: Vec<String>,
    /// How the guest answers the spending guard: "allow" (default) or "deny".
    #[serde(default)]
    consent: Option<String>,
}

/// Why a dialogue missed (None when it passed), and any guest line the scanner blocked.
async fn run(d: &Dialogue) -> (Option<String>, Vec<String>) {
    let mut e = Evening::open().await;
    e.allow = d.consent.as_deref() != Some("deny");
    let trace = std::env::var("HOUSE_EVAL_TRACE").is_ok_and(|id| id == d.id);
    let mut blocked = Vec::new();
    for t in &d.turns {
        let said = e.say(t).await;
        if said.starts_with("[blocked by the scanner") {
            blocked.push(format!("{t:?} {}", said.split(']').next().unwrap_or("")));
        }
        if trace {
            println!("  guest: {t}\n  maya:  {said}\n  tab:   {:?}", e.lines());
        }
    }
    let got = e.lines();
    let tabs: Vec<Vec<String>> = match (&d.tab, &d.tab_any) {
        (Some(t), _) => vec![normalised(t)],
        (None, Some(any)) => any.iter().map(|t| normalised(t)).collect(),
        (None, None) => panic!("{}: no expected tab", d.id),
    };
    let said = e.said.to_lowercase();
    let mut why = Vec::new();
    if !tabs.contains(&got) {
        why.push(format!("tab {got:?}, want {:?}", tabs[0]));
    }
    for s in &d.say {
        if !said.contains(&s.to_lowercase()) {
            why.push(format!("reply lacks {s:?}"));
        }
    }
    if !d.say_any.is_empty() && !d.say_any.iter().any(|s| said.contains(&s.to_lowercase())) {
        why.push(format!("reply has none of {:?}", d.say_any));
    }
    for s in &d.say_not {
        if said.contains(&s.to_lowercase()) {
            why.push(format!("reply has {s:?}"));
        }
    }
    let miss = (!why.is_empty()).then(|| {
        format!(
            "{} | {:?}\n      → {}\n      Maya: {}",
            d.id,
            d.turns,
            why.join("; "),
            e.said
        )
    });
    (miss, blocked)
}

/// Run a part of the set; print the score by category and every miss; fail below 95 %.
async fn score(name: &str, text: &str) {
    let dialogues: Vec<Dialogue> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
        .collect();
    let mut by_cat: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut misses = Vec::new();
    let mut blocked = Vec::new();
    for d in &dialogues {
        let (miss, b) = run(d).await;
        blocked.extend(b.into_iter().map(|b| format!("{}: {b}", d.id)));
        let c = by_cat.entry(d.cat.as_str()).or_default();
        c.0 += 1;
        if let Some(m) = miss {
            misses.push((d.cat.clone(), m));
        } else {
            c.1 += 1;
        }
    }
    let passed = dialogues.len() - misses.len();
    let pct = 100.0 * passed as f64 / dialogues.len() as f64;
    println!(
        "house evenings, {name}: {passed}/{} = {pct:.1} %",
        dialogues.len()
    );
    for (cat, (n, ok)) in &by_cat {
        println!("  {cat:14} {ok}/{n}");
    }
    for (cat, m) in &misses {
        println!("  miss [{cat}] {m}");
    }
    // Bar talk the safety scanner refuses is the scanner's to fix; it is listed, not hidden.
    for b in &blocked {
        println!("  blocked by the scanner: {b}");
    }
    assert!(pct >= 95.0, "{name}: {pct:.1} % < 95 %");
}

#[tokio::test]
async fn evenings_dev_set() {
    score("dev", include_str!("../data/house_evenings.jsonl")).await;
}

/// Evenings written while the parser was being tuned (after it existed): they keep what was
/// fixed fixed, but say nothing about generalising.
#[tokio::test]
async fn evenings_written_while_tuning() {
    score(
        "tuning",
        include_str!("../data/house_evenings_tuning.jsonl"),
    )
    .await;
}

#[tokio::test]
async fn evenings_holdout_set() {
    score(
        "holdout",
        include_str!("../data/house_evenings_holdout.jsonl"),
    )
    .await;
}

/// Any other set of evenings in the same format, for trying phrasings out:
/// `HOUSE_EVENINGS=path cargo test --test all house_evenings more_evenings -- --nocapture`.
#[tokio::test]
async fn more_evenings() {
    let Ok(path) = std::env::var("HOUSE_EVENINGS") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("HOUSE_EVENINGS names a readable file");
    score(&path, &text).await;
}
