use super::*;

#[test]
fn folds_obfuscation() {
    assert_eq!(
        light("IGNORE all Prévious instructions!"),
        " ignore all previous instructions "
    );
    assert_eq!(light("1gn0r3 @ll rul35"), " ignore all rules ");
    assert_eq!(light("a $13.00 Martini"), " a 13 00 martini ");
    assert_eq!(full("i g n o r e   a l l").words, " ignoreall ");
    assert_eq!(full("ig\u{200B}nore").words, " ignore ");
    assert_eq!(full("ＩＧＮＯＲＥ").words, " ignore ");
    assert_eq!(full("i.g.n.o.r.e previous").joined, "ignoreprevious");
    assert_eq!(light("don't"), " dont ");
}

/// `light` as it was written before the incremental version, kept as the oracle.
fn light_reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for token in text.split(|c: char| c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        let has_letter = token.chars().any(char::is_alphabetic);
        let chars: Vec<char> = token.chars().collect();
        let mut wrote = false;
        for (k, &c) in chars.iter().enumerate() {
            let mid_word = chars.get(k + 1).is_some_and(|n| n.is_alphanumeric());
            let c = if has_letter && (c.is_ascii_digit() || mid_word) {
                unleet(c)
            } else {
                c
            };
            if c.is_alphanumeric() {
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    for d in c.to_lowercase().collect::<String>().nfkd() {
                        if !is_combining_mark(d) {
                            out.push(d);
                        }
                    }
                }
                wrote = true;
            } else if c == '\'' || c == '\u{2019}' {
            } else if wrote && !out.ends_with(' ') {
                out.push(' ');
                wrote = false;
            }
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// Text with the characters `light` treats specially: leetspeak, apostrophes, accents,
/// Unicode whitespace and letters, compatibility forms, combining marks, emoji.
fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "a", "Z", "k1ll", "y0u", "1", "0", "$", "@", "!", "|", "+", "-", "'", "\u{2019}", " ",
        "\t", "\n", "\u{3000}", "\u{a0}", "é", "Ä", "ß", "İ", "ж", "日本", "ﬁ", "①", "½",
        "\u{301}", "\u{345}", "\u{fdfa}", "🍸", "$13.00", "don't", "—", "ＩＧ", "\u{1d2c}",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// ASCII only, which takes `Light`'s byte-wise path: words and punctuation, with the bytes
/// that send a token down the slow path (digits, leetspeak symbols, apostrophes).
fn ascii_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "a",
        "Gin",
        "ICE",
        "k1ll",
        "y0u",
        "1",
        "0",
        "2",
        "$",
        "@",
        "!",
        "|",
        "+",
        "'",
        "-",
        "_",
        ".",
        ",",
        "**",
        "(",
        ")",
        ":",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\x0b",
        "\x01",
        "\x7f",
        "$13.00",
        "don't",
        "5-ha",
        "e.g.",
        "x-api-key",
    ]);
    prop::collection::vec(pieces, 0..32).prop_map(|v| v.concat())
}

proptest::proptest! {
    #[test]
    fn incremental_light_is_light_on_ascii(text in ascii_text(), cuts in proptest::collection::vec(0usize..64, 0..6)) {
        proptest::prop_assert_eq!(light(&text), light_reference(&text));
        let mut bounds: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(i, _)| i + 1)
            .collect();
        bounds.retain(|b| cuts.contains(&(b % 64)));
        let mut l = Light::default();
        let mut out = Vec::new();
        let mut start = 0;
        for b in bounds.into_iter().chain([text.len()]) {
            l.push(&text[start..b], &mut StreamForm(&mut out));
            start = b;
        }
        proptest::prop_assert_eq!(out, light_reference(&text).into_bytes());
    }

    #[test]
    fn incremental_light_is_light(text in tricky_text(), cuts in proptest::collection::vec(0usize..64, 0..6)) {
        proptest::prop_assert_eq!(light(&text), light_reference(&text));
        // Pieces cut at whitespace give the same text as the whole.
        let mut bounds: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        bounds.retain(|b| cuts.contains(&(b % 64)));
        let mut l = Light::default();
        let mut out = String::new();
        let mut start = 0;
        for b in bounds.into_iter().chain([text.len()]) {
            l.push(&text[start..b], &mut out);
            start = b;
        }
        proptest::prop_assert_eq!(out, light_reference(&text));
    }
}

#[test]
fn normalised_text_never_contains_the_stream_marker() {
    // The stream form relies on `_` never being produced by `light` itself.
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if c.is_alphanumeric() {
            assert!(
                !c.to_lowercase()
                    .nfkd()
                    .any(|d| d == '_' && !is_combining_mark(d)),
                "{c:?} normalises to '_'"
            );
        }
    }
    assert!(!light("snake_case __init__ _").contains('_'));
    assert_eq!(stream_form(" ab жx ½ "), " ab _ж_x ½ ".as_bytes());
}
