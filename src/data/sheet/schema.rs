//! What each column of a sheet is, from the rules' `field` declarations:
//! the long-table convention (README, "Spreadsheets") names the identity
//! columns, and every other column is a declared field of a region
//! (`code`) or of a year's entry (`participants.bpu` for the declaration
//! `field years.participants.bpu: count`). A cell is read in its column's
//! declared type, so a sheet can only be read once the rules are parsed.

use crate::ast::{FieldType, RuleFile};

/// A level of the region hierarchy, and its identity column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Level {
    Province,
    Regency,
    District,
    Village,
}

impl Level {
    pub(crate) const ALL: [Level; 4] = [
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ];

    /// The identity column.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Regency => "regency",
            Level::District => "district",
            Level::Village => "village",
        }
    }

    /// The key a region of this level keeps its name under.
    pub(crate) fn name_key(self) -> &'static str {
        match self {
            Level::Province => "province",
            _ => "name",
        }
    }

    /// The list that holds the regions of the level below.
    pub(crate) fn children_key(self) -> Option<&'static str> {
        match self {
            Level::Province => Some("regencies"),
            Level::Regency => Some("districts"),
            Level::District => Some("villages"),
            Level::Village => None,
        }
    }

    /// The level below.
    pub(crate) fn below(self) -> Option<Level> {
        match self {
            Level::Province => Some(Level::Regency),
            Level::Regency => Some(Level::District),
            Level::District => Some(Level::Village),
            Level::Village => None,
        }
    }
}

/// The column of a rule test's annotations (`*.test.csv`).
pub const ANNOTATIONS: &str = "expect";

/// The key of a region's year-keyed figures.
pub(crate) const YEARS: &str = "years";

/// The key of a province's source register.
pub(crate) const SOURCES: &str = "sources";

/// The columns of a source register besides `province` and `id`.
pub(crate) const SOURCE_FIELDS: [&str; 4] = ["title", "publisher", "date", "url"];

/// What a column of a table of figures is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Role {
    /// The name of the region at a level.
    Level(Level),
    /// The year of the row's figures.
    Year,
    /// A field of the region itself (`code`, `kind`), the same on every
    /// row of the region.
    Region { key: Box<str>, ty: FieldType },
    /// A figure of the year's entry: its path (`participants`, `bpu`).
    Figure {
        path: Box<[Box<str>]>,
        ty: FieldType,
    },
}

/// What a column of a source register is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceRole {
    /// The province the source belongs to.
    Province,
    /// The source's key in `sources`.
    Id,
    /// One of [`SOURCE_FIELDS`].
    Field(&'static str),
}

/// What a declared column of a table of figures holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A field of the region itself (`code`).
    Region,
    /// A figure of a year (`participants.bpu`).
    Figure,
}

/// The declared fields a sheet's columns can be, from the rule files.
#[derive(Clone, Debug, Default)]
pub struct SheetSchema {
    /// Fields of a region that a column can give (declared without a dot).
    region: Vec<(String, FieldType)>,
    /// Fields of a year's entry (declared through `years.`), by dotted path.
    year: Vec<(String, FieldType)>,
    /// Whether every rule file parsed: when one did not, a column that no
    /// declaration names is not reported (it may be declared there).
    complete: bool,
    /// Whether an `expect` column holds a rule test's annotations (read
    /// by `patuh test`, not data).
    annotations: bool,
}

impl SheetSchema {
    /// The columns the declarations of `rules` allow; `complete`: whether
    /// every rule file parsed.
    pub fn new(rules: &[RuleFile], complete: bool) -> Self {
        let mut schema = SheetSchema {
            complete,
            ..SheetSchema::default()
        };
        for decl in rules.iter().flat_map(|f| &f.fields) {
            let ty = decl.ty.node;
            if matches!(ty, FieldType::List | FieldType::Series | FieldType::Map) {
                continue;
            }
            let parts: Vec<&str> = decl.path.iter().map(|p| p.node.as_str()).collect();
            match parts[..] {
                [name] if !is_identity(name) => schema.region.push((name.to_owned(), ty)),
                [YEARS, ref rest @ ..] if !rest.is_empty() => {
                    schema.year.push((rest.join("."), ty));
                }
                _ => {}
            }
        }
        schema
    }

    /// The same, for rule tests (`*.test.csv`): an `expect` column holds
    /// annotations and is not data.
    pub fn for_rule_tests(self) -> Self {
        SheetSchema {
            annotations: true,
            ..self
        }
    }

    /// Whether the column `header` holds a rule test's annotations.
    pub(crate) fn is_annotation(&self, header: &str) -> bool {
        self.annotations && header == ANNOTATIONS
    }

    /// Whether a column no declaration names is an error (see `complete`).
    pub(crate) fn complete(&self) -> bool {
        self.complete
    }

    /// What the column `header` of a table of figures is.
    pub(crate) fn role(&self, header: &str) -> Option<Role> {
        if let Some(level) = Level::ALL.iter().find(|l| l.column() == header) {
            return Some(Role::Level(*level));
        }
        if header == "year" {
            return Some(Role::Year);
        }
        // A name declared for a region and for a year's entry (`source`)
        // is the year's column: a row is a region and a year.
        if let Some((p, ty)) = self.year.iter().find(|(p, _)| p == header) {
            return Some(Role::Figure {
                path: p.split('.').map(Into::into).collect(),
                ty: *ty,
            });
        }
        self.region
            .iter()
            .find(|(k, _)| k == header)
            .map(|(key, ty)| Role::Region {
                key: key.as_str().into(),
                ty: *ty,
            })
    }

    /// Whether `header` is a column of a region's own field or of a
    /// year's figure, as declared (`None`: neither).
    pub fn column_kind(&self, header: &str) -> Option<ColumnKind> {
        match self.role(header)? {
            Role::Region { .. } => Some(ColumnKind::Region),
            Role::Figure { .. } => Some(ColumnKind::Figure),
            Role::Level(_) | Role::Year => None,
        }
    }

    /// Every column name a table of figures can have, for "did you mean".
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        Level::ALL
            .iter()
            .map(|l| l.column())
            .chain(["year"])
            .chain(self.region.iter().map(|(k, _)| k.as_str()))
            .chain(self.year.iter().map(|(k, _)| k.as_str()))
    }
}

/// Fields that identity columns give: a region's name.
fn is_identity(name: &str) -> bool {
    matches!(name, "province" | "name")
}

/// What the column `header` of a source register is.
pub(crate) fn source_role(header: &str) -> Option<SourceRole> {
    match header {
        "province" => Some(SourceRole::Province),
        "id" => Some(SourceRole::Id),
        _ => SOURCE_FIELDS
            .iter()
            .find(|f| **f == header)
            .map(|f| SourceRole::Field(f)),
    }
}

/// Every column a source register can have.
pub(crate) fn source_names() -> impl Iterator<Item = &'static str> {
    ["province", "id"].into_iter().chain(SOURCE_FIELDS)
}
