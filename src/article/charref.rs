//! Character references in text that is not HTML: plain-text files and JSON strings often
//! carry them (`Jos&eacute;`, `Jos&#233;`, Reuters' `&lt;IBM>`), and a name cut at the `&`
//! would be indexed and counted as "Jos". Named references need their `;` (HTML5's table,
//! the one html5ever uses), so `AT&T` and `R&D` stay as written. Pure.

use std::borrow::Cow;

use markup5ever::data::NAMED_ENTITIES;

/// The longest named reference ("CounterClockwiseContourIntegral;") is 33 bytes.
const MAX_NAME: usize = 33;

/// `text` with numeric (`&#233;`, `&#xE9;`) and named (`&eacute;`) references decoded;
/// anything that is not a valid reference is kept as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((chars, len)) => {
                out.extend(chars.into_iter().flatten());
                rest = &after[len..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `s` (just after its `&`): its characters and byte length
/// including the `;`.
fn reference(s: &str) -> Option<([Option<char>; 2], usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (h, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take(8)
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        if len == 0 || !digits[len..].starts_with(';') {
            return None;
        }
        let c = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')?;
        return Some(([Some(c), None], skip + len + 1));
    }
    let name_len = s
        .bytes()
        .take(MAX_NAME)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 || !s[name_len..].starts_with(';') {
        return None;
    }
    let &(a, b) = NAMED_ENTITIES.get(&s[..name_len + 1])?;
    let first = char::from_u32(a)?;
    Some((
        [Some(first), char::from_u32(b).filter(|_| b != 0)],
        name_len + 1,
    ))
}

/// Does a JSON string hold HTML markup (a closing tag, `<p>`, `<br>`) rather than text?
pub fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(k) = s[i..].find('<') {
        let at = i + k;
        let next = &b[at + 1..];
        let tag = |t: &[u8]| {
            next.len() > t.len()
                && next[..t.len()].eq_ignore_ascii_case(t)
                && matches!(next[t.len()], b'>' | b' ' | b'/')
        };
        if (next.first() == Some(&b'/') && next.get(1).is_some_and(u8::is_ascii_alphabetic))
            || tag(b"p")
            || tag(b"br")
            || tag(b"div")
            || tag(b"a")
        {
            return true;
        }
        i = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_named_references_are_decoded() {
        assert_eq!(
            decode("Jos&#233; Manuel, &#xE9;t&#XE9; &#191;Qu&#233;?"),
            "José Manuel, été ¿Qué?"
        );
        assert_eq!(decode("Jos&eacute; &amp; Ren&Eacute;e"), "José & RenÉe");
        assert_eq!(decode("&lt;IBM> said"), "<IBM> said");
        assert_eq!(decode("caf&eacute;&nbsp;"), "café\u{a0}");
        // Two-character references.
        assert_eq!(decode("&NotEqualTilde;"), "\u{2242}\u{338}");
    }

    #[test]
    fn what_is_not_a_reference_is_kept() {
        for s in [
            "AT&T",
            "R&D and M&A",
            "&#;",
            "&#12",
            "&#xZZ;",
            "&#1114112;",
            "&#0;",
            "&amp &#",
            "a&#x;b",
            "&nosuchname;",
            "&;",
            "trailing &",
        ] {
            assert_eq!(decode(s), s, "{s:?}");
        }
        assert!(matches!(decode("plain"), Cow::Borrowed(_)));
        assert!(matches!(decode("AT&T"), Cow::Borrowed(_)));
    }

    #[test]
    fn html_in_json_strings_is_recognised() {
        for s in [
            "<p>Text</p>",
            "a<br>b",
            "a<br/>b",
            "x</span>",
            "<div class=x>y",
        ] {
            assert!(looks_like_html(s), "{s:?}");
        }
        for s in ["a < b", "&lt;IBM>", "<IBM> said", "x <= 3", "<Acme Corp>"] {
            assert!(!looks_like_html(s), "{s:?}");
        }
    }
}
