use super::*;
use crate::config::SecurityConfig;

fn guard() -> Guard {
    Guard::new(Arc::new(Scanner::new(&SecurityConfig::default())))
}

fn run(g: &mut Guard, chunks: &[&str]) -> (String, Option<Verdict>) {
    let mut out = String::new();
    for c in chunks {
        let step = g.push(c);
        out.push_str(&step.release);
        if step.hit.is_some() {
            return (out, step.hit);
        }
    }
    let step = g.finish();
    out.push_str(&step.release);
    (out, step.hit)
}

#[test]
fn clean_text_streams_through_unchanged_holding_only_the_last_word() {
    let mut g = guard();
    let step = g.push("Two Martinis, com");
    assert_eq!(step.release, "Two Martinis, ");
    let step = g.push("ing right up.");
    assert_eq!(step.release, "coming right ");
    assert_eq!(g.finish().release, "up.");
    let text = "A Negroni is gin, Campari and sweet vermouth. Cheers! 🍸\nEnjoy.";
    let chunks: Vec<String> = text.chars().map(String::from).collect();
    let refs: Vec<&str> = chunks.iter().map(String::as_str).collect();
    let (out, hit) = run(&mut guard(), &refs);
    assert_eq!(out, text);
    assert!(hit.is_none());
}

#[test]
fn a_toxic_phrase_split_across_chunks_stops_the_reply() {
    let mut g = guard();
    let (out, hit) = run(
        &mut g,
        &["Listen, you worth", "less piece of ", "shit, and more text"],
    );
    assert!(hit.is_some_and(|v| v.blocked));
    assert!(!out.contains("shit"), "{out}");
    assert!(
        g.push("after the hit").release.is_empty(),
        "nothing is released after a hit"
    );
}

#[test]
fn a_key_split_across_chunks_is_caught() {
    let (out, hit) = run(
        &mut guard(),
        &[
            "your key is sk-proj-abcdefgh",
            "ijklmnopqrstuvwxyz123456 ok",
        ],
    );
    assert_eq!(hit.and_then(|v| v.family).map(|f| f.as_str()), Some("leak"));
    assert!(!out.contains("sk-proj"), "{out}");
}

#[test]
fn escape_sequences_are_removed_before_judging() {
    let (out, hit) = run(
        &mut guard(),
        &["Hi \x1b]52;c;ZXZpbA", "==\x07there \x1b[2J"],
    );
    assert_eq!(out, "Hi there ");
    assert!(hit.is_none());
}

#[test]
fn a_long_unbroken_run_is_not_held_forever() {
    let mut g = guard();
    let step = g.push(&"a".repeat(HOLD_MAX + 10));
    assert_eq!(step.release.len(), HOLD_MAX + 10);
}

// ---- the incremental matcher ----

fn protected_scanner() -> Arc<Scanner> {
    let mut s = Scanner::new(&SecurityConfig::default());
    s.set_protected(crate::agent::prompt::protected_phrases());
    Arc::new(s)
}

/// `text` in two chunks, cut at byte `at` (moved forward to a char boundary).
fn split_at(text: &str, at: usize) -> [&str; 2] {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    [&text[..at], &text[at..]]
}

/// The guard it replaces in spirit: the same hold-back rule, but every cut judged by
/// `scan_output` of the whole sanitized text so far.
fn reference(scanner: &Scanner, chunks: &[&str]) -> Vec<GuardStep> {
    let (mut san, mut held, mut done) = (Sanitizer::new(), String::new(), String::new());
    let mut steps = Vec::new();
    let judge = |held: &mut String, done: &mut String, cut: usize| {
        if cut == 0 {
            return GuardStep::default();
        }
        let v = scanner.scan_output(&format!("{done}{}", &held[..cut]));
        if v.blocked {
            held.clear();
            return GuardStep {
                release: String::new(),
                hit: Some(v),
            };
        }
        let release: String = held.drain(..cut).collect();
        done.push_str(&release);
        GuardStep { release, hit: None }
    };
    for c in chunks {
        san.push(c, &mut held);
        let mut cut = held.rfind(char::is_whitespace).map_or(0, |i| {
            i + held[i..].chars().next().map_or(1, char::len_utf8)
        });
        if held.len() - cut > HOLD_MAX {
            cut = held.len();
        }
        let step = judge(&mut held, &mut done, cut);
        let stop = step.hit.is_some();
        steps.push(step);
        if stop {
            return steps;
        }
    }
    san.finish(&mut held);
    let all = held.len();
    steps.push(judge(&mut held, &mut done, all));
    steps
}

fn steps(scanner: &Arc<Scanner>, chunks: &[&str]) -> Vec<GuardStep> {
    let mut g = Guard::new(scanner.clone());
    let mut out = Vec::new();
    for c in chunks {
        let step = g.push(c);
        let stop = step.hit.is_some();
        out.push(step);
        if stop {
            return out;
        }
    }
    out.push(g.finish());
    out
}

#[test]
fn a_secret_registered_mid_reply_is_caught() {
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    let mut g = Guard::new(s);
    assert!(g.push("here it comes: qq-late-").hit.is_none());
    redact::register_secret("qq-late-secret-77x");
    let step = g.push("secret-77x and more");
    assert_eq!(
        step.hit.and_then(|v| v.family).map(|f| f.as_str()),
        Some("leak")
    );
}

/// The verdict is reused while no new pattern matches: a hint found early (a verdict that is
/// not "clean" in form, only in outcome), quiet steps, then the key that completes the pair.
#[test]
fn a_key_after_a_harmless_hint_and_quiet_steps_is_caught() {
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    let chunks = [
        "the sk-ipper waved. ",
        "Quiet ",
        "steps, ",
        "nothing new. ",
        "Then sk-proj-abcdefghijklmno",
        "pqrstuvwxyz123456 ok",
    ];
    let mut g = Guard::new(s.clone());
    assert!(g.push(chunks[0]).hit.is_none());
    assert!(
        g.raw.found(RAW_HINTS),
        "the hint is found in the first step"
    );
    let got = steps(&s, &chunks);
    assert_eq!(
        got.last()
            .and_then(|s| s.hit)
            .and_then(|v| v.family)
            .map(|f| f.as_str()),
        Some("leak")
    );
    assert_eq!(got, reference(&s, &chunks));
}

#[test]
fn a_secret_registered_after_a_reused_verdict_is_caught() {
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    let mut g = Guard::new(s);
    assert!(g.push("the sk-ipper says: ").hit.is_none());
    assert!(g.push("here it comes, qq-cached-").hit.is_none());
    assert!(g.raw.found(RAW_HINTS));
    redact::register_secret("qq-cached-secret-55y");
    let step = g.push("secret-55y and more");
    assert_eq!(
        step.hit.and_then(|v| v.family).map(|f| f.as_str()),
        Some("leak")
    );
}

#[test]
fn non_ascii_around_a_pattern_is_judged_like_the_whole_text() {
    let mut s = Scanner::new(&SecurityConfig::default());
    s.set_protected(vec![
        "Die Straße nach 日本 ist lang und weit, Freund.".into(),
    ]);
    let s = Arc::new(s);
    for (text, blocked) in [
        ("Ça va? Écoute — you worthless piece of shit 🍸 日本", true),
        ("i will kill you—ça suffit", true),
        ("i will kill yoü", true),
        // Unicode \b: 'ж' and '日' are word characters, so no boundary after "you".
        ("i will kill youж", false),
        ("i will kill you日本", false),
        ("日本kys日本", false),
        ("« kys »", true),
        ("ｆｕｃｋ ｙｏｕ", true),
        ("Wie gesagt: die Strasse nach 日本 ist lang", false),
        (
            "Zitat: „Die Straße nach 日本 ist lang und weit, Freund.“",
            true,
        ),
        ("bar日本sk-proj-abcdefghijklmnopqrstuvwx", false),
        ("bar— sk-proj-abcdefghijklmnopqrstuvwx", true),
        ("api_\u{212A}ey: not-hinted-so-not-redacted", false),
        ("api_key=\u{3000}quite-secret-value", true),
    ] {
        assert_eq!(s.scan_output(text).blocked, blocked, "scan_output: {text}");
        for at in 0..=text.len() {
            let chunks = split_at(text, at);
            assert_eq!(
                steps(&s, &chunks),
                reference(&s, &chunks),
                "{text} split at {at}"
            );
        }
    }
}

#[test]
fn the_first_word_of_a_reply_can_start_a_pattern() {
    // The window guard dropped the leading space and let this through.
    let (out, hit) = run(&mut guard(), &["fuck you, pal. ", "more"]);
    assert!(hit.is_some_and(|v| v.blocked), "{out}");
}

#[test]
fn weak_signals_far_apart_add_up_like_in_the_whole_text() {
    let filler = "And so on and so forth. ".repeat(12);
    let text = format!("you are a loser. {filler}go to hell now");
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    assert!(s.scan_output(&text).blocked);
    let chunks: Vec<&str> = text.split_inclusive(' ').collect();
    assert_eq!(steps(&s, &chunks), reference(&s, &chunks));
    assert!(run(&mut guard(), &chunks).1.is_some());
}

#[test]
fn a_big_chunk_holds_back_its_unfinished_word() {
    let mut g = guard();
    let big = format!("{} you worthl", "Cheers to you all tonight. ".repeat(12));
    let step = g.push(&big);
    assert!(
        step.release.ends_with("you "),
        "{:?}",
        &step.release[step.release.len() - 20..]
    );
    assert!(g.push("ess piece of shit and more").hit.is_some());
}

#[test]
fn a_redacted_header_is_not_a_leak() {
    // `redact` maps it to itself, so `scan_output` lets it pass; the guard agrees.
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    for text in [
        "the log said api_key: [redacted] fine",
        "Authorization: [redacted]",
    ] {
        assert!(!s.scan_output(text).blocked);
        assert!(
            run(&mut Guard::new(s.clone()), &[text]).1.is_none(),
            "{text}"
        );
    }
    let text = "api_key: [redacted]x and api_key=[red";
    assert!(s.scan_output(text).blocked);
    assert!(run(&mut Guard::new(s.clone()), &[text]).1.is_some());
}

mod equivalence;
mod every_split;

#[test]
fn the_word_boundary_scan_agrees_with_rfind() {
    for s in [
        "",
        "abc",
        "a b",
        "a b ",
        "x\u{3000}y",
        "日本 語",
        "tab\there",
        "end\u{a0}",
        "é\u{2028}ü",
        " ",
    ] {
        let want = s
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        assert_eq!(after_last_whitespace(s), want, "{s:?}");
    }
}

#[test]
fn switches_are_honoured_and_replies_do_not_share_findings() {
    let off = Arc::new(Scanner::new(&SecurityConfig {
        toxicity_enabled: false,
        ..SecurityConfig::default()
    }));
    let (out, hit) = run(
        &mut Guard::new(off.clone()),
        &["you worthless piece of shit "],
    );
    assert!(hit.is_none(), "{out}");
    let (_, hit) = run(
        &mut Guard::new(off),
        &["key sk-proj-abcdefghijklmnopqrstuvwxyz123456 "],
    );
    assert!(hit.is_some(), "leaks are caught whatever the switches");
    // A stopped reply hands its warmed cache on; the next reply starts from nothing found.
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    for _ in 0..3 {
        assert!(
            run(&mut Guard::new(s.clone()), &["you loser, go to hell "])
                .1
                .is_some()
        );
        assert!(
            run(&mut Guard::new(s.clone()), &["a loser's luck, then hell "])
                .1
                .is_none()
        );
    }
}

/// [`Guard::step`] lends exactly what [`Guard::push`] hands over, chunk by chunk, whatever is
/// held back in between, up to a block.
fn same_steps(text: &str, size: usize) {
    let (mut lent, mut owned) = (guard(), guard());
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(size.max(1)) {
        let piece: String = piece.iter().collect();
        let a = lent.step(&piece);
        let (release, hit) = (a.release.to_string(), a.hit);
        let b = owned.push(&piece);
        assert_eq!((release, hit), (b.release, b.hit), "at {piece:?}");
    }
    let a = lent.finish_step();
    let (release, hit) = (a.release.to_string(), a.hit);
    assert_eq!(GuardStep { release, hit }, owned.finish());
}

#[test]
fn lent_steps_equal_owned_steps() {
    let long_word = "x".repeat(HOLD_MAX + 40);
    for size in [1, 3, 16, 1000] {
        same_steps("Two Martinis, coming right up.\n\nAnything else? 🍸 ", size);
        same_steps(&format!("a {long_word} b \x1b[31mred\x1b[0m done"), size);
        same_steps(
            "fine so far, then: go kill yourself, you idiot. more text",
            size,
        );
    }
    // The last one is stopped, so the comparison covered a block too.
    let (_, hit) = run(
        &mut guard(),
        &["fine so far, then: go kill yourself, you idiot. more"],
    );
    assert!(hit.is_some_and(|v| v.blocked));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn lent_steps_equal_owned_steps_for_any_text(
        text in "([a-z]{1,8}|[ \n\t]|\x1b\\[1m|é|🍸|kill yourself){0,60}",
        size in 1usize..40,
    ) {
        same_steps(&text, size);
    }
}

/// Released text is dropped from `held` only now and then: a reply several times
/// [`DROP_AT`] long, in chunks that leave a word unfinished each time, is released whole and in
/// order, judged like the whole text, and a pattern after the drops is still caught.
#[test]
fn a_reply_past_the_drop_point_streams_like_the_reference() {
    let s = Arc::new(Scanner::new(&SecurityConfig::default()));
    let clean = "A Negroni is equal parts gin, Campari and sweet vermouth. ".repeat(300);
    assert!(clean.len() > 3 * DROP_AT);
    let mut pieces: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < clean.len() {
        let end = (at + 13).min(clean.len());
        pieces.push(&clean[at..end]);
        at = end;
    }
    let (out, hit) = run(&mut Guard::new(s.clone()), &pieces);
    assert_eq!(out, clean);
    assert!(hit.is_none());
    assert_eq!(steps(&s, &pieces), reference(&s, &pieces));
    pieces.extend(["then you worthless piece ", "of shit, and more"]);
    let got = steps(&s, &pieces);
    assert!(got.last().and_then(|s| s.hit).is_some());
    assert_eq!(got, reference(&s, &pieces));
}
