//! Bytes to text: BOMs, legacy encodings, binary detection and line-ending normalisation.
//!
//! Pure: the indexer reads a file, hands its bytes here and gets text it can parse, or the
//! reason the file cannot be indexed. Invalid UTF-8 is decoded line by line: a valid line stays
//! as it is and only a line holding invalid bytes is read as Windows-1252, so one stray Latin-1
//! byte does not garble the rest of a UTF-8 file (or of a JSON Lines file).

use crate::problem::Problem;

/// Decoded text plus what was noticed on the way.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<Problem>,
}

/// Why a file's bytes are not text we can index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    Empty,
    Blank,
    Binary(&'static str),
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Empty => f.write_str("empty file"),
            NotText::Blank => f.write_str("file holds only whitespace"),
            NotText::Binary(kind) => write!(f, "binary file ({kind}), not text"),
        }
    }
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"SQLite format 3\0", "SQLite database"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"BZh", "bzip2 data"),
];

/// Decode a file's bytes into normalised text (no BOM, `\n` line endings).
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    if bytes.is_empty() {
        return Err(NotText::Empty);
    }
    let mut warnings = Vec::new();
    // UTF-16 with a BOM is text: decode it whole.
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                warnings.push(Problem::new(
                    None,
                    format!("invalid {} sequences replaced", enc.name()),
                ));
            }
            return finish(text.into_owned(), warnings);
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(kind) = binary_kind(bytes) {
        return Err(NotText::Binary(kind));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => decode_lines(bytes, &mut warnings),
    };
    finish(text, warnings)
}

fn finish(text: String, warnings: Vec<Problem>) -> Result<Decoded, NotText> {
    if text.trim().is_empty() {
        return Err(NotText::Blank);
    }
    Ok(Decoded {
        text: normalise_newlines(text),
        warnings,
    })
}

/// Looks at the first 8 KiB: a known binary signature, or too many control bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    // Stray NULs and control bytes are tolerated (and stripped later), even in a short file; a
    // file made of them is not text.
    if (nul > 4 && nul * 100 > sample.len()) || (control > 4 && control * 10 > sample.len()) {
        return Some("control bytes");
    }
    None
}

/// Decode line by line: valid UTF-8 lines as they are, other lines as Windows-1252.
fn decode_lines(bytes: &[u8], warnings: &mut Vec<Problem>) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut bad_lines = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(line);
                out.push_str(&s);
                bad_lines.push(i as u64 + 1);
            }
        }
    }
    let first = bad_lines.first().copied();
    let msg = if bad_lines.len() == 1 {
        "invalid UTF-8; this line was decoded as Windows-1252".to_string()
    } else {
        let shown: Vec<String> = bad_lines.iter().take(5).map(|n| n.to_string()).collect();
        format!(
            "invalid UTF-8 on {} lines ({}{}); decoded as Windows-1252",
            bad_lines.len(),
            shown.join(", "),
            if bad_lines.len() > 5 { ", ..." } else { "" }
        )
    };
    warnings.push(Problem::new(first, msg));
    out
}

/// CRLF and lone CR become LF.
fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Remove control characters other than newline and tab (wire stamps, NULs, form feeds; a form
/// feed becomes a newline), and invisible format characters that split or disguise words: zero
/// width space, word joiner, a BOM inside the text, the soft hyphen, and bidirectional controls
/// (which can also reorder what a terminal shows). Zero width joiners and non-joiners stay:
/// some scripts and emoji need them.
pub fn strip_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_control(s.as_bytes()) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| if c == '\x0c' { '\n' } else { c })
            .filter(|&c| !is_stripped_control(c))
            .collect(),
    )
}

/// Fast scan on bytes for what [`is_stripped_control`] removes: C0 controls other than `\n` and
/// `\t`, DEL, C1 controls (UTF-8 `C2 80`..`C2 9F`), the soft hyphen (`C2 AD`), U+061C
/// (`D8 9C`), U+200B and U+200E-U+200F (`E2 80 8B`..), U+202A-U+202E (`E2 80 AA`..), U+2060 and
/// U+2066-U+2069 (`E2 81 A0`..), U+FEFF (`EF BB BF`).
fn has_control(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
            return true;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let hit = match b {
            0xc2 => matches!(next(1), 0x80..=0x9f | 0xad),
            0xd8 => next(1) == 0x9c,
            0xe2 => match next(1) {
                0x80 => matches!(next(2), 0x8b | 0x8e | 0x8f | 0xaa..=0xae),
                0x81 => matches!(next(2), 0xa0 | 0xa6..=0xa9),
                _ => false,
            },
            0xef => next(1) == 0xbb && next(2) == 0xbf,
            _ => false,
        };
        if hit {
            return true;
        }
        i += 1;
    }
    false
}

fn is_stripped_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFTitle\r\n\r\nBody\rmore").unwrap();
        assert_eq!(d.text, "Title\n\nBody\nmore");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_falls_back_per_line() {
        let d = decode(
            "caf\u{e9} ok\nprice \u{a3}5\n"
                .replace('\u{a3}', "\u{1}")
                .as_bytes(),
        )
        .unwrap();
        assert!(d.warnings.is_empty());
        let bytes = b"na\xc3\xafve line\nprice \xa315 here\n";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "na\u{ef}ve line\nprice \u{a3}15 here\n");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, Some(2));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hello\r\nworld".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Hello\nworld");
    }

    #[test]
    fn empty_blank_and_binary() {
        assert_eq!(decode(b"").unwrap_err(), NotText::Empty);
        assert_eq!(decode(b"  \n\t\n").unwrap_err(), NotText::Blank);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err(),
            NotText::Binary("PNG image")
        );
        let junk: Vec<u8> = (0..2000u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(decode(&junk), Err(NotText::Binary(_))));
    }

    #[test]
    fn controls_are_found_and_stripped() {
        assert_eq!(
            strip_controls("plain \u{a0}text\n\tok"),
            "plain \u{a0}text\n\tok"
        );
        assert!(matches!(
            strip_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(strip_controls("end Reuter\u{3}"), "end Reuter");
        assert_eq!(strip_controls("a\u{85}b\u{7f}c\u{c}d"), "abc\nd");
    }

    #[test]
    fn invisible_format_characters_are_stripped() {
        assert_eq!(
            strip_controls("Micro\u{200b}soft Ap\u{ad}ple \u{202e}evil\u{202c} \u{2066}x\u{2069} \u{feff}a\u{2060}b \u{61c}c\u{200e}\u{200f}"),
            "Microsoft Apple evil x ab c"
        );
        // Joiners stay, and so does every other character of the ranges probed.
        let kept =
            "\u{200c}\u{200d} \u{2019}\u{201c}\u{2014}\u{2026}\u{2065}\u{206a}\u{a0}\u{ae}\u{feff}";
        assert_eq!(strip_controls(kept), kept.replace('\u{feff}', ""));
        for c in [
            '\u{2019}', '\u{201c}', '\u{2014}', '\u{a0}', '\u{ae}', '\u{200c}', '\u{200d}',
        ] {
            assert!(!has_control(c.to_string().as_bytes()), "{c:?}");
        }
    }

    #[test]
    fn a_few_nuls_in_a_short_file_are_text() {
        let d = decode(b"Title\n\nSome text with a \x00 NUL byte in it.\n").unwrap();
        assert_eq!(
            strip_controls(&d.text),
            "Title\n\nSome text with a  NUL byte in it.\n"
        );
        assert!(decode(b"\x00\x00\x00\x00\x00\x00 short").is_err());
    }

    #[test]
    fn stray_nul_is_tolerated_and_stripped() {
        let mut text = "word ".repeat(400).into_bytes();
        text.push(0);
        let d = decode(&text).unwrap();
        assert_eq!(strip_controls(&d.text).len(), 2000);
    }
}
