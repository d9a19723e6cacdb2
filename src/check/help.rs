//! The help lines of the static checks: every fix patuh suggests, each a
//! template with its typed parts, in one catalogue (to be translated, not
//! hunted for). `advice.rs` chooses which one fits.

use std::fmt;

use thiserror::Error;

/// Names in backticks, at most `max` of them: `` `a`, `b` and 3 more ``.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The names, unquoted.
    pub names: Vec<String>,
    /// How many are shown.
    pub max: usize,
    /// In double quotes (texts of the data) rather than backticks.
    pub texts: bool,
}

impl Listing {
    /// Up to `max` of `names`, in backticks.
    pub fn of(names: Vec<String>, max: usize) -> Listing {
        Listing {
            names,
            max,
            texts: false,
        }
    }

    /// Up to `max` texts of the data, in double quotes.
    pub fn texts(names: Vec<String>, max: usize) -> Listing {
        Listing {
            names,
            max,
            texts: true,
        }
    }
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quote = |n: &String| {
            if self.texts {
                format!("\"{n}\"")
            } else {
                format!("`{n}`")
            }
        };
        let quoted: Vec<String> = self.names.iter().take(self.max).map(quote).collect();
        let rest = self.names.len().saturating_sub(self.max);
        match (quoted.split_last(), rest) {
            (None, _) => f.write_str("none"),
            (Some((last, [])), 0) => f.write_str(last),
            (Some((last, init)), 0) => write!(f, "{} and {last}", init.join(", ")),
            (Some(_), n) => write!(f, "{} and {n} more", quoted.join(", ")),
        }
    }
}

/// A help line of the static checks.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Help {
    // ---- names
    /// A name close to the one written.
    #[error("did you mean `{0}`?")]
    DidYouMean(String),
    /// A text of the data close to the one written.
    #[error("did you mean \"{meant}\"? the data has {has}")]
    DidYouMeanText {
        /// The text meant.
        meant: String,
        /// The texts the data has.
        has: Listing,
    },
    /// The texts the data has.
    #[error("the data has {0}")]
    DataHas(Listing),
    /// The names in scope.
    #[error("the names here are {0}")]
    NamesHere(Listing),
    /// The fields of a record.
    #[error("the fields of `{base}` are {fields}")]
    FieldsOf {
        /// The record, as written.
        base: String,
        /// Its fields.
        fields: Listing,
    },
    /// A function's use, from the function table.
    #[error("`{signature}` gives {doc}, e.g. `{example}`")]
    Usage {
        /// How it is written.
        signature: &'static str,
        /// What it gives.
        doc: &'static str,
        /// An example.
        example: &'static str,
    },
    /// A record without fields.
    #[error("`{0}` has no fields")]
    NoFields(String),
    /// A figure of each year, named where the years are.
    #[error(
        "`{name}` is a figure of each entry of `{years}`: go through them with `for each year in {years}`, or pick one: `{years}[2024].{name}`"
    )]
    FigureOfEachYear {
        /// The figure.
        name: String,
        /// The year-keyed map.
        years: String,
    },
    /// A figure of each year, named on a region.
    #[error(
        "`{name}` is a figure of each entry of `{years}`: pick a year, e.g. `{base}.{years}[2024].{name}`, or go through them with `for each year in {base}.{years}`"
    )]
    FigureOfEachYearOf {
        /// The figure.
        name: String,
        /// The region, as written.
        base: String,
        /// The year-keyed map.
        years: String,
    },
    /// A `for each` variable used before its `for each`.
    #[error(
        "a `for each` variable can be used after its `for each`; move the use, or the `for each` before it"
    )]
    AfterItsForEach,
    /// A `let` used before it.
    #[error("a `let` names a value for the clauses after it; move the `let` before its first use")]
    AfterItsLet,
    /// A `let` that nothing uses.
    #[error("use `{0}` in a later clause, or drop the `let`")]
    UnusedLet(String),
    /// A `let` whose name is taken.
    #[error("give the `let` a name of its own: a name means one thing in a rule")]
    RenameLet,
    /// A comprehension's variable used outside it.
    #[error(
        "`{name}` exists only inside the `{func}(...)` that binds it; use a `for each` to name an item for the whole rule"
    )]
    OnlyInside {
        /// The variable.
        name: String,
        /// The function that binds it.
        func: &'static str,
    },
    /// A `for each` whose variable nothing uses.
    #[error(
        "every item checks the same thing; use the variable in the rule, or drop this `for each` (a name starting with `_` is never reported)"
    )]
    UnusedForEach,
    /// A comprehension whose variable nothing uses.
    #[error(
        "use `{var}` in the condition or the value, e.g. `{func}({var} in ...: {var}.participants.bpu)` (a name starting with `_` is never reported)"
    )]
    UnusedBinder {
        /// The variable.
        var: String,
        /// The function.
        func: &'static str,
    },

    // ---- shapes
    /// A figure where a condition is needed.
    #[error("compare it, e.g. `{0} > 0`, or test that it is there: `{0} exists`")]
    CompareIt(String),
    /// A value where a condition is needed.
    #[error("test that it is there: `{0} exists`")]
    TestIt(String),
    /// A record gone through as a collection, with its path.
    #[error(
        "read its fields by name, e.g. `{text}.{field}`; to go through its entries, declare it `field {path}: map`"
    )]
    ReadOrDeclareMap {
        /// The record, as written.
        text: String,
        /// One of its fields.
        field: String,
        /// How it is declared.
        path: String,
    },
    /// A record gone through as a collection.
    #[error("read its fields by name, e.g. `{0}.field`")]
    ReadFields(String),
    /// A value that is no collection.
    #[error(
        "collections are lists such as `regencies`, year-keyed maps such as `years`, and maps declared `map`"
    )]
    Collections,
    /// A field of a year-keyed map itself.
    #[error(
        "pick a year, e.g. `{text}[2024].{field}`, or go through every year with `for each year in {text}`"
    )]
    PickAYear {
        /// The year-keyed map, as written.
        text: String,
        /// The field.
        field: String,
    },
    /// Looking for a value among records.
    #[error("look among a field of the items, e.g. `{0}.name` or `{0}.code`")]
    AmongField(String),
    /// Looking for a value among items of another type.
    #[error(
        "look for a value among items of its type: a text among texts (`kind in [\"regency\", \"city\"]`), a year among years (`2023 in years`)"
    )]
    AmongItems,
    /// Items of a list of different types.
    #[error(
        "write the items of a list in one type: texts (`[\"regency\", \"city\"]`), years (`[2021, 2023]`), percentages (`[10%, 20%]`)"
    )]
    OneType,
    /// `within` between values that are not numbers.
    #[error(
        "`within 0.5 pp` is in percentage points between percentages; `within 2%` is relative; `within 100` is absolute"
    )]
    Tolerances,

    // ---- literals and units
    /// A plain number for a percentage.
    #[error("write percentages with `%`: `{0}%`")]
    WritePercent(String),
    /// A plain number for rupiah.
    #[error("write amounts of money with `Rp`: `Rp {0}`")]
    WriteRupiah(String),
    /// A percentage with a count.
    #[error(
        "a percentage compares with a percentage: divide first, e.g. `participants.bpu / informal_workers >= 30%`"
    )]
    DivideFirst,
    /// Rupiah for a figure that is not money.
    #[error("this value is not an amount of money; write the number alone: `{0}`")]
    NotMoney(String),
    /// A number in quotes.
    #[error("write the number without quotes: `{0}`")]
    Unquote(String),
    /// `"true"` for a condition.
    #[error("write `{0}` without quotes")]
    UnquoteBool(String),
    /// A number for a text.
    #[error("text is written in quotes: `\"{0}\"`")]
    Quote(String),
    /// A literal compared with a condition.
    #[error("a condition is compared with `true` or `false`, or used alone")]
    ConditionLiteral,
    /// Any other literal of the wrong type.
    #[error("write a literal of the same type: a number, `30%`, `Rp 16_800`, `\"text\"` or `true`")]
    SameType,
    /// A data field that holds percentages, undeclared.
    #[error(
        "if `{leaf}` holds percentages, declare it: `field {path}: percent` (or `ratio` for fractions)"
    )]
    DeclarePercent {
        /// The field's name.
        leaf: String,
        /// How it is declared.
        path: String,
    },
    /// A data field that holds rupiah, undeclared.
    #[error("if `{leaf}` is an amount of money, declare it: `field {path}: rupiah`")]
    DeclareRupiah {
        /// The field's name.
        leaf: String,
        /// How it is declared.
        path: String,
    },
    /// Arithmetic on true or false.
    #[error(
        "true or false values are not numbers: combine conditions with `and` / `or`, or count them with `count(x in ... where ...)`"
    )]
    BoolsAreNotNumbers,
    /// Arithmetic on a data field that holds text.
    #[error("text is not a number; if `{0}` holds figures, write them without quotes in the data")]
    TextInData(String),
    /// Arithmetic on text.
    #[error("text is not a number: compare text with text")]
    TextIsNotANumber,
    /// Arithmetic on a collection.
    #[error(
        "records, lists and year-keyed maps are not numbers: pick a field or a year, e.g. `years[2024].participants.bpu`"
    )]
    PickAFigure,
    /// Years in arithmetic.
    #[error(
        "a year can be compared with a year or a number, or moved by a number of years (`year - 1`)"
    )]
    Years,
    /// A comparison of different units.
    #[error("compare figures in the same unit")]
    SameUnit,
    /// Rupiah added to something else.
    #[error(
        "rupiah add to rupiah; a count times rupiah is rupiah, e.g. `apbd.funded_workers * premium_monthly`"
    )]
    RupiahAdd,
    /// Different units added.
    #[error("only figures in the same unit add up; a percentage of a count is `30% * workforce`")]
    SameUnitAdds,
    /// Units multiplied or divided.
    #[error(
        "rupiah times a count is rupiah, rupiah over a count is rupiah, a count over a count is a percentage"
    )]
    UnitsMultiply,

    // ---- declarations
    /// One name, two types.
    #[error("a name means the same thing wherever it appears; give one of them another name")]
    OneMeaning,
    /// Fields under a field that is a figure.
    #[error(
        "only records, lists and series have fields; declare it one of them, or drop its fields"
    )]
    DeclareARecord,
    /// A field declared twice.
    #[error("keep one declaration")]
    KeepOne,
    /// A type for a record that has fields.
    #[error("only records, lists and series have fields; keep the fields, or the declaration")]
    FieldsOrType,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            Listing::of(names.clone(), 5).to_string(),
            "`a`, `b` and `c`"
        );
        assert_eq!(
            Listing::of(names.clone(), 2).to_string(),
            "`a`, `b` and 1 more"
        );
        assert_eq!(Listing::of(names[..1].to_vec(), 2).to_string(), "`a`");
        assert_eq!(Listing::texts(names, 1).to_string(), "\"a\" and 2 more");
    }
}
