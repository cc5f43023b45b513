//! What goes wrong with one input file, as the user hears it: the lowest layer, shared by
//! byte decoding (`decode`), the parsers (`article`) and the indexer's reports.

/// A problem found while reading one file. `line` is 1-based; `None` means the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(line: Option<u64>, message: impl Into<String>) -> Self {
        Problem {
            line,
            message: message.into(),
        }
    }
}
