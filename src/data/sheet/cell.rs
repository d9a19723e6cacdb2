//! A cell read in its column's declared type. Nothing is guessed: a `text`
//! column keeps `33.74` as text; a number's separators are read the way
//! the other cells of its column show them (`1.234.567` makes `.` the
//! thousands separator, `31,98` makes `,` the decimal mark), and a number
//! whose one separator could be either (`12.500`) with no such evidence in
//! its column is an error. A spreadsheet number is the value it holds (the
//! shortest decimal that is that binary number, as the spreadsheet shows
//! it), a percentage-formatted one the percentage it shows.

use crate::ast::FieldType;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// What a cell holds, as its reader found it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    /// Text: every CSV cell, a text cell of a workbook.
    Text(Cow<'a, str>),
    /// A workbook's number, and whether its format shows it as a percentage.
    Number { value: f64, percent: bool },
    /// A workbook's boolean.
    Bool(bool),
    /// A workbook's date, as ISO 8601 text.
    Date(String),
    /// A workbook's error value (`#N/A`).
    Error(String),
}

/// A cell's value in the arena's terms.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Typed<'a> {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Str(Cow<'a, str>),
}

/// Why a cell is not a value of its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bad {
    /// Not of the type at all.
    NotOfType,
    /// A number no `i64` or `Decimal` holds exactly.
    TooLong,
}

/// `.` or `,`, as an index into [`Evidence`].
pub(crate) fn sep_index(c: u8) -> usize {
    usize::from(c == b',')
}

/// How a separator was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    Thousands = 0,
    Decimal = 1,
}

/// What one cell's text says about its column's separators.
pub(crate) type Seen = Vec<(u8, Use)>;

/// A cell read in its type.
#[derive(Debug, PartialEq)]
pub(crate) enum Read<'a> {
    /// A value, and what it shows about the column's separators.
    Value(Typed<'a>, Seen),
    /// A number whose only separator could be read either way: the value
    /// read with it as thousands separator, and as decimal mark.
    Ambiguous {
        sep: u8,
        thousands: Result<Typed<'static>, Bad>,
        decimal: Result<Typed<'static>, Bad>,
    },
}

/// What a declared type takes, in words, for messages.
pub(crate) fn expected(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Count => "a whole number",
        FieldType::Year => "a year",
        FieldType::Decimal | FieldType::Ratio => "a number",
        FieldType::Percent => "a percentage",
        FieldType::Rupiah => "an amount in rupiah",
        FieldType::Bool => "true or false",
        FieldType::Text | FieldType::List | FieldType::Series | FieldType::Map => "text",
    }
}

/// Reads a non-empty cell as a value of `ty`.
pub(crate) fn read<'a>(ty: FieldType, value: &'a Value<'_>) -> Result<Read<'a>, Bad> {
    match value {
        Value::Text(text) => read_text(ty, text),
        Value::Number { value, percent } => read_number(ty, *value, *percent),
        Value::Bool(b) => match ty {
            FieldType::Bool => Ok(Read::Value(Typed::Bool(*b), Vec::new())),
            _ => Err(Bad::NotOfType),
        },
        Value::Date(iso) => match ty {
            FieldType::Text => Ok(Read::Value(Typed::Str(Cow::Borrowed(iso)), Vec::new())),
            _ => Err(Bad::NotOfType),
        },
        // Reported as an error cell before typing.
        Value::Error(_) => Err(Bad::NotOfType),
    }
}

fn read_text<'a>(ty: FieldType, text: &'a str) -> Result<Read<'a>, Bad> {
    let t = text.trim();
    match ty {
        FieldType::Text | FieldType::List | FieldType::Series | FieldType::Map => {
            Ok(Read::Value(Typed::Str(Cow::Borrowed(text)), Vec::new()))
        }
        FieldType::Bool => match t.to_ascii_lowercase().as_str() {
            "true" => Ok(Read::Value(Typed::Bool(true), Vec::new())),
            "false" => Ok(Read::Value(Typed::Bool(false), Vec::new())),
            _ => Err(Bad::NotOfType),
        },
        FieldType::Year => plain_integer(t).map(|i| Read::Value(Typed::Int(i), Vec::new())),
        FieldType::Count => numeric(t, true),
        FieldType::Decimal | FieldType::Ratio => numeric(t, false),
        FieldType::Percent => {
            let t = t.strip_suffix('%').map_or(t, str::trim_end);
            numeric(t, false)
        }
        FieldType::Rupiah => {
            let t = strip_rupiah(t);
            numeric(t, false)
        }
    }
}

/// `Rp 16.800`, `Rp16.800`, `Rp. 16.800`, `IDR 16800` -> the number.
fn strip_rupiah(t: &str) -> &str {
    for prefix in ["Rp.", "Rp", "RP", "rp", "IDR"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest.trim_start();
        }
    }
    t
}

/// An integer written with digits only (a year).
fn plain_integer(t: &str) -> Result<i64, Bad> {
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Bad::NotOfType);
    }
    t.parse().map_err(|_| Bad::TooLong)
}

/// A number's sign and digits, `frac` of them after the decimal mark.
#[derive(Debug, PartialEq)]
struct Digits {
    negative: bool,
    digits: String,
    frac: usize,
}

impl Digits {
    fn typed(&self, whole: bool) -> Result<Typed<'static>, Bad> {
        if self.frac == 0 {
            let magnitude: i128 = self.digits.parse().map_err(|_| Bad::TooLong)?;
            let signed = if self.negative { -magnitude } else { magnitude };
            return i64::try_from(signed)
                .map(Typed::Int)
                .map_err(|_| Bad::TooLong);
        }
        if whole {
            return Err(Bad::NotOfType);
        }
        let scale = u32::try_from(self.frac).map_err(|_| Bad::TooLong)?;
        let mantissa: i128 = self.digits.parse().map_err(|_| Bad::TooLong)?;
        let mut d = Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| Bad::TooLong)?;
        d.set_sign_negative(self.negative && !d.is_zero());
        Ok(Typed::Dec(d))
    }
}

/// A number written with `.` and `,` as separators, `whole` when its
/// type takes only whole numbers.
fn numeric(t: &str, whole: bool) -> Result<Read<'static>, Bad> {
    // Most cells are plain whole numbers: read them without the analysis.
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty() && digits.len() < 19 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse()
            .map(|i| Read::Value(Typed::Int(i), Vec::new()))
            .map_err(|_| Bad::TooLong);
    }
    match analyse(t).ok_or(Bad::NotOfType)? {
        Shape::Plain(digits, seen) => Ok(Read::Value(digits.typed(whole)?, seen)),
        Shape::Ambiguous {
            sep,
            thousands,
            decimal,
        } => Ok(Read::Ambiguous {
            sep,
            thousands: thousands.typed(whole),
            decimal: decimal.typed(whole),
        }),
    }
}

enum Shape {
    Plain(Digits, Seen),
    Ambiguous {
        sep: u8,
        thousands: Digits,
        decimal: Digits,
    },
}

/// How `t` uses its separators, or `None` when it is not a number.
fn analyse(t: &str) -> Option<Shape> {
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let b = body.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
    {
        return None;
    }
    let groups: Vec<&str> = body.split(['.', ',']).collect();
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    let seps: Vec<u8> = b.iter().copied().filter(|c| !c.is_ascii_digit()).collect();
    let digits = |gs: &[&str], frac: &str| Digits {
        negative,
        digits: gs.concat() + frac,
        frac: frac.len(),
    };
    let thousands_groups = |gs: &[&str]| {
        gs.first()
            .is_some_and(|g| (1..=3).contains(&g.len()) && !g.starts_with('0'))
            && gs[1..].iter().all(|g| g.len() == 3)
    };
    let n = seps.len();
    match (seps.first(), seps.last()) {
        (None, _) | (_, None) => Some(Shape::Plain(digits(&groups, ""), Vec::new())),
        (Some(&first), Some(&last)) if seps.iter().any(|&c| c != first) => {
            // Both: the last is the decimal mark, once; the other groups thousands.
            let th = first;
            if seps[..n - 1].iter().any(|&c| c != th) || !thousands_groups(&groups[..n]) {
                return None;
            }
            Some(Shape::Plain(
                digits(&groups[..n], groups[n]),
                vec![(th, Use::Thousands), (last, Use::Decimal)],
            ))
        }
        (Some(&c), _) if n >= 2 => thousands_groups(&groups)
            .then(|| Shape::Plain(digits(&groups, ""), vec![(c, Use::Thousands)])),
        (Some(&c), _) => {
            let (int, frac) = (groups[0], groups[1]);
            if frac.len() == 3 && thousands_groups(&groups) {
                Some(Shape::Ambiguous {
                    sep: c,
                    thousands: digits(&groups, ""),
                    decimal: digits(&[int], frac),
                })
            } else {
                Some(Shape::Plain(digits(&[int], frac), vec![(c, Use::Decimal)]))
            }
        }
    }
}

fn read_number<'a>(ty: FieldType, value: f64, percent: bool) -> Result<Read<'a>, Bad> {
    if !value.is_finite() {
        return Err(Bad::NotOfType);
    }
    // Rust writes the shortest decimal that reads back as the same binary
    // number, and never in exponent form: what the spreadsheet shows.
    let shown = format!("{value}");
    let (int, frac) = shown.split_once('.').unwrap_or((&shown, ""));
    let negative = int.starts_with('-');
    let digits = Digits {
        negative,
        digits: format!("{}{frac}", int.trim_start_matches('-')),
        frac: frac.len(),
    };
    let text = |s: String| Ok(Read::Value(Typed::Str(Cow::Owned(s)), Vec::new()));
    match ty {
        FieldType::Text | FieldType::List | FieldType::Series | FieldType::Map => text(shown),
        FieldType::Bool => Err(Bad::NotOfType),
        FieldType::Count | FieldType::Year => Ok(Read::Value(digits.typed(true)?, Vec::new())),
        FieldType::Percent if percent => {
            // A percentage cell holds the ratio: 0.3198 shows as 31.98 %.
            let ratio = match digits.typed(false)? {
                Typed::Int(i) => Decimal::from(i),
                Typed::Dec(d) => d,
                _ => return Err(Bad::NotOfType),
            };
            let pct = ratio
                .checked_mul(Decimal::ONE_HUNDRED)
                .ok_or(Bad::TooLong)?
                .normalize();
            let typed = match i64::try_from(pct) {
                Ok(i) if pct.scale() == 0 => Typed::Int(i),
                _ => Typed::Dec(pct),
            };
            Ok(Read::Value(typed, Vec::new()))
        }
        _ => Ok(Read::Value(digits.typed(false)?, Vec::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn text(ty: FieldType, t: &str) -> Result<Read<'_>, Bad> {
        read_text(ty, t)
    }

    fn value(r: Result<Read<'_>, Bad>) -> Typed<'_> {
        match r {
            Ok(Read::Value(v, _)) => v,
            other => panic!("{other:?}"),
        }
    }

    fn dec(s: &str) -> Typed<'static> {
        Typed::Dec(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn counts_take_plain_and_grouped_whole_numbers() {
        assert_eq!(value(text(FieldType::Count, "12500")), Typed::Int(12500));
        assert_eq!(
            value(text(FieldType::Count, "1.234.567")),
            Typed::Int(1_234_567)
        );
        assert_eq!(
            value(text(FieldType::Count, "1,234,567")),
            Typed::Int(1_234_567)
        );
        assert_eq!(value(text(FieldType::Count, "-5")), Typed::Int(-5));
        assert_eq!(text(FieldType::Count, "12,5"), Err(Bad::NotOfType));
        assert_eq!(text(FieldType::Count, "1.2.3"), Err(Bad::NotOfType));
        assert_eq!(text(FieldType::Count, "abc"), Err(Bad::NotOfType));
        assert_eq!(text(FieldType::Count, "1.23.456"), Err(Bad::NotOfType));
        assert_eq!(
            text(FieldType::Count, "99999999999999999999"),
            Err(Bad::TooLong)
        );
        // one separator before three digits: either reading, decided by the column
        let Ok(Read::Ambiguous {
            sep,
            thousands,
            decimal,
        }) = text(FieldType::Count, "12.500")
        else {
            panic!("ambiguous");
        };
        assert_eq!(sep, b'.');
        assert_eq!(thousands, Ok(Typed::Int(12500)));
        assert_eq!(decimal, Err(Bad::NotOfType));
    }

    #[test]
    fn percentages_rupiah_and_decimals_are_exact() {
        assert_eq!(value(text(FieldType::Percent, "31,98")), dec("31.98"));
        assert_eq!(value(text(FieldType::Percent, "31,98%")), dec("31.98"));
        assert_eq!(value(text(FieldType::Percent, "31.98 %")), dec("31.98"));
        assert_eq!(value(text(FieldType::Percent, "30")), Typed::Int(30));
        assert_eq!(
            value(text(FieldType::Rupiah, "Rp 16.800,00")),
            dec("16800.00")
        );
        assert_eq!(value(text(FieldType::Rupiah, "16800")), Typed::Int(16800));
        assert!(matches!(
            text(FieldType::Rupiah, "Rp 16.800"),
            Ok(Read::Ambiguous { .. })
        ));
        assert_eq!(value(text(FieldType::Decimal, "0,5")), dec("0.5"));
        assert_eq!(value(text(FieldType::Decimal, "0.500")), dec("0.500"));
        let Ok(Read::Value(_, seen)) = text(FieldType::Rupiah, "1.234.567,5") else {
            panic!("a value");
        };
        assert_eq!(seen, vec![(b'.', Use::Thousands), (b',', Use::Decimal)]);
    }

    #[test]
    fn text_stays_text_and_booleans_are_words() {
        assert_eq!(
            value(text(FieldType::Text, "33.74")),
            Typed::Str("33.74".into())
        );
        assert_eq!(value(text(FieldType::Bool, "TRUE")), Typed::Bool(true));
        assert_eq!(value(text(FieldType::Bool, "false")), Typed::Bool(false));
        assert_eq!(text(FieldType::Bool, "ya"), Err(Bad::NotOfType));
        assert_eq!(text(FieldType::Bool, "1"), Err(Bad::NotOfType));
        assert_eq!(
            text(FieldType::Year, "2023"),
            Ok(Read::Value(Typed::Int(2023), vec![]))
        );
        assert_eq!(text(FieldType::Year, "2.023"), Err(Bad::NotOfType));
    }

    #[test]
    fn workbook_numbers_are_the_values_they_hold() {
        let n = |v, percent| Value::Number { value: v, percent };
        assert_eq!(
            value(read(FieldType::Percent, &n(0.3198, true))),
            dec("31.98")
        );
        assert_eq!(
            value(read(FieldType::Percent, &n(31.98, false))),
            dec("31.98")
        );
        assert_eq!(
            value(read(FieldType::Percent, &n(0.3, true))),
            Typed::Int(30)
        );
        assert_eq!(
            value(read(FieldType::Count, &n(12500.0, false))),
            Typed::Int(12500)
        );
        assert_eq!(read(FieldType::Count, &n(12.5, false)), Err(Bad::NotOfType));
        assert_eq!(
            value(read(FieldType::Text, &n(72.0, false))),
            Typed::Str("72".into())
        );
        assert_eq!(value(read(FieldType::Decimal, &n(0.1, false))), dec("0.1"));
        assert_eq!(
            value(read(FieldType::Text, &Value::Date("2023-11-14".into()))),
            Typed::Str("2023-11-14".into())
        );
        assert_eq!(
            read(FieldType::Count, &Value::Date("2023-11-14".into())),
            Err(Bad::NotOfType)
        );
    }
}
