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
#[path = "money_tests.rs"]
mod tests;
