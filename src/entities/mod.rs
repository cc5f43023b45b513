//! Entities: a gazetteer of known tech-news names plus discovery of unknown capitalised names,
//! extracted per article at index time. Pure: no I/O, no tantivy.

pub mod boilerplate;
pub mod extract;
pub mod gazetteer;
pub mod names;
pub mod typer;
pub mod words;

pub use extract::{extract, extract_with, untyped_names, ArticleEntities, EntityCount, Mention};
pub use gazetteer::{Entry, Gazetteer, GazetteerError};

/// What the indexer learns about a corpus before extracting entities from it: the sites'
/// boilerplate, the people it names in full, the organisations it names with a legal form and
/// the authors each source credits.
pub struct Corpus {
    pub boilerplate: boilerplate::Sketch,
    pub surnames: names::Surnames,
    pub orgs: names::OrgNames,
    /// Who each source credits as its authors: on its pages their names are no mentions.
    pub authors: names::Authors,
}

impl Corpus {
    /// Nothing learnt: no boilerplate, no surnames (a single article, a test).
    pub fn empty() -> Corpus {
        Corpus {
            boilerplate: boilerplate::Sketch::with_capacity(0),
            surnames: names::Surnames::default(),
            orgs: names::OrgNames::default(),
            authors: names::Authors::default(),
        }
    }
}

/// Entity types. `Misc` is for discovered names that no rule could type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Org,
    Person,
    Product,
    Place,
    Misc,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Org,
        Kind::Person,
        Kind::Product,
        Kind::Place,
        Kind::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Org => "org",
            Kind::Person => "person",
            Kind::Product => "product",
            Kind::Place => "place",
            Kind::Misc => "misc",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
