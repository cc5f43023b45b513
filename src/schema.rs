//! The one place that names index fields.
//!
//! One tantivy document per passage. Every passage carries what filters, facets and ranking need
//! per passage: its article's id (a fast field, so facets and totals count distinct articles),
//! its ordinal, its text, the date and source (fast fields), the entities it mentions, and the
//! file term used for deletes. The rest of the article's metadata (title for display, path,
//! URL, author, tags, record number, passage count, the article's entities with mention counts)
//! is stored once, on the article's first passage (ordinal 0).
//!
//! An article's passages are consecutive documents of one segment (the writer adds them in
//! one go and merges keep their order), so a passage's first passage is `doc - ordinal`.
//! A reader finds an article's first passage with the term query `article_id = ID` (indexed),
//! keeping the hit whose `ordinal` fast field is 0.

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, STORED,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Index, IndexSettings, SegmentReader};

/// Bumped whenever the schema or the meaning of a field changes; an index written with a
/// version outside [`READS_SCHEMA_VERSIONS`] must be rebuilt.
///
/// 6: the per-passage values that fast columns hold already (article id, ordinal, date,
/// source, body hash) are no longer stored, and new indexes compress their document store
/// with zstd. Readers take those values from the fast columns, which version 5 has too.
pub const SCHEMA_VERSION: u32 = 6;

/// The schema versions this byline reads (and adds to: an index keeps the schema and document
/// store settings it was created with).
pub const READS_SCHEMA_VERSIONS: std::ops::RangeInclusive<u32> = 5..=SCHEMA_VERSION;

/// Tokenizer for keyword fields matched case-insensitively (source).
pub const LOWER_RAW: &str = "byline_lower_raw";

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Hash of (file key, record number): identifies an article.
    pub article_id: Field,
    /// The file's key (its absolute path; see `keys::path_key`), indexed on every passage:
    /// deletes go by this term. Not stored.
    pub file: Field,
    /// The same key, stored on the article's first passage only.
    pub path: Field,
    /// 1-based record number inside a JSON / JSON Lines file; absent otherwise.
    pub record: Field,
    /// 0-based position of the passage in its article.
    pub ordinal: Field,
    /// Number of passages in the article.
    pub passages: Field,
    pub text: Field,
    /// The article title, stored (first passage only); not indexed.
    pub title: Field,
    /// The article title, indexed (en_stem, positions) on the article's first passage only, so
    /// that title terms are counted once per article, not once per passage.
    pub title_terms: Field,
    pub title_derived: Field,
    pub date: Field,
    pub source: Field,
    pub url: Field,
    pub author: Field,
    pub tags: Field,
    /// Entities the passage mentions, as `type:Canonical Name` terms (indexed and stored; raw).
    /// A discovered name not confirmed within its article (named once) is `~type:Name`: it
    /// counts only where two or more articles have it.
    pub entity: Field,
    /// The article's entities (title and every passage), same terms, on the first passage only
    /// (indexed for filters, fast for facets).
    pub article_entity: Field,
    /// `type:Name<TAB>mentions` per entity of the article, stored on the first passage only.
    pub entity_mentions: Field,
    /// Hash of the article's normalised text: equal hashes are duplicate articles. On the
    /// first passage only (fast; schema 5 had it on every passage).
    pub body_hash: Field,
    /// The article's near-duplicate signature (`similar::Signature::to_u64s`), on its first
    /// passage only (fast, multi-valued); absent for a text too short to have one.
    pub near: Field,
    /// The keys that find an article's near copies (`Signature::keys` for
    /// `similar::SAME_STORY`), indexed, on its first passage only.
    pub near_key: Field,
    /// The article's story when it joined an earlier article's: that article's story (the
    /// id of the first article indexed that tells it); none for an article that started its
    /// own (its story is its id). On every passage of the article, fast.
    pub story: Field,
}

/// A segment's per-passage fast columns that ranking and paging read.
pub struct PassageColumns {
    pub article: Column<u64>,
    pub ordinal: Column<u64>,
    pub body_hash: Column<u64>,
    /// The near-duplicate signature's numbers (first passages only).
    pub near: Column<u64>,
    pub story: Column<u64>,
    pub date: Column<tantivy::DateTime>,
}

impl PassageColumns {
    /// The body hash of the article of the passage `doc`, read at its first passage (which
    /// alone carries it since schema 6).
    pub fn article_body_hash(&self, doc: tantivy::DocId) -> Option<u64> {
        let first = doc.checked_sub(self.ordinal.first(doc)? as tantivy::DocId)?;
        self.body_hash.first(first)
    }

    pub fn open(segment: &SegmentReader) -> tantivy::Result<PassageColumns> {
        let ff = segment.fast_fields();
        Ok(PassageColumns {
            article: ff.u64("article_id")?,
            ordinal: ff.u64("ordinal")?,
            body_hash: ff.u64("body_hash")?,
            near: ff.u64("near")?,
            story: ff.u64("story")?,
            date: ff.date("date")?,
        })
    }
}

/// A segment's article-level text columns that facets and filters read (absent in a segment
/// where no document has a value).
pub struct EntityColumns {
    pub article_entity: Option<StrColumn>,
    pub source: Option<StrColumn>,
}

impl EntityColumns {
    pub fn open(segment: &SegmentReader) -> tantivy::Result<EntityColumns> {
        let ff = segment.fast_fields();
        Ok(EntityColumns {
            article_entity: ff.str("article_entity")?,
            source: ff.str("source")?,
        })
    }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed_indexing = TextFieldIndexing::default()
        .set_tokenizer(crate::stem::EN_STEM)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let stemmed = TextOptions::default()
        .set_stored()
        .set_indexing_options(stemmed_indexing.clone());
    // Author and tags: stored for display and export, indexed for later filters. Nothing
    // ranks by them, so no field norms (a byte per passage each).
    let words = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Fast values keep the case as written (facets show them); the indexed terms are
    // lower-cased (filters match case-insensitively).
    let keyword = TextOptions::default().set_fast("raw").set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(LOWER_RAW)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    );
    let id = NumericOptions::default().set_indexed().set_fast();
    let entity_terms = TextOptions::default().set_fast("raw").set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    );
    // Not indexed: read through fast fields only (cheaper to write: no term per passage).
    // Not stored either: the column has every passage's value (storing it again cost 6.5 MB
    // of lz4 doc store on the scraped articles, with the id, date and source).
    let fast = NumericOptions::default().set_fast();
    let fields = Fields {
        article_id: b.add_u64_field("article_id", id),
        file: b.add_text_field(
            "file",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_fieldnorms(false),
            ),
        ),
        path: b.add_text_field("path", STORED),
        record: b.add_u64_field("record", STORED),
        ordinal: b.add_u64_field("ordinal", fast.clone()),
        passages: b.add_u64_field("passages", STORED),
        text: b.add_text_field("text", stemmed),
        title: b.add_text_field("title", STORED),
        title_terms: b.add_text_field(
            "title_terms",
            TextOptions::default().set_indexing_options(stemmed_indexing),
        ),
        title_derived: b.add_bool_field("title_derived", STORED),
        date: b.add_date_field(
            "date",
            // Indexed for range filters, which do not score: no field norms.
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        source: b.add_text_field("source", keyword),
        url: b.add_text_field("url", STORED),
        author: b.add_text_field("author", words.clone()),
        tags: b.add_text_field("tags", words),
        entity: b.add_text_field(
            "entity",
            TextOptions::default().set_stored().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_fieldnorms(false)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        article_entity: b.add_text_field("article_entity", entity_terms),
        entity_mentions: b.add_text_field("entity_mentions", STORED),
        body_hash: b.add_u64_field("body_hash", fast),
        near: b.add_u64_field("near", NumericOptions::default().set_fast()),
        near_key: b.add_u64_field("near_key", NumericOptions::default().set_indexed()),
        story: b.add_u64_field("story", NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

/// Index settings: the document store is compressed with zstd (level 1) in 32 KiB blocks. A
/// search decompresses one block per stored document it reads (the shown passages and their
/// articles' first passages), so the codec and block size are on every search's path. In
/// session 3 zstd in 32 KiB blocks made a 10-hit search ~3 ms slower than lz4 in 16 KiB
/// blocks; since searches read only the documents they show, the cost is small: 10 queries,
/// one process each, interleaved: 9.67 ms median with zstd in 16 KiB blocks, 9.93 in 32 KiB
/// (lz4 measured the same as zstd in 16 KiB blocks). For it the scraped articles' index is
/// 0.99x their size instead of 1.33x (the store alone: 50 MB in 32 KiB blocks, 54 in 16 KiB,
/// 76 with lz4; BENCHMARKS.md, issue 19). An index keeps the settings it was created with:
/// older indexes stay lz4.
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 32 << 10,
        ..IndexSettings::default()
    }
}

/// Register byline's tokenizers on an index (needed both to write and to search).
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(crate::stem::EN_STEM, crate::stem::en_stem());
    index.tokenizers().register(
        LOWER_RAW,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
    index.fast_field_tokenizer().register(
        LOWER_RAW,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Look the fields up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        article_id: f("article_id")?,
        file: f("file")?,
        path: f("path")?,
        record: f("record")?,
        ordinal: f("ordinal")?,
        passages: f("passages")?,
        text: f("text")?,
        title: f("title")?,
        title_terms: f("title_terms")?,
        title_derived: f("title_derived")?,
        date: f("date")?,
        source: f("source")?,
        url: f("url")?,
        author: f("author")?,
        tags: f("tags")?,
        entity: f("entity")?,
        article_entity: f("article_entity")?,
        entity_mentions: f("entity_mentions")?,
        body_hash: f("body_hash")?,
        near: f("near")?,
        near_key: f("near_key")?,
        story: f("story")?,
    })
}
