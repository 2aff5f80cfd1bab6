//! Tips through an evening: the latest note is the one acknowledged, each is said once, and an
//! empty tab has nothing to tip on.

use super::*;

#[tokio::test]
async fn the_latest_tip_note_is_the_one_acknowledged() {
    let mut e = Evening::new();
    e.say("two martinis").await;
    for note in [
        "[guest action] Guest set a 15 % tip ($3.90)",
        "[guest action] Guest removed the tip",
        "[guest action] Guest set a $5.00 tip ($5.00)",
    ] {
        e.history.push(ChatMessage::User { text: note.into() });
    }
    let said = e.say("thanks").await;
    assert!(said.contains("$5.00 tip"), "{said}");
    assert!(!said.contains("Tip's off"), "{said}");
    // And the other way round.
    for note in [
        "[guest action] Guest set a $5.00 tip ($5.00)",
        "[guest action] Guest removed the tip",
    ] {
        e.history.push(ChatMessage::User { text: note.into() });
    }
    let said = e.say("thanks").await;
    assert!(said.starts_with("Tip's off"), "{said}");
}

#[tokio::test]
async fn tips_are_said_once_and_the_empty_tab_has_nothing_to_tip_on() {
    let mut e = Evening::new();
    let said = e.say("a $5 tip please").await;
    assert_eq!(
        said,
        "Your tab is empty, so there's nothing to tip on yet. What can I pour for you?"
    );
    e.say("two martinis").await;
    let said = e.say("tip $20").await;
    assert_eq!(
        said,
        "A $20.00 tip. Thank you, truly. That brings you to $46.00."
    );
    let said = e.say("what do I owe?").await;
    assert!(
        said.contains("That's $26.00 with a $20.00 tip, so $46.00 in all."),
        "{said}"
    );
    let said = e.say("remove one martini").await;
    assert_eq!(
        said,
        "I've taken off 1× Martini. I've brought the tip down to $13.00, the whole tab. \
         Your tab is $13.00, plus a $13.00 tip makes $26.00."
    );
    let said = e.say("make it an 18% tip").await;
    assert_eq!(
        said,
        "An 18 % tip, that's $2.34. Thank you, truly. That brings you to $15.34."
    );
    let said = e.say("what do I owe?").await;
    assert!(
        said.contains("That's $13.00 with an 18 % tip of $2.34, so $15.34 in all."),
        "{said}"
    );
}
