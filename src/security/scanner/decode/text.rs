//! Text-level disguises: invisible tag characters, backslash and HTML escapes,
//! percent-encoding, Morse, letter-spaced words, ROT13 and reversal.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Encoding, Found, MAX_RUN};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("a decoder pattern is invalid: {e}"))
}

/// Unicode tag characters (U+E0020–U+E007E) mirror printable ASCII and render as nothing, so a
/// whole instruction can ride invisibly after an innocent line.
pub(super) fn unicode_tags(text: &str, found: &mut Found) {
    // Every tag character's UTF-8 starts with 0xF3; most text has none.
    if !text.bytes().any(|b| b == 0xF3) {
        return;
    }
    let mut out = String::new();
    let (mut count, mut in_run) = (0, false);
    for c in text.chars() {
        match u32::from(c) {
            cp @ 0xE0020..=0xE007E => {
                out.push(char::from((cp - 0xE0000) as u8));
                count += 1;
                in_run = true;
            }
            _ if in_run => {
                out.push(' ');
                in_run = false;
            }
            _ => {}
        }
    }
    if count >= 4 && found.attempt() {
        found.keep(Encoding::UnicodeTags, out);
    }
}

/// `\x69`, `\u0069`, `\u{69}`, `&#x69;` and `&#105;`, decoded in place. The crates that
/// unescape take one dialect of a whole string literal and fail on the rest; a guest mixes
/// dialects with plain words, so this decodes what it recognises and keeps everything else.
pub(super) fn escapes(text: &str, found: &mut Found) {
    let count = memchr::memmem::find_iter(text.as_bytes(), b"\\x").count()
        + memchr::memmem::find_iter(text.as_bytes(), b"\\u").count()
        + memchr::memmem::find_iter(text.as_bytes(), b"&#").count();
    if count < 4 || !found.attempt() {
        return;
    }
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let Some((bytes, used)) = escape_at(b, i) {
            out.extend_from_slice(&bytes);
            i += used;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    found.keep(
        Encoding::Escapes,
        String::from_utf8_lossy(&out).into_owned(),
    );
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

fn char_bytes(cp: u32) -> Option<Vec<u8>> {
    let c = char::from_u32(cp)?;
    Some(c.to_string().into_bytes())
}

/// The bytes an escape at `i` stands for, and its length.
fn escape_at(b: &[u8], i: usize) -> Option<(Vec<u8>, usize)> {
    let rest = &b[i..];
    match rest {
        [b'\\', b'x' | b'X', h1, h2, ..] => {
            let v = hex_value(&[*h1, *h2])?;
            Some((vec![v as u8], 4))
        }
        [b'\\', b'u', b'{', ..] => {
            let close = rest.iter().take(10).position(|&c| c == b'}')?;
            let cp = hex_value(&rest[3..close])?;
            Some((char_bytes(cp)?, close + 1))
        }
        [b'\\', b'u', ..] if rest.len() >= 6 => {
            let unit = hex_value(&rest[2..6])?;
            if (0xD800..0xDC00).contains(&unit) {
                // A surrogate pair: `\ud83c\udf78`.
                let low = rest
                    .get(6..12)
                    .filter(|l| l.starts_with(b"\\u"))
                    .and_then(|l| hex_value(&l[2..]))
                    .filter(|l| (0xDC00..0xE000).contains(l))?;
                let cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Some((char_bytes(cp)?, 12));
            }
            Some((char_bytes(unit)?, 6))
        }
        [b'&', b'#', ..] => {
            let close = rest.iter().take(12).position(|&c| c == b';')?;
            let body = &rest[2..close];
            let cp = match body {
                [b'x' | b'X', hex @ ..] => hex_value(hex)?,
                _ if !body.is_empty() && body.iter().all(u8::is_ascii_digit) => {
                    std::str::from_utf8(body).ok()?.parse().ok()?
                }
                _ => return None,
            };
            Some((char_bytes(cp)?, close + 1))
        }
        _ => None,
    }
}

/// `%69%67%6E…` or `ignore%20all%20previous`.
pub(super) fn percent(text: &str, found: &mut Found) {
    let b = text.as_bytes();
    let count = (0..b.len().saturating_sub(2))
        .filter(|&i| b[i] == b'%' && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
        .count();
    if count < 3 || !found.attempt() {
        return;
    }
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    found.keep(Encoding::Percent, decoded.into_owned());
}

/// Runs of at least four Morse letters, starting after a space or a line start (so a full
/// stop ending a word is not a dot): dots and dashes (or look-alikes), letters apart by a
/// space, words by `/`, `|` or a wider gap.
static MORSE_RUN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?m)(?:^|[ \t:>(\[])([.\-_·•−–—]{1,7}(?:(?:[ \t]+|[ \t]*[/|][ \t]*)[.\-_·•−–—]{1,7}){3,})",
    )
});
static MORSE_WORD_GAP: LazyLock<Regex> = LazyLock::new(|| regex(r"[ \t]*[/|][ \t]*|[ \t]{2,}"));

const MORSE: &[(&str, char)] = &[
    (".-", 'a'),
    ("-...", 'b'),
    ("-.-.", 'c'),
    ("-..", 'd'),
    (".", 'e'),
    ("..-.", 'f'),
    ("--.", 'g'),
    ("....", 'h'),
    ("..", 'i'),
    (".---", 'j'),
    ("-.-", 'k'),
    (".-..", 'l'),
    ("--", 'm'),
    ("-.", 'n'),
    ("---", 'o'),
    (".--.", 'p'),
    ("--.-", 'q'),
    (".-.", 'r'),
    ("...", 's'),
    ("-", 't'),
    ("..-", 'u'),
    ("...-", 'v'),
    (".--", 'w'),
    ("-..-", 'x'),
    ("-.--", 'y'),
    ("--..", 'z'),
    ("-----", '0'),
    (".----", '1'),
    ("..---", '2'),
    ("...--", '3'),
    ("....-", '4'),
    (".....", '5'),
    ("-....", '6'),
    ("--...", '7'),
    ("---..", '8'),
    ("----.", '9'),
    (".--.-.", '@'),
    (".-.-.-", '.'),
    ("--..--", ','),
    ("..--..", '?'),
    ("-.-.--", '!'),
    ("---...", ':'),
];

pub(super) fn morse(text: &str, found: &mut Found) {
    let mut out = String::new();
    for c in MORSE_RUN.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        if m.len() > MAX_RUN || !found.attempt() {
            continue;
        }
        let normal: String = m
            .as_str()
            .chars()
            .map(|c| match c {
                '·' | '•' => '.',
                '_' | '−' | '–' | '—' => '-',
                c => c,
            })
            .collect();
        for word in MORSE_WORD_GAP.split(&normal) {
            for code in word.split_whitespace() {
                let letter = MORSE.iter().find(|(m, _)| *m == code).map(|(_, c)| *c);
                out.push(letter.unwrap_or('\u{FFFD}'));
            }
            out.push(' ');
        }
        out.push('\n');
    }
    if !out.is_empty() {
        found.keep(Encoding::Morse, out.trim_end().to_string());
    }
}

/// A gap between spaced-out words: two or more spaces, or a slash or bar.
static WORD_GAP: LazyLock<Regex> = LazyLock::new(|| regex(r"[ \t]{2,}|[ \t]*[/|][ \t]*|\n"));

/// Words written a letter at a time: `i g n o r e  a l l` (words apart by a wider gap),
/// `i-g-n-o-r-e a-l-l`, `I.G.N.O.R.E`. The scanner's own normal form already rejoins runs of
/// single letters, but as one long word; this keeps the words apart.
pub(super) fn letter_spaced(text: &str, found: &mut Found) {
    let joined = super::separated::join_separated_letters(text);
    let mut out = String::with_capacity(joined.len());
    let mut changed = joined != text;
    for (n, group) in WORD_GAP.split(&joined).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let tokens: Vec<&str> = group.split_whitespace().collect();
        // One letter, or one of the marks an address is spelled with ("e v i l @ x . c o m").
        let single = |t: &&&str| {
            let mut c = t.chars();
            matches!((c.next(), c.next()), (Some(ch), None)
                if ch.is_alphanumeric() || matches!(ch, '@' | '.' | '-' | '_' | ':'))
        };
        let mut i = 0;
        while i < tokens.len() {
            let run = tokens[i..].iter().take_while(&single).count();
            let letters = tokens[i..i + run]
                .iter()
                .filter(|t| t.chars().all(char::is_alphabetic))
                .count();
            // Two letters make a word only when they are the whole group ("a  b e e r"); a
            // run is a spelled word when two in three of its marks are letters.
            if (run >= 3 || (run == 2 && tokens.len() == 2)) && letters * 3 >= run * 2 {
                out.extend(tokens[i..i + run].iter().copied());
                changed = true;
                i += run;
            } else {
                out.push_str(tokens[i]);
                i += 1;
            }
            if i < tokens.len() {
                out.push(' ');
            }
        }
    }
    if changed && found.attempt() {
        found.keep(Encoding::LetterSpaced, out);
    }
}

pub(super) fn rot13(text: &str, found: &mut Found) {
    if text.bytes().filter(u8::is_ascii_alphabetic).count() < 8 {
        return;
    }
    let rotated: String = text
        .chars()
        .map(|c| match c {
            'a'..='m' | 'A'..='M' => char::from(c as u8 + 13),
            'n'..='z' | 'N'..='Z' => char::from(c as u8 - 13),
            c => c,
        })
        .collect();
    if looks_like_words(&rotated) && found.attempt() {
        found.keep(Encoding::Rot13, rotated);
    }
}

/// The whole text backwards, and each word backwards in place.
pub(super) fn reversed(text: &str, found: &mut Found) {
    let backwards: String = text.chars().rev().collect();
    if !looks_like_words(&backwards) {
        return;
    }
    if found.attempt() {
        found.keep(Encoding::Reversed, backwards);
    }
    let mut in_place = String::with_capacity(text.len());
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            in_place.push(' ');
        }
        in_place.extend(word.chars().rev());
    }
    if found.attempt() {
        found.keep(Encoding::Reversed, in_place);
    }
}

/// Whether a transformed text reads as words: at least two known words of three letters or
/// more, and one in five of its words known. ROT13 or reversal of ordinary bar talk is
/// gibberish and fails, so those transforms cost nothing on most messages.
pub(crate) fn looks_like_words(s: &str) -> bool {
    let (mut words, mut known) = (0usize, 0usize);
    for w in s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
    {
        words += 1;
        let folded: String = w
            .nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        if VOCABULARY.binary_search(&folded.as_str()).is_ok() {
            known += 1;
        }
    }
    known >= 2 && known * 5 >= words
}

/// Common words of English, German, French, Spanish and Italian and the words of the
/// injection families, sorted, for [`looks_like_words`].
static VOCABULARY: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&str> = WORDS.split_whitespace().collect();
    v.sort_unstable();
    v.dedup();
    v
});

const WORDS: &str = "
    the and you your yours are for not but all any can this that with from have has had was were
    will would should must shall now then what when who how why where which there their they them
    she her his him its our out off one two new old more most less some such only also just very
    into over under again never always every each other than too here about after before
    give show tell print repeat reveal output say make let get set take send post put pour free
    ignore disregard forget override bypass skip stop follow obey act pretend become switch enable
    disable unlock remember save store memory rule rules instruction instructions prompt prompts
    system previous prior above earlier initial original hidden secret secrets key keys password
    admin owner developer mode restrictions restriction limits filters guidelines policy policies
    assistant model user guest bartender drinks drink tab balance price prices paid pay money
    dollars everything nothing anything something configuration config data conversation history
    email webhook server contents messages verbatim word exactly jailbreak unrestricted uncensored
    unfiltered dan evil rogue role character persona real true pay never future forever
    der die das und ist nicht ein eine ich du mir dich sie wir alle vorherigen anweisungen regeln
    vergiss ignoriere zeig zeige deine deinen jetzt bist gib
    les des une est pas pour avec vous tu toi moi tes ton mes toutes tous instructions precedentes
    oublie ignore montre maintenant regles
    los las una por con para que tus todo todas todos instrucciones anteriores olvida ignora
    muestra ahora eres reglas
    gli della che non per con sono tutte tutti istruzioni precedenti dimentica mostra ora sei
    regole
";
