//! Small XML helpers for surgical edits: a part is edited by splicing replacement text into
//! byte ranges found with quick-xml, so every byte outside those ranges stays as it was.

use super::PatchError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::ops::Range;

/// A part's text, without its UTF-8 byte-order mark (callers put it back).
pub struct XmlText<'a> {
    pub text: &'a str,
}

/// Decode a part as UTF-8 (OOXML parts written by every producer we know are UTF-8; a
/// UTF-16 part is refused rather than re-encoded).
pub fn decode<'a>(part: &str, bytes: &'a [u8]) -> Result<XmlText<'a>, PatchError> {
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or_default();
    let text = std::str::from_utf8(body).map_err(|_| PatchError::BadXml {
        part: part.to_owned(),
        message: "it is not UTF-8".into(),
    })?;
    Ok(XmlText { text })
}

/// One event with its byte range in the text.
pub struct Located<'a> {
    pub event: Event<'a>,
    pub span: Range<usize>,
}

/// Every event of a document with its byte range (whitespace is kept as text events, so the
/// ranges tile the whole text).
pub fn events<'a>(part: &str, text: &'a str) -> Result<Vec<Located<'a>>, PatchError> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        let start = to_usize(reader.buffer_position());
        let event = reader.read_event().map_err(|e| PatchError::BadXml {
            part: part.to_owned(),
            message: format!("{e} (at byte {})", reader.error_position()),
        })?;
        let end = to_usize(reader.buffer_position());
        if matches!(event, Event::Eof) {
            break;
        }
        out.push(Located {
            event,
            span: start..end,
        });
    }
    Ok(out)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Replacement text for a byte range of the original.
#[derive(Debug, Clone)]
pub struct Splice {
    pub range: Range<usize>,
    pub text: String,
}

/// Apply non-overlapping splices (in any order) to `text`. Insertions (empty ranges) at the
/// same position keep the order in which they were pushed.
pub fn apply(part: &str, text: &str, splices: &mut [Splice]) -> Result<String, PatchError> {
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut pos = 0;
    for s in splices.iter() {
        let (Some(before), true) = (text.get(pos..s.range.start), s.range.end >= s.range.start)
        else {
            return Err(PatchError::BadXml {
                part: part.to_owned(),
                message: "internal error: overlapping edits".into(),
            });
        };
        out.push_str(before);
        out.push_str(&s.text);
        pos = s.range.end;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    Ok(out)
}

/// The element's local name (`x:c` → `c`).
pub fn local(e: &BytesStart) -> String {
    e.local_name().into_inner().to_owned()
}

/// The prefix with its colon (`x:c` → `x:`, `c` → ``), so new elements match their siblings.
pub fn prefix_of(e: &BytesStart) -> String {
    let name = e.name().0;
    match name.rfind(':') {
        Some(i) => name.get(..=i).unwrap_or_default().to_owned(),
        None => String::new(),
    }
}

/// The unescaped value of the attribute whose local name is `name` (prefix ignored, so
/// `r:id` is found as `id`).
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        if a.key.local_name().into_inner() == name {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        } else {
            None
        }
    })
}

/// The value of the attribute whose full name is exactly `name` (e.g. `r`, not `x:r`).
pub fn attr_exact(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        if a.key.0 == name {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        } else {
            None
        }
    })
}

/// Rebuild a start tag with some attributes set (`Some`) or removed (`None`); other
/// attributes keep their raw text and order. New attributes go at the end.
pub fn rebuild_tag(e: &BytesStart, empty: bool, changes: &[(&str, Option<&str>)]) -> String {
    let mut out = format!("<{}", e.name().0);
    let mut done = vec![false; changes.len()];
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.0;
        if let Some(i) = changes.iter().position(|(k, _)| *k == key) {
            if let (Some(flag), Some((_, Some(v)))) = (done.get_mut(i), changes.get(i)) {
                out.push_str(&format!(" {key}=\"{}\"", escape_attr(v)));
                *flag = true;
            } else if let Some(flag) = done.get_mut(i) {
                *flag = true;
            }
            continue;
        }
        let raw: &str = &a.value;
        out.push_str(&format!(" {key}=\"{}\"", raw.replace('"', "&quot;")));
    }
    for ((k, v), d) in changes.iter().zip(done) {
        if let (Some(v), false) = (v, d) {
            out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
        }
    }
    out.push_str(if empty { "/>" } else { ">" });
    out
}

/// Escape text content (`&`, `<`, `>`).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape an attribute value.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// Cell text for `<t>`: characters XML 1.0 cannot hold (control characters, a lone CR that
/// a parser would turn into LF, U+FFFE/U+FFFF) become `_xHHHH_`, and a literal `_xHHHH_`
/// is protected as `_x005F_xHHHH_` — the OOXML ST_Xstring escape that calamine decodes.
pub fn encode_cell_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        // Tab (U+0009) and LF (U+000A) are kept; CR is encoded so it survives parsing.
        let needs = matches!(ch, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
        if needs {
            out.push_str(&format!("_x{:04X}_", u32::from(ch)));
        } else if ch == '_' && is_escape_at(&chars, i) {
            out.push_str("_x005F_");
        } else {
            out.push(ch);
        }
    }
    escape_text(&out)
}

/// Whether `_xHHHH_` starts at `chars[i]`.
fn is_escape_at(chars: &[char], i: usize) -> bool {
    let Some(w) = chars.get(i..i + 7) else {
        return false;
    };
    matches!(w, ['_', 'x', a, b, c, d, '_'] if [a, b, c, d].iter().all(|h| h.is_ascii_hexdigit()))
}

/// Parse an A1 reference (`$` allowed) into (1-based row, 0-based col).
pub fn parse_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let letters: String = s
        .chars()
        .filter(|c| *c != '$')
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits: String = s
        .chars()
        .filter(|c| *c != '$')
        .skip(letters.len())
        .collect();
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    let mut col: u32 = 0;
    for c in letters.chars() {
        let v = u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1;
        col = col.checked_mul(26)?.checked_add(v)?;
    }
    if row == 0 {
        return None;
    }
    Some((row, col - 1))
}

/// Parse `A1:D10` or `A1` into (top row, left col, bottom row, right col).
pub fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    let mut parts = s.split(':');
    let a = parse_ref(parts.next()?)?;
    let b = match parts.next() {
        Some(p) => parse_ref(p)?,
        None => a,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)))
}

/// Format a range, as a single cell when it is one.
pub fn format_range(r: (u32, u32, u32, u32)) -> String {
    let a = super::cell_ref(r.0, r.1);
    if (r.0, r.1) == (r.2, r.3) {
        a
    } else {
        format!("{a}:{}", super::cell_ref(r.2, r.3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_round_trip() {
        assert_eq!(parse_ref("A1"), Some((1, 0)));
        assert_eq!(parse_ref("$AB$12"), Some((12, 27)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_576, 16_383)));
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("1A"), None);
        assert_eq!(parse_range("B2:A1"), Some((1, 0, 2, 1)));
        assert_eq!(format_range((1, 0, 4, 3)), "A1:D4");
    }

    #[test]
    fn cell_text_escapes() {
        assert_eq!(encode_cell_text("a<b&c"), "a&lt;b&amp;c");
        assert_eq!(encode_cell_text("x\u{1}y\rz\n"), "x_x0001_y_x000D_z\n");
        assert_eq!(encode_cell_text("_x0041_"), "_x005F_x0041_");
        assert_eq!(encode_cell_text("_x41_"), "_x41_");
    }

    #[test]
    fn rebuild_keeps_other_attributes() {
        let text = r#"<row r="3" spans="1:2" x14ac:dyDescent="0.2">"#;
        let ev = events("t", text).unwrap_or_default();
        let Some(Event::Start(e)) = ev.first().map(|l| &l.event) else {
            panic!("no start tag");
        };
        assert_eq!(
            rebuild_tag(e, false, &[("spans", Some("1:5")), ("ht", Some("15"))]),
            r#"<row r="3" spans="1:5" x14ac:dyDescent="0.2" ht="15">"#
        );
        assert_eq!(
            rebuild_tag(e, true, &[("spans", None)]),
            r#"<row r="3" x14ac:dyDescent="0.2"/>"#
        );
    }
}
