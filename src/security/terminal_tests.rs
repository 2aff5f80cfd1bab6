use proptest::prelude::*;

use super::*;

/// Payloads a model (or a server's error body) could use against a terminal.
const PAYLOADS: &[(&str, &str)] = &[
    ("osc52 clipboard write (BEL)", "\x1b]52;c;cm0gLXJmIH4K\x07"),
    ("osc52 clipboard write (ST)", "\x1b]52;c;cm0gLXJmIH4K\x1b\\"),
    (
        "osc8 hyperlink",
        "\x1b]8;;https://evil.example/\x1b\\pay here\x1b]8;;\x1b\\",
    ),
    ("title set", "\x1b]0;pwned\x07"),
    ("csi clear screen", "\x1b[2J\x1b[H"),
    ("csi title report", "\x1b[21t"),
    ("csi cursor up and erase", "\x1b[5A\x1b[2K"),
    ("sgr conceal", "\x1b[8mhidden\x1b[0m"),
    ("dcs decrqss", "\x1bP$qm\x1b\\"),
    ("apc", "\x1b_payload\x1b\\"),
    ("pm and sos", "\x1b^pm\x1b\\\x1bXsos\x1b\\"),
    ("8-bit csi", "\u{9b}2J"),
    ("8-bit osc", "\u{9d}52;c;eA==\u{9c}"),
    ("charset switch", "\x1b(0"),
    ("reset", "\x1bc"),
    ("bidi override", "\u{202E}gnp.exe\u{202C}"),
    ("bidi isolate", "\u{2066}x\u{2069}"),
    ("tag smuggling", "\u{E0041}\u{E0042}\u{E007F}"),
    ("bell and backspace", "\x07\x08\x08"),
    ("lone CR overwrite", "safe\rEVIL"),
];

fn clean_all(chunks: &[&str]) -> (String, usize) {
    let mut s = Sanitizer::new();
    let mut out = String::new();
    for c in chunks {
        s.push(c, &mut out);
    }
    s.finish(&mut out);
    (out, s.removed())
}

fn is_clean(s: &str) -> bool {
    s.chars().all(|c| {
        let u = c as u32;
        let control = u < 0x20 && c != '\n' && c != '\t';
        let bad = control || (0x7F..=0x9F).contains(&u) || invisible(c);
        !bad
    })
}

#[test]
fn every_payload_is_removed_even_split_anywhere() {
    for (name, payload) in PAYLOADS {
        let text = format!("before {payload} after");
        let (whole, removed) = clean_all(&[&text]);
        assert!(is_clean(&whole), "{name}: {whole:?}");
        assert!(
            whole.starts_with("before ") && whole.ends_with(" after"),
            "{name}: {whole:?}"
        );
        // CRs are dropped quietly (every CRLF has one); everything else is counted.
        assert!(
            removed > 0 || name.contains("CR"),
            "{name}: nothing counted"
        );
        assert!(
            !whole.contains("52;") && !whole.contains("[2J") && !whole.contains("evil.example"),
            "{name}: {whole:?}"
        );
        for (i, _) in text.char_indices().skip(1) {
            let (a, b) = text.split_at(i);
            let (split, _) = clean_all(&[a, b]);
            assert_eq!(split, whole, "{name} split at {i}");
        }
    }
}

#[test]
fn visible_text_survives() {
    let text = "Two Martinis 🍸 — $26.00\n\tcafé, naïve, 日本語, שלום, ZWJ: 👩‍👩‍👧";
    assert!(matches!(sanitize(text), Cow::Borrowed(_)));
    assert_eq!(sanitize(text), text);
    assert_eq!(sanitize("line\r\nnext"), "line\nnext");
    assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
}

#[test]
fn an_unterminated_string_does_not_swallow_the_rest_forever() {
    let mut text = String::from("\x1b]52;c;");
    text.push_str(&"A".repeat(MAX_STRING_BODY + 10));
    text.push_str(" visible");
    let (out, _) = clean_all(&[&text]);
    assert!(
        out.ends_with(" visible"),
        "{}",
        &out[out.len().saturating_sub(40)..]
    );
    assert!(!out.contains('\x1b'));
}

#[test]
fn counts_sequences_not_bytes() {
    let (_, removed) = clean_all(&["\x1b]52;c;eA==\x07 and \x1b[2J"]);
    assert_eq!(removed, 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn output_never_contains_controls(
        parts in prop::collection::vec(
            prop_oneof![
                any::<String>(),
                "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}a-z\\[\\];\\\\]{0,12}",
                Just("\x1b]52;c;".to_string()),
                Just("\x1b[".to_string()),
                Just("\u{202e}".to_string()),
            ],
            0..12,
        ),
        split in 0usize..64,
    ) {
        let text: String = parts.concat();
        let cut = text.char_indices().map(|(i, _)| i).nth(split).unwrap_or(text.len());
        let (a, b) = text.split_at(cut);
        let (out, _) = clean_all(&[a, b]);
        prop_assert!(is_clean(&out), "{:?} -> {:?}", text, out);
        prop_assert_eq!(sanitize(&text).into_owned(), clean_all(&[&text]).0);
    }
}
