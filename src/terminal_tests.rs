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

/// Every bidi control and invisible format character Unicode defines that can reorder or hide
/// text on a terminal (Bidi_Control, Default_Ignorable format characters, line and paragraph
/// separators), listed here independently of the sanitizer's own table. ZWJ/ZWNJ and variation
/// selectors stay: emoji and several scripts need them.
const MUST_GO: &[char] = &[
    '\u{00AD}', // soft hyphen
    '\u{061C}', // arabic letter mark (Bidi_Control)
    '\u{115F}',
    '\u{1160}',
    '\u{3164}',
    '\u{FFA0}', // hangul fillers: blank "names"
    '\u{17B4}',
    '\u{17B5}', // khmer inherent vowels (invisible)
    '\u{180E}', // mongolian vowel separator
    '\u{200B}',
    '\u{200E}',
    '\u{200F}', // ZWSP, LRM, RLM
    '\u{2028}',
    '\u{2029}', // line and paragraph separator
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}', // embeddings, overrides
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{2065}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}', // isolates
    '\u{206A}',
    '\u{206B}',
    '\u{206C}',
    '\u{206D}',
    '\u{206E}',
    '\u{206F}', // deprecated format
    '\u{FEFF}', // BOM / ZWNBSP
    '\u{FFF9}',
    '\u{FFFA}',
    '\u{FFFB}', // interlinear annotation
    '\u{1BCA0}',
    '\u{1BCA1}',
    '\u{1BCA2}',
    '\u{1BCA3}', // shorthand format controls
    '\u{1D173}',
    '\u{1D174}',
    '\u{1D175}',
    '\u{1D176}',
    '\u{1D177}',
    '\u{1D178}',
    '\u{1D179}',
    '\u{1D17A}', // musical format controls
    '\u{E0001}',
    '\u{E0020}',
    '\u{E0041}',
    '\u{E007F}',
    '\u{E0080}',
    '\u{E01F0}',
    '\u{E0FFF}',
];

#[test]
fn every_bidi_control_and_invisible_format_character_is_removed() {
    for &c in MUST_GO {
        let text = format!("a{c}b");
        assert_eq!(sanitize(&text), "ab", "U+{:04X} survived", c as u32);
        // Also in the streaming path, split right before and after it.
        let (split, _) = clean_all(&["a", &c.to_string(), "b"]);
        assert_eq!(split, "ab", "U+{:04X} survived a split", c as u32);
    }
    for keep in [
        '\u{200C}',
        '\u{200D}',
        '\u{FE0F}',
        '\u{E0100}',
        'é',
        '\u{05D0}',
    ] {
        let text = format!("a{keep}b");
        assert_eq!(sanitize(&text), text, "U+{:04X} must stay", keep as u32);
    }
}

#[test]
fn one_line_values_cannot_forge_lines() {
    assert_eq!(sanitize_line("gemini"), "gemini");
    assert!(matches!(sanitize_line("gemini"), Cow::Borrowed(_)));
    assert_eq!(
        sanitize_line("openai\nFAKE  sk-…  vault\t\x1b[2Jx"),
        "openai FAKE  sk-…  vault x"
    );
}

#[test]
fn the_clean_writer_sanitizes_across_writes_and_split_characters() {
    use std::io::Write;
    let text = "ok \x1b]52;c;eA==\x07 \u{202e}gnp.exe é🍸 \u{9b}2J done\n";
    let bytes = text.as_bytes();
    let expected = sanitize(text).into_owned();
    for cut in 0..=bytes.len() {
        let mut sink = Vec::new();
        {
            let mut w = CleanWriter::new(&mut sink);
            w.write_all(&bytes[..cut]).unwrap();
            w.write_all(&bytes[cut..]).unwrap();
            w.flush().unwrap();
        }
        assert_eq!(String::from_utf8(sink).unwrap(), expected, "cut at {cut}");
    }
    // Invalid UTF-8 is shown as U+FFFD, never passed on raw (0x9b alone is 8-bit CSI in
    // some terminals).
    let mut sink = Vec::new();
    {
        let mut w = CleanWriter::new(&mut sink);
        w.write_all(b"a\x9b2Jb\xff\xe2\x82").unwrap();
    }
    assert_eq!(
        String::from_utf8(sink).unwrap(),
        "a\u{FFFD}2Jb\u{FFFD}\u{FFFD}"
    );
}
