//! Money as whole cents. Floats never touch an amount: a tip of 15 % on $26.00 is computed in
//! integers and rounded half-up, so every figure on screen, in the journal and at Stripe agrees.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money in cents. Negative amounts exist (a balance can be driven below zero by a
/// tip in theory), so this is signed.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not an amount of money (try 12, 12.5 or $12.50)")]
    Invalid(String),
    #[error("'{0}' has more than two decimal places")]
    TooPrecise(String),
    #[error("'{0}' is too large")]
    Overflow(String),
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn from_dollars(dollars: i64) -> Cents {
        Cents(dollars * 100)
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    pub fn checked_mul(self, qty: i64) -> Option<Cents> {
        self.0.checked_mul(qty).map(Cents)
    }

    /// `percent` % of this amount, rounded half-up to the cent (half away from zero).
    pub fn percent(self, percent: u32) -> Option<Cents> {
        let scaled = (self.0 as i128) * (percent as i128);
        let (q, r) = (scaled / 100, scaled % 100);
        let rounded = if r.abs() * 2 >= 100 {
            q + scaled.signum()
        } else {
            q
        };
        i64::try_from(rounded).ok().map(Cents)
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Parse "$12.50", "12.5", "12", "1,000.00", "-3". At most two decimals.
    pub fn parse(input: &str) -> Result<Cents, MoneyError> {
        let invalid = || MoneyError::Invalid(input.to_string());
        let mut s = input.trim();
        let negative = s.starts_with('-');
        if negative {
            s = s[1..].trim_start();
        }
        s = s.strip_prefix('$').unwrap_or(s).trim_start();
        if s.is_empty() {
            return Err(invalid());
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        if whole.is_empty() && frac.is_none_or(str::is_empty) {
            return Err(invalid());
        }
        let whole_digits: String = if whole.contains(',') {
            // Thousands separators must be well formed: 1,000 or 12,345,678.
            let groups: Vec<&str> = whole.split(',').collect();
            let ok = !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return Err(invalid());
            }
            groups.concat()
        } else {
            whole.to_string()
        };
        if !whole_digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let dollars: i64 = if whole_digits.is_empty() {
            0
        } else {
            whole_digits
                .parse()
                .map_err(|_| MoneyError::Overflow(input.to_string()))?
        };
        let cents: i64 = match frac {
            None => 0,
            Some("") => 0,
            Some(f) if !f.bytes().all(|b| b.is_ascii_digit()) => return Err(invalid()),
            Some(f) if f.len() > 2 => return Err(MoneyError::TooPrecise(input.to_string())),
            Some(f) if f.len() == 1 => f.parse::<i64>().map_err(|_| invalid())? * 10,
            Some(f) => f.parse::<i64>().map_err(|_| invalid())?,
        };
        let total = dollars
            .checked_mul(100)
            .and_then(|d| d.checked_add(cents))
            .ok_or_else(|| MoneyError::Overflow(input.to_string()))?;
        Ok(Cents(if negative { -total } else { total }))
    }
}

impl FromStr for Cents {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cents::parse(s)
    }
}

/// "$1,000.00", "-$3.50".
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let (dollars, cents) = (abs / 100, abs % 100);
        let digits = dollars.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        let text = format!("{sign}${grouped}.{cents:02}");
        f.pad(&text)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    /// Saturating: amounts on a bar tab are far from i64 limits, and saturation keeps
    /// display code panic-free. Domain code uses the checked_* methods.
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_sub(rhs.0))
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, |a, b| a + b)
    }
}

/// Serde for amounts people write by hand (config files, `MAYA_*` variables): written back as
/// `"$50.00"`, read from `"$1,000.00"`, `"12.5"`, `50` or `60.00`. A number is read through its
/// decimal text (`60.5` → "60.5" → 6050 cents), so no float arithmetic ever decides an amount
/// and a number with more than two decimals is refused rather than rounded.
pub mod as_text {
    use std::fmt;

    use super::Cents;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(c: &Cents, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(c)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Cents, D::Error> {
        d.deserialize_any(AmountVisitor)
    }

    struct AmountVisitor;

    fn parsed<E: de::Error>(text: &str) -> Result<Cents, E> {
        Cents::parse(text).map_err(E::custom)
    }

    impl Visitor<'_> for AmountVisitor {
        type Value = Cents;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount of money such as \"$50.00\", 50 or 50.00")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Cents, E> {
            parsed(v)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cents, E> {
            parsed(&v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cents, E> {
            parsed(&v.to_string())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cents, E> {
            // `Display` for f64 is the shortest text that reads back as the same number, so
            // 60.0 is "60", 12.34 is "12.34" and 12.345 stays "12.345" (too precise: refused).
            // NaN and infinities become "NaN" / "inf", which do not parse.
            parsed(&v.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_with_grouping() {
        assert_eq!(Cents(100_000).to_string(), "$1,000.00");
        assert_eq!(Cents(1250).to_string(), "$12.50");
        assert_eq!(Cents(5).to_string(), "$0.05");
        assert_eq!(Cents(-350).to_string(), "-$3.50");
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(format!("{:>8}", Cents(500)), "   $5.00");
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(Cents::parse("$12.50"), Ok(Cents(1250)));
        assert_eq!(Cents::parse("12.5"), Ok(Cents(1250)));
        assert_eq!(Cents::parse("12"), Ok(Cents(1200)));
        assert_eq!(Cents::parse(" $1,000.00 "), Ok(Cents(100_000)));
        assert_eq!(Cents::parse(".5"), Ok(Cents(50)));
        assert_eq!(Cents::parse("-3"), Ok(Cents(-300)));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "$",
            "abc",
            "1.2.3",
            "12.345",
            "1,00",
            "1e3",
            "--1",
            "$.",
            "99999999999999999999",
        ] {
            assert!(Cents::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Cents(1300).percent(20), Some(Cents(260)));
        assert_eq!(Cents(10_000).percent(15), Some(Cents(1500)));
        assert_eq!(Cents(2600).percent(15), Some(Cents(390)));
        // 15 % of $0.10 is 1.5 cents: half rounds up.
        assert_eq!(Cents(10).percent(15), Some(Cents(2)));
        // 15 % of $0.03 is 0.45 cents: rounds down.
        assert_eq!(Cents(3).percent(15), Some(Cents(0)));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Amount {
        #[serde(with = "super::as_text")]
        v: Cents,
    }

    fn from_toml(value: &str) -> Result<Cents, String> {
        toml::from_str::<Amount>(&format!("v = {value}"))
            .map(|a| a.v)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn amounts_by_hand_are_text_integers_or_decimals() {
        assert_eq!(from_toml(r#""$1,000.00""#), Ok(Cents(100_000)));
        assert_eq!(from_toml(r#""12.5""#), Ok(Cents(1250)));
        assert_eq!(from_toml("60"), Ok(Cents(6000)));
        assert_eq!(from_toml("60.00"), Ok(Cents(6000)));
        assert_eq!(from_toml("60.5"), Ok(Cents(6050)));
        assert_eq!(from_toml("0.1"), Ok(Cents(10)));
        assert_eq!(from_toml("12.34"), Ok(Cents(1234)));
        assert_eq!(from_toml("1_000"), Ok(Cents(100_000)));
        assert_eq!(from_toml("-5"), Ok(Cents(-500)));
        // Never rounded: a third decimal is an error, as it is in text.
        assert!(
            from_toml("12.345")
                .unwrap_err()
                .contains("more than two decimal")
        );
        for bad in ["nan", "inf", "1e300", "true", "[1]", r#""lots""#] {
            assert!(from_toml(bad).is_err(), "{bad} should be refused");
        }
        // JSON numbers take the same road.
        let a: Amount = serde_json::from_str(r#"{"v": 4.5}"#).unwrap();
        assert_eq!(a.v, Cents(450));
        // Written back as text.
        #[derive(serde::Serialize)]
        struct Out {
            #[serde(with = "super::as_text")]
            v: Cents,
        }
        assert_eq!(
            toml::to_string(&Out { v: Cents(6000) }).unwrap().trim(),
            r#"v = "$60.00""#
        );
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(c in -1_000_000_000_000i64..1_000_000_000_000i64) {
            prop_assert_eq!(Cents::parse(&Cents(c).to_string()), Ok(Cents(c)));
        }

        #[test]
        fn percent_is_within_half_a_cent(c in 0i64..10_000_000_000, p in 0u32..=100) {
            let tip = Cents(c).percent(p).unwrap().0 as i128;
            let exact_times_100 = c as i128 * p as i128;
            prop_assert!((tip * 100 - exact_times_100).abs() <= 50);
        }
    }
}
