//! The one place that names index fields.
//!
//! One tantivy document per passage. Every passage carries its article's id and metadata, so a
//! hit can be printed without a second lookup, and `article_id` (a fast field) lets facets and
//! totals count distinct articles rather than passages.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::Index;

/// Bumped whenever the schema or the meaning of a field changes; an index written with another
/// version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

/// Tokenizer for keyword fields matched case-insensitively (source).
pub const LOWER_RAW: &str = "byline_lower_raw";

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Hash of (file key, record number): identifies an article.
    pub article_id: Field,
    /// The file's key (its absolute path; see `index::walk::path_key`): deletes go by this term.
    pub path: Field,
    /// 1-based record number inside a JSON / JSON Lines file; absent otherwise.
    pub record: Field,
    /// 0-based position of the passage in its article.
    pub ordinal: Field,
    /// Number of passages in the article.
    pub passages: Field,
    pub text: Field,
    pub title: Field,
    pub title_derived: Field,
    pub date: Field,
    pub source: Field,
    pub url: Field,
    pub author: Field,
    pub tags: Field,
    /// Entity facets (`/org/Microsoft`), filled by entity extraction.
    pub entities: Field,
    /// Hash of the article's normalised text: equal hashes are duplicate articles.
    pub body_hash: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let words = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default()
        .set_stored()
        .set_fast(LOWER_RAW)
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(LOWER_RAW)
                .set_index_option(IndexRecordOption::Basic),
        );
    let id = NumericOptions::default().set_indexed().set_stored().set_fast();
    let fields = Fields {
        article_id: b.add_u64_field("article_id", id.clone()),
        path: b.add_text_field("path", STRING | STORED),
        record: b.add_u64_field("record", STORED),
        ordinal: b.add_u64_field("ordinal", id.clone()),
        passages: b.add_u64_field("passages", STORED),
        text: b.add_text_field("text", stemmed.clone()),
        title: b.add_text_field("title", stemmed),
        title_derived: b.add_bool_field("title_derived", STORED),
        date: b.add_date_field(
            "date",
            DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
        ),
        source: b.add_text_field("source", keyword),
        url: b.add_text_field("url", STORED),
        author: b.add_text_field("author", words.clone()),
        tags: b.add_text_field("tags", words),
        entities: b.add_facet_field("entities", FacetOptions::default().set_stored()),
        body_hash: b.add_u64_field("body_hash", id),
    };
    (b.build(), fields)
}

/// Register byline's tokenizers on an index (needed both to write and to search).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        LOWER_RAW,
        TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build(),
    );
    index.fast_field_tokenizer().register(
        LOWER_RAW,
        TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build(),
    );
}

/// Look the fields up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        article_id: f("article_id")?,
        path: f("path")?,
        record: f("record")?,
        ordinal: f("ordinal")?,
        passages: f("passages")?,
        text: f("text")?,
        title: f("title")?,
        title_derived: f("title_derived")?,
        date: f("date")?,
        source: f("source")?,
        url: f("url")?,
        author: f("author")?,
        tags: f("tags")?,
        entities: f("entities")?,
        body_hash: f("body_hash")?,
    })
}
