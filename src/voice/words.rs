//! Numbers as English words, for reading prices aloud: "$13.00" is "thirteen dollars", not
//! "dollar thirteen point zero zero" (what espeak-ng makes of it).
//!
//! Hand-written rather than a crate: Maya needs whole numbers below a trillion in English
//! only, which is these forty lines; the number-to-words crates carry every language and big
//! integers with them.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(u64, &str); 3] = [
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
    (1_000, "thousand"),
];

/// `n` in words: 1,250 is "one thousand two hundred fifty". `None` from a trillion up,
/// which is left to the engine as digits.
pub fn number(n: u64) -> Option<String> {
    if n >= 1_000_000_000_000 {
        return None;
    }
    if n == 0 {
        return Some(ONES[0].to_string());
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (scale, name) in SCALES {
        if rest >= scale {
            parts.push(format!("{} {name}", below_thousand(rest / scale)));
            rest %= scale;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    Some(parts.join(" "))
}

fn below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut out = String::new();
    if hundreds > 0 {
        out.push_str(ONES[hundreds as usize]);
        out.push_str(" hundred");
    }
    if rest > 0 {
        if !out.is_empty() {
            out.push(' ');
        }
        if rest < 20 {
            out.push_str(ONES[rest as usize]);
        } else {
            out.push_str(TENS[(rest / 10) as usize]);
            if rest % 10 > 0 {
                out.push('-');
                out.push_str(ONES[(rest % 10) as usize]);
            }
        }
    }
    out
}

/// An amount of money in words: "thirteen dollars", "twelve dollars and fifty cents",
/// "one dollar", "fifty cents".
pub fn money(dollars: u64, cents: u64) -> Option<String> {
    let unit = |n: u64, one: &str, many: &str| -> Option<String> {
        Some(format!(
            "{} {}",
            number(n)?,
            if n == 1 { one } else { many }
        ))
    };
    Some(match (dollars, cents) {
        (d, 0) => unit(d, "dollar", "dollars")?,
        (0, c) => unit(c, "cent", "cents")?,
        (d, c) => format!(
            "{} and {}",
            unit(d, "dollar", "dollars")?,
            unit(c, "cent", "cents")?
        ),
    })
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
