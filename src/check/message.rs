//! The messages and labels of the static checks, each a template with its
//! typed parts, in one catalogue; the help lines are in `help.rs`.

use std::fmt;

use thiserror::Error;

use crate::ast::FieldType;

/// Where a name was looked for, for the label under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum Nowhere {
    /// A bare name, with data.
    #[error("not a variable, and no data file or `field` has it here")]
    NameInData,
    /// A field, with data.
    #[error("no data file has it here, and no `field` declares it")]
    FieldInData,
    /// A bare name, without data.
    #[error("not a variable, and no `field` declares it")]
    NameDeclared,
    /// A field, without data.
    #[error("no `field` declares it here")]
    FieldDeclared,
}

/// Two operands that do not go together.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Mismatch {
    /// `a + b`.
    #[error("cannot add {lhs} and {rhs}")]
    Add {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
    /// `a - b`.
    #[error("cannot subtract {rhs} from {lhs}")]
    Sub {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
    /// `a * b`.
    #[error("cannot multiply {lhs} by {rhs}")]
    Mul {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
    /// `a / b`.
    #[error("cannot divide {lhs} by {rhs}")]
    Div {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
    /// `a and b` of numbers.
    #[error("cannot combine {lhs} and {rhs}")]
    Combine {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
    /// `x in C`.
    #[error("cannot look for {lhs} among {rhs}")]
    Member {
        /// What is looked for.
        lhs: String,
        /// Where.
        rhs: String,
    },
    /// `a < b`.
    #[error("cannot compare {lhs} with {rhs}")]
    Compare {
        /// The left operand's type.
        lhs: String,
        /// The right operand's type.
        rhs: String,
    },
}

/// What a value of the wrong type was needed for.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum WrongType {
    /// `require x` with a figure.
    #[error("{context} needs a condition, but `{text}` is {found}")]
    NotCondition {
        /// `` `require` `` or `` `where` ``.
        context: &'static str,
        /// The value, as written.
        text: String,
        /// What it is.
        found: String,
    },
    /// `for each x in name`.
    #[error("{context} needs a collection, but `{text}` is {found}")]
    NotCollection {
        /// A `for each`, or the function.
        context: Binder,
        /// The value, as written.
        text: String,
        /// What it is.
        found: String,
    },
    /// An operand or an argument of the wrong type.
    #[error("{needed}, but `{text}` is {found}")]
    Needs {
        /// What was needed.
        needed: Needed,
        /// The value, as written.
        text: String,
        /// What it is.
        found: String,
    },
    /// `regencies.code.x`.
    #[error("the items of `{text}` are {found}, which have no fields")]
    ItemsHaveNoFields {
        /// The list, as written.
        text: String,
        /// What its items are.
        found: String,
    },
    /// `years.participants`.
    #[error("`{text}` is keyed by year, so it has no field `{field}`")]
    SeriesField {
        /// The year-keyed map, as written.
        text: String,
        /// The field.
        field: String,
    },
    /// `name.x`.
    #[error("`{text}` is {found}, which has no fields")]
    NoFields {
        /// The value, as written.
        text: String,
        /// What it is.
        found: String,
    },
    /// `a == b within 1` between texts.
    #[error("`within {tolerance}` needs numbers, but the comparison is of {found}")]
    ToleranceOnNonNumbers {
        /// The tolerance, as written.
        tolerance: String,
        /// What the operands are.
        found: String,
    },
}

/// What binds a variable, or goes through a collection: a `for each`, or
/// a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum Binder {
    /// `for each`.
    #[error("`for each`")]
    ForEach,
    /// A function: `sum`, `count`.
    #[error("`{0}`")]
    Function(&'static str),
    /// A comprehension, as the label where its variable is bound says it.
    #[error("`{0}(...)`")]
    Comprehension(&'static str),
    /// A `let`.
    #[error("`let`")]
    Let,
    /// `x in COLLECTION`.
    #[error("`in`")]
    Member,
}

/// Whose items a name was looked for among.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ItemsOf {
    /// `documents["..."]`.
    #[error("loaded document")]
    Documents,
    /// `regencies["..."]`.
    #[error("item of `{0}`")]
    List(String),
}

/// The second label of a name a `let` takes.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ShadowLabel {
    /// The variable of that name.
    #[error("bound here")]
    Bound,
    /// A `for each` whose items have the field.
    #[error("its items have a field `{0}`")]
    ItemsHave(String),
}

/// What a `let` would hide.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Shadow {
    /// A field of a subject in scope.
    #[error("`let {0}` would hide the field `{0}`")]
    Field(String),
    /// A variable of the rule.
    #[error("`{0}` is already a variable of this rule")]
    Variable(String),
    /// The built-in collection of documents.
    #[error("`let documents` would hide the collection of every loaded document")]
    Documents,
}

/// What an operator or a function needs.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Needed {
    /// `-x`.
    #[error("`-` needs a number")]
    Negation,
    /// `not x`.
    #[error("`not` needs a condition")]
    Not,
    /// `a and b`, `a or b`.
    #[error("`{0}` needs conditions")]
    Conditions(&'static str),
    /// `a + b` ...
    #[error("`{0}` needs numbers")]
    Numbers(&'static str),
    /// `abs(x)`.
    #[error("`{0}` needs a number")]
    Number(&'static str),
    /// `starts_with(x, ...)` of a figure.
    #[error("`{0}` needs text")]
    Text(&'static str),
    /// `at_least(n, ...)`, `round(x, n)`.
    #[error("`{0}` needs a whole number")]
    WholeNumber(&'static str),
    /// `key(e)`.
    #[error("`{0}` needs an entry of a year-keyed map or of a map")]
    Entry(&'static str),
    /// `change(x, 2022)`.
    #[error("`{0}` compares with `previous` or `prior`")]
    Neighbour(&'static str),
    /// A function whose type rule refuses its argument.
    #[error("`{0}` does not apply to it")]
    Refused(&'static str),
    /// A comprehension whose type rule refuses its values.
    #[error("`{func}` does not apply to {values}")]
    RefusedAll {
        /// The function.
        func: &'static str,
        /// What the values are (plural).
        values: &'static str,
    },
    /// `sum(r in s: r.name)`.
    #[error("`{0}` needs a number for each item")]
    EachNumber(&'static str),
    /// `every(r in s: r.code)`.
    #[error("`{0}` needs a condition for each item")]
    EachCondition(&'static str),
    /// `years["x"]`.
    #[error("a year-keyed map is indexed by a year")]
    YearKey,
    /// `regencies["x"]`.
    #[error("a list is indexed by a position (0, 1, ...)")]
    Position,
    /// `name[0]`.
    #[error("only lists and year-keyed maps have entries")]
    Entries,
}

impl Needed {
    /// The function that needed it, if a function did.
    pub fn function(&self) -> Option<&'static str> {
        match self {
            Needed::Number(f)
            | Needed::Text(f)
            | Needed::WholeNumber(f)
            | Needed::Entry(f)
            | Needed::Neighbour(f)
            | Needed::Refused(f)
            | Needed::EachNumber(f)
            | Needed::EachCondition(f)
            | Needed::RefusedAll { func: f, .. } => Some(f),
            Needed::Negation
            | Needed::Not
            | Needed::Conditions(_)
            | Needed::Numbers(_)
            | Needed::YearKey
            | Needed::Position
            | Needed::Entries => None,
        }
    }
}

/// The label under a value of the wrong type.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum WrongLabel {
    /// What it is.
    #[error("{0}")]
    Is(String),
    /// A field it does not have.
    #[error("no field `{field}` in {found}")]
    NoField {
        /// The field.
        field: String,
        /// What it is.
        found: String,
    },
    /// The operands of a comparison.
    #[error("the operands are {0}")]
    Operands(String),
}

/// Two declarations that cannot both hold.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Conflict {
    /// `field coverage: percent` and `field coverage: ratio`.
    #[error("`{name}` is declared `{first}` and `{second}`")]
    TwoTypes {
        /// The name.
        name: String,
        /// The first type.
        first: &'static str,
        /// The second type.
        second: &'static str,
    },
    /// `field coverage: percent` and `field coverage.x: count`.
    #[error("`{path}` is declared `{ty}` and has fields")]
    FigureWithFields {
        /// The field.
        path: String,
        /// Its type.
        ty: &'static str,
    },
    /// The same field twice.
    #[error("field `{path}` is declared twice")]
    Twice {
        /// The field.
        path: String,
    },
    /// `field apbd.x: count` and then `field apbd: percent`.
    #[error("`{path}` has fields and is declared `{ty}`")]
    FieldsThenType {
        /// The field.
        path: String,
        /// The type.
        ty: &'static str,
    },
}

/// The label of a declaration in a [`Conflict`].
#[derive(Clone, Debug, PartialEq, Error)]
pub enum DeclLabel {
    /// Declared with a type.
    #[error("declared `{0}` here")]
    Declared(&'static str),
    /// Declared again.
    #[error("declared `{0}` again here")]
    DeclaredAgain(&'static str),
    /// Given a field by a dotted declaration.
    #[error("gives `{0}` a field here")]
    GivesField(String),
    /// Made a record by its fields.
    #[error("given fields here")]
    GivenFields,
}

/// What a field of the data is declared to hold.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum DataHead {
    /// A declared type.
    #[error("`{field}` is declared `{ty}`")]
    Declared {
        /// The field's path.
        field: String,
        /// Its type.
        ty: &'static str,
    },
    /// A record made by dotted declarations.
    #[error("`{field}` is a record of fields")]
    Record {
        /// The field's path.
        field: String,
    },
    /// The items of a list, or the entries of a series.
    #[error("{elements} of `{field}` are records of fields")]
    Elements {
        /// `the items`, `the entries`.
        elements: &'static str,
        /// The field's path.
        field: String,
    },
}

/// How to write a value of a declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum Fix {
    /// A declared type.
    #[error("{}", fix_for(*.0))]
    Type(FieldType),
    /// A record.
    #[error("write a map of its fields")]
    Record,
    /// The items of a list.
    #[error("write each as a map of fields, e.g. `- name: Kota Palu`")]
    ListItems,
    /// The entries of a series.
    #[error("key a map of figures by year, e.g. `2024: {{ workforce: 1000 }}`")]
    SeriesEntries,
}

/// How to write a value of type `t`.
fn fix_for(t: FieldType) -> &'static str {
    match t {
        FieldType::Count => "write a whole number, e.g. `90000`",
        FieldType::Decimal => "write a number, e.g. `12.5`",
        FieldType::Percent => "write the percentage as a number, e.g. `31.98` for 31.98 %",
        FieldType::Ratio => "write the fraction as a number, e.g. `0.3198` for 31.98 %",
        FieldType::Rupiah => "write the amount as a number of rupiah, e.g. `16800`",
        FieldType::Year => "write the year as a number, e.g. `2024`",
        FieldType::Text => "quote it, e.g. `code: \"72\"`",
        FieldType::Bool => "write `true` or `false`",
        FieldType::List => "write a list, one `- ` item per line",
        FieldType::Series => "key the figures by year, e.g. `2024: { ... }`",
        FieldType::Map => "write a map of fields",
    }
}

/// The help of a data-type error: the fix, how many more values are like
/// it, and where the declaration is.
#[derive(Clone, Debug, PartialEq)]
pub struct DataFix {
    /// How to write the value.
    pub fix: Fix,
    /// Values like it besides this one.
    pub more: u32,
    /// The declaration's file and line.
    pub declared_at: Option<(String, usize)>,
}

impl fmt::Display for DataFix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.fix)?;
        match self.more {
            0 => {}
            1 => f.write_str("; 1 more value like this")?,
            n => write!(f, "; {n} more values like this")?,
        }
        if let Some((file, line)) = &self.declared_at {
            write!(f, "; declared at `{file}:{line}`")?;
        }
        Ok(())
    }
}
