//! Plain scalars resolved by the YAML 1.2 core schema, with exact numbers:
//! an integer is an `i64` or an error, a decimal is the exact
//! [`Decimal`] written (`31.98` is 31.98, never the nearest binary float)
//! or an error. Nothing is ever rounded silently.

use rust_decimal::Decimal;

/// A plain scalar resolved by the YAML 1.2 core schema.
#[derive(Debug, PartialEq)]
pub(super) enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer literal outside the i64 range.
    Overflow,
    /// A decimal, exactly as written.
    Dec(Decimal),
    /// A decimal literal that [`Decimal`] cannot hold exactly: more than 28
    /// significant digits or decimal places, or beyond its range.
    Inexact,
    /// `.inf`, `-.inf` or `.nan`: no figure.
    NotFinite,
    Str,
}

/// Resolves a plain scalar: null, boolean, integer (decimal, `0x`, `0o`),
/// decimal (`1.5`, `-2e3`, `.5`, `1.`), the special floats `.inf` and
/// `.nan` (refused as figures), or else text.
pub(super) fn classify(s: &str) -> Plain {
    let b = s.as_bytes();
    match b.first() {
        None => Plain::Null,
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => number(s),
        Some(b'~') if b.len() == 1 => Plain::Null,
        Some(b'n' | b'N') if matches!(s, "null" | "Null" | "NULL") => Plain::Null,
        Some(b't' | b'T') if matches!(s, "true" | "True" | "TRUE") => Plain::Bool(true),
        Some(b'f' | b'F') if matches!(s, "false" | "False" | "FALSE") => Plain::Bool(false),
        _ => Plain::Str,
    }
}

fn number(s: &str) -> Plain {
    let b = s.as_bytes();
    let (negative, unsigned) = match b[0] {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if !unsigned.is_empty() && unsigned.iter().all(u8::is_ascii_digit) {
        // only digits: parse fails on overflow alone
        return s.parse().map_or(Plain::Overflow, Plain::Int);
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8)] {
        if let Some(digits) = s.strip_prefix(prefix)
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_digit(radix))
        {
            return u64::from_str_radix(digits, radix)
                .ok()
                .and_then(|v| i64::try_from(v).ok())
                .map_or(Plain::Overflow, Plain::Int);
        }
    }
    match unsigned {
        b".inf" | b".Inf" | b".INF" => return Plain::NotFinite,
        b".nan" | b".NaN" | b".NAN" if b[0] == b'.' => return Plain::NotFinite,
        _ => {}
    }
    match float_parts(unsigned) {
        Some(parts) => exact(negative, parts).map_or(Plain::Inexact, Plain::Dec),
        None => Plain::Str,
    }
}

/// The pieces of a decimal literal: its digits before and after the point,
/// and its exponent's sign and digits.
struct FloatParts<'a> {
    whole: &'a [u8],
    fraction: &'a [u8],
    exponent_negative: bool,
    exponent: &'a [u8],
}

/// Splits `( . [0-9]+ | [0-9]+ ( . [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, or
/// `None` when `d` is not of that form.
fn float_parts(d: &[u8]) -> Option<FloatParts<'_>> {
    let digits = |from: usize| d[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(0);
    let mut i = whole;
    let mut fraction = (i, i);
    if d.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        fraction = (i + 1, i + 1 + n);
        i += 1 + n;
    }
    if whole == 0 && fraction.0 == fraction.1 {
        return None;
    }
    let mut exponent_negative = false;
    let mut exponent = (i, i);
    if matches!(d.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(d.get(i), Some(b'-' | b'+')) {
            exponent_negative = d[i] == b'-';
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        exponent = (i, i + n);
        i += n;
    }
    (i == d.len()).then(|| FloatParts {
        whole: &d[..whole],
        fraction: &d[fraction.0..fraction.1],
        exponent_negative,
        exponent: &d[exponent.0..exponent.1],
    })
}

/// Most decimal places a [`Decimal`] holds.
const MAX_SCALE: i64 = 28;

/// Most digits of a [`Decimal`]'s 96-bit mantissa (not every 29-digit
/// number fits: the bound is checked on the value).
const MAX_DIGITS: usize = 29;

/// The exact value of a decimal literal, keeping the decimal places as
/// written (`1.50` keeps two) where they fit; `None` when no [`Decimal`]
/// equals it.
fn exact(negative: bool, p: FloatParts<'_>) -> Option<Decimal> {
    // value = digits x 10^-scale
    let mut digits: Vec<u8> = p.whole.iter().chain(p.fraction).copied().collect();
    let exponent = if p.exponent.len() > 6 {
        // Beyond any Decimal unless the digits are all zeros.
        if digits.iter().all(|&c| c == b'0') {
            return Some(Decimal::ZERO);
        }
        return None;
    } else {
        let e: i64 = std::str::from_utf8(p.exponent)
            .ok()
            .and_then(|e| e.parse().ok())
            .unwrap_or(0);
        if p.exponent_negative { -e } else { e }
    };
    let mut scale = p.fraction.len() as i64 - exponent;
    let lead = digits.iter().take_while(|&&c| c == b'0').count();
    digits.drain(..lead);
    if digits.is_empty() {
        return Some(Decimal::new(0, scale.clamp(0, MAX_SCALE) as u32));
    }
    if scale < 0 {
        // Whole number with trailing zeros from the exponent.
        if digits.len() as i64 - scale > MAX_DIGITS as i64 {
            return None;
        }
        digits.extend(std::iter::repeat_n(b'0', (-scale) as usize));
        scale = 0;
    }
    // Drop trailing zeros of the fraction until the value fits.
    while (scale > MAX_SCALE || digits.len() > MAX_DIGITS)
        && scale > 0
        && digits.last() == Some(&b'0')
    {
        digits.pop();
        scale -= 1;
    }
    if scale > MAX_SCALE || digits.len() > MAX_DIGITS {
        return None;
    }
    let mantissa: i128 = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    let mut d = Decimal::try_from_i128_with_scale(mantissa, scale as u32).ok()?;
    if negative {
        d.set_sign_negative(true);
    }
    Some(d)
}

/// The year of a mapping key written as text (`"2023":`, as JSON exports
/// write years): text in the canonical form of a decimal integer
/// (`2023`, `-5`; not `007` or `+5`), so a quoted year and a plain one are
/// the same key.
pub(super) fn integer_key(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let unsigned = b.strip_prefix(b"-").unwrap_or(b);
    match unsigned {
        [b'0'] if unsigned.len() == b.len() => Some(0),
        [b'1'..=b'9', rest @ ..] if rest.iter().all(u8::is_ascii_digit) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimals_are_exactly_what_is_written() {
        for (text, value) in [
            ("31.98", "31.98"),
            ("0.1", "0.1"),
            ("-0.5", "-0.5"),
            (".5", "0.5"),
            ("+.5", "0.5"),
            ("1.", "1"),
            ("1.50", "1.50"),
            ("1e3", "1000"),
            ("-2E3", "-2000"),
            ("1.5e-3", "0.0015"),
            ("12.5e+1", "125"),
            ("0.0", "0.0"),
            ("-0.0", "0.0"),
            ("0e999999999", "0"),
            ("007.5", "7.5"),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            (
                "79228162514264337593543950335.0",
                "79228162514264337593543950335",
            ),
            (
                "1.0000000000000000000000000000000000",
                "1.0000000000000000000000000000",
            ),
        ] {
            let Plain::Dec(d) = classify(text) else {
                panic!("{text}: {:?}", classify(text));
            };
            assert_eq!(d, dec(value), "{text}");
            assert_eq!(d.to_string(), value, "{text}");
        }
        // 0.1 + 0.2 == 0.3 exactly, as published figures add up
        let sum = [classify("0.1"), classify("0.2")]
            .into_iter()
            .map(|p| match p {
                Plain::Dec(d) => d,
                other => panic!("{other:?}"),
            })
            .sum::<Decimal>();
        assert_eq!(sum, dec("0.3"));
    }

    #[test]
    fn a_decimal_no_decimal_holds_exactly_is_refused() {
        for text in [
            "0.12345678901234567890123456789",
            "9234567890.1234567890123456789",
            "79228162514264337593543950336.0",
            "1e29",
            "-1e100",
            "1e-29",
            "1.5e9999999",
            "3.14159265358979323846264338327950288",
        ] {
            assert_eq!(classify(text), Plain::Inexact, "{text}");
        }
        for text in [".inf", "-.Inf", "+.INF", ".nan", ".NaN"] {
            assert_eq!(classify(text), Plain::NotFinite, "{text}");
        }
        // not numbers at all: text
        for text in ["-.nan", "1_000.5", "1e", ".", "1.2.3", "e3", "0x1.5"] {
            assert_eq!(classify(text), Plain::Str, "{text}");
        }
    }

    #[test]
    fn integer_keys_are_canonical_decimal_integers() {
        assert_eq!(integer_key("2023"), Some(2023));
        assert_eq!(integer_key("-5"), Some(-5));
        assert_eq!(integer_key("0"), Some(0));
        for text in [
            "007",
            "+5",
            "-0",
            "",
            "-",
            "20 23",
            "2023.0",
            "99999999999999999999",
        ] {
            assert_eq!(integer_key(text), None, "{text}");
        }
    }
}
