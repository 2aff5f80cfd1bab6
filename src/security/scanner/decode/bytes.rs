//! Byte encodings: hex, binary, base64, base32 and base85 runs inside a message.

use std::sync::LazyLock;

use base64::Engine;
use regex::Regex;

use super::{Encoding, Found, MAX_RUN};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("a decoder pattern is invalid: {e}"))
}

/// Runs of at least 8 hex bytes, optionally spaced or `0x`-prefixed: `69676e…`, `69 67 6e …`,
/// `0x69 0x67 …`.
static HEX: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:0x)?[0-9a-f]{2}(?:[ ,:;-]?(?:0x)?[0-9a-f]{2}){7,}"));
static BINARY: LazyLock<Regex> = LazyLock::new(|| regex(r"[01]{8}(?:[ ,]?[01]{8}){3,}"));
static BASE32: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:[A-Z2-7]{16,}|[a-z2-7]{16,})\b={0,6}"));
static ASCII85_DELIMITED: LazyLock<Regex> = LazyLock::new(|| regex(r"(?s)<~(.*?)~>"));

/// Base32 that ignores the bits past the last whole byte, as a truncated run has them.
static BASE32_LENIENT: LazyLock<data_encoding::Encoding> = LazyLock::new(|| {
    let mut spec = data_encoding::BASE32_NOPAD.specification();
    spec.check_trailing_bits = false;
    spec.encoding()
        .unwrap_or_else(|e| panic!("the base32 specification is invalid: {e}"))
});

fn utf8(bytes: Vec<u8>) -> Option<String> {
    String::from_utf8(bytes).ok()
}

pub(super) fn hex(text: &str, found: &mut Found) {
    for m in HEX.find_iter(text) {
        let run = m.as_str();
        if run.len() > MAX_RUN || !found.attempt() {
            continue;
        }
        let digits: Vec<u8> = run
            .replace("0x", "")
            .replace("0X", "")
            .bytes()
            .filter(u8::is_ascii_hexdigit)
            .collect();
        let even = &digits[..digits.len() & !1];
        if let Some(s) = data_encoding::HEXLOWER_PERMISSIVE
            .decode(even)
            .ok()
            .and_then(utf8)
        {
            found.keep(Encoding::Hex, s);
        }
    }
}

pub(super) fn binary(text: &str, found: &mut Found) {
    for m in BINARY.find_iter(text) {
        let run = m.as_str();
        if run.len() > MAX_RUN || !found.attempt() {
            continue;
        }
        let bits: Vec<u8> = run.bytes().filter(|b| matches!(b, b'0' | b'1')).collect();
        let bytes = bits
            .chunks_exact(8)
            .map(|byte| byte.iter().fold(0u8, |acc, b| (acc << 1) | (b - b'0')))
            .collect();
        if let Some(s) = utf8(bytes) {
            found.keep(Encoding::Binary, s);
        }
    }
}

/// Base64-looking runs (≥ 16 characters with a digit or a capital, standard or URL-safe).
pub(super) fn base64(text: &str, found: &mut Found) {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_');
    for run in text.split(|c: char| !is_b64(c)) {
        if run.len() < 16
            || run.len() > MAX_RUN
            || !run
                .bytes()
                .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        {
            continue;
        }
        if !found.attempt() {
            return;
        }
        let trimmed = run.trim_end_matches('=');
        let decoded = [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(trimmed).ok().and_then(utf8));
        if let Some(s) = decoded {
            found.keep(Encoding::Base64, s);
        }
    }
}

pub(super) fn base32(text: &str, found: &mut Found) {
    for m in BASE32.find_iter(text) {
        let run = m.as_str().trim_end_matches('=');
        if run.len() > MAX_RUN || !found.attempt() {
            continue;
        }
        let mut upper = run.to_ascii_uppercase().into_bytes();
        // A whole number of bytes: lengths 1, 3 and 6 (mod 8) cannot end a base32 text.
        while matches!(upper.len() % 8, 1 | 3 | 6) {
            upper.pop();
        }
        if let Some(s) = BASE32_LENIENT.decode(&upper).ok().and_then(utf8) {
            found.keep(Encoding::Base32, s);
        }
    }
}

/// Ascii85 (`<~…~>` or bare), and bare RFC 1924 and Z85 runs.
pub(super) fn base85(text: &str, found: &mut Found) {
    for c in ASCII85_DELIMITED.captures_iter(text) {
        let body = c.get(1).map_or("", |m| m.as_str());
        if body.len() > MAX_RUN || !found.attempt() {
            continue;
        }
        if let Some(s) = ascii85(body).and_then(utf8) {
            found.keep(Encoding::Base85, s);
        }
    }
    for token in text.split_whitespace() {
        // Shorter than 20 is a word or a price; letters and digits only is base64's; a URL or
        // an e-mail address is what it looks like.
        if token.len() < 20
            || token.len() > MAX_RUN
            || token.starts_with("<~")
            || token.bytes().all(|b| b.is_ascii_alphanumeric())
            || token.contains("://")
            || token.contains('@') && token.contains('.') && !token.contains('{')
        {
            continue;
        }
        for decode in [ascii85, rfc1924, z85] {
            if !found.attempt() {
                return;
            }
            if let Some(s) = decode(token).and_then(utf8)
                && super::mostly_printable(&s)
            {
                found.keep(Encoding::Base85, s);
                break;
            }
        }
    }
}

const RFC1924: &[u8; 85] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
const Z85: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

fn ascii85(s: &str) -> Option<Vec<u8>> {
    decode85(
        s,
        |b| (b'!'..=b'u').contains(&b).then(|| u32::from(b - b'!')),
        true,
    )
}

fn rfc1924(s: &str) -> Option<Vec<u8>> {
    decode85(s, |b| index(RFC1924, b), false)
}

fn z85(s: &str) -> Option<Vec<u8>> {
    decode85(s, |b| index(Z85, b), false)
}

fn index(alphabet: &[u8; 85], b: u8) -> Option<u32> {
    alphabet.iter().position(|&a| a == b).map(|i| i as u32)
}

/// Base85 is one algorithm over three alphabets, and the crates on offer each do one of them
/// and none the short final group Python's encoders write; so it is written out here: groups
/// of five digits are a big-endian u32, a short last group is padded with the top digit, and
/// Ascii85 lets `z` stand for four zero bytes.
fn decode85(s: &str, value: impl Fn(u8) -> Option<u32>, z_shortcut: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 5 * 4 + 4);
    let mut group = [0u32; 5];
    let mut n = 0;
    for b in s.bytes() {
        if b.is_ascii_whitespace() {
            continue;
        }
        if z_shortcut && b == b'z' && n == 0 {
            out.extend_from_slice(&[0; 4]);
            continue;
        }
        group[n] = value(b)?;
        n += 1;
        if n == 5 {
            push_group(&group, 4, &mut out)?;
            n = 0;
        }
    }
    match n {
        0 => {}
        1 => return None,
        _ => {
            group[n..].fill(84);
            push_group(&group, n - 1, &mut out)?;
        }
    }
    Some(out)
}

fn push_group(group: &[u32; 5], take: usize, out: &mut Vec<u8>) -> Option<()> {
    let value = group.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
    let word = u32::try_from(value).ok()?;
    out.extend_from_slice(&word.to_be_bytes()[..take]);
    Some(())
}
