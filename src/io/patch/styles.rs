//! Date styles. A date is a serial number in a cell whose style has a date number format
//! (crates.md §2 "What Excel needs", rule 3). When the cell's style already shows dates it
//! is kept; otherwise a copy of the cell's `<xf>` with a `yyyy-mm-dd` format is used —
//! an identical existing one when there is one, else one appended to `cellXfs` (and the
//! format to `numFmts`). Only then does `styles.xml` change.

use super::xml::{self, attr, local, prefix_of, rebuild_tag, Splice};
use super::PatchError;
use quick_xml::events::Event;
use std::collections::HashMap;

/// The number format the patcher adds for dates (PRODUCT.md §6: "else `yyyy-mm-dd`").
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
/// Custom number formats use ids from 164 up (ECMA-376 Part 1 §18.8.30: 0–163 are built in).
const FIRST_CUSTOM_NUMFMT: u32 = 164;

#[derive(Debug, Clone)]
struct Xf {
    num_fmt_id: u32,
    /// The whole `<xf …/>` or `<xf …>…</xf>` text.
    raw: String,
    /// Its start tag, rebuilt later with the new format.
    start_tag: std::ops::Range<usize>,
    empty: bool,
}

/// The parsed `styles.xml` plus the additions made so far.
pub struct StyleBook {
    part: String,
    text: String,
    num_fmts: HashMap<u32, String>,
    xfs: Vec<Xf>,
    /// Where `</cellXfs>` starts and the `<cellXfs>` start tag (for its count).
    cellxfs_end: usize,
    cellxfs_tag: std::ops::Range<usize>,
    /// `<numFmts>` start tag and end position, or where to insert a new `<numFmts>`.
    numfmts: Option<(std::ops::Range<usize>, usize, bool)>,
    numfmts_insert_at: usize,
    prefix: String,
    added_fmt: Option<u32>,
    added_xfs: Vec<String>,
    cache: HashMap<u32, u32>,
}

fn bad(part: &str, msg: &str) -> PatchError {
    PatchError::BadXml {
        part: part.to_owned(),
        message: msg.to_owned(),
    }
}

impl StyleBook {
    pub fn parse(part: &str, bytes: &[u8]) -> Result<Self, PatchError> {
        let doc = xml::decode(part, bytes)?;
        let text = doc.text.to_owned();
        let events = xml::events(part, &text)?;
        let mut book = StyleBook {
            part: part.to_owned(),
            num_fmts: HashMap::new(),
            xfs: Vec::new(),
            cellxfs_end: 0,
            cellxfs_tag: 0..0,
            numfmts: None,
            numfmts_insert_at: 0,
            prefix: String::new(),
            added_fmt: None,
            added_xfs: Vec::new(),
            cache: HashMap::new(),
            text: String::new(),
        };
        let mut in_cellxfs = false;
        let mut open_xf: Option<(usize, Xf)> = None;
        let mut numfmts_tag: Option<(std::ops::Range<usize>, bool)> = None;
        for ev in &events {
            match &ev.event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(ev.event, Event::Empty(_));
                    match local(e).as_str() {
                        "styleSheet" => {
                            book.prefix = prefix_of(e);
                            book.numfmts_insert_at = ev.span.end;
                        }
                        "numFmts" => {
                            numfmts_tag = Some((ev.span.clone(), empty));
                            if empty {
                                book.numfmts = Some((ev.span.clone(), ev.span.start, true));
                            }
                        }
                        "numFmt" => {
                            let id = attr(e, "numFmtId").and_then(|v| v.parse().ok());
                            if let (Some(id), Some(code)) = (id, attr(e, "formatCode")) {
                                book.num_fmts.insert(id, code);
                            }
                        }
                        "cellXfs" => {
                            in_cellxfs = !empty;
                            book.cellxfs_tag = ev.span.clone();
                            if empty {
                                return Err(bad(part, "cellXfs is empty"));
                            }
                        }
                        "xf" if in_cellxfs => {
                            let xf = Xf {
                                num_fmt_id: attr(e, "numFmtId")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(0),
                                raw: String::new(),
                                start_tag: ev.span.clone(),
                                empty,
                            };
                            if empty {
                                let mut xf = xf;
                                xf.raw = text.get(ev.span.clone()).unwrap_or_default().to_owned();
                                book.xfs.push(xf);
                            } else {
                                open_xf = Some((ev.span.start, xf));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().into_inner() {
                    "cellXfs" => {
                        in_cellxfs = false;
                        book.cellxfs_end = ev.span.start;
                    }
                    "numFmts" => {
                        if let Some((tag, _)) = numfmts_tag.take() {
                            book.numfmts = Some((tag, ev.span.start, false));
                        }
                    }
                    "xf" if in_cellxfs => {
                        if let Some((start, mut xf)) = open_xf.take() {
                            xf.raw = text.get(start..ev.span.end).unwrap_or_default().to_owned();
                            book.xfs.push(xf);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        if book.cellxfs_end == 0 {
            return Err(bad(part, "no cellXfs"));
        }
        book.text = text;
        Ok(book)
    }

    /// Whether style `s` (index into cellXfs; none = 0) shows a date.
    pub fn is_date_style(&self, s: Option<u32>) -> bool {
        let idx = s.unwrap_or(0) as usize;
        self.xfs
            .get(idx)
            .is_some_and(|xf| self.is_date_format(xf.num_fmt_id))
    }

    fn is_date_format(&self, id: u32) -> bool {
        match self.num_fmts.get(&id) {
            Some(code) => is_date_code(code),
            None => is_builtin_date(id),
        }
    }

    /// The style to give a date cell whose current style is `s`.
    pub fn date_style_for(&mut self, s: Option<u32>) -> Result<u32, PatchError> {
        if self.is_date_style(s) {
            return Ok(s.unwrap_or(0));
        }
        let key = s.unwrap_or(0);
        if let Some(done) = self.cache.get(&key) {
            return Ok(*done);
        }
        let fmt = self.date_format_id();
        let base_idx = s.unwrap_or(0) as usize;
        let base = self
            .xfs
            .get(base_idx)
            .or_else(|| self.xfs.first())
            .cloned()
            .ok_or_else(|| bad(&self.part, "cellXfs has no xf"))?;
        let clone = self.xf_with_format(&base, fmt)?;
        let existing = self.xfs.iter().position(|x| x.raw == clone).or_else(|| {
            let added = self.added_xfs.iter().position(|x| *x == clone)?;
            Some(self.xfs.len() + added)
        });
        let idx = match existing {
            Some(i) => i,
            None => {
                let i = self.xfs.len() + self.added_xfs.len();
                self.added_xfs.push(clone);
                i
            }
        };
        let idx = u32::try_from(idx).map_err(|_| bad(&self.part, "too many styles"))?;
        self.cache.insert(key, idx);
        Ok(idx)
    }

    /// The id of a `yyyy-mm-dd` format: an existing one, else a new custom id.
    fn date_format_id(&mut self) -> u32 {
        if let Some(id) = self.added_fmt {
            return id;
        }
        let found = self
            .num_fmts
            .iter()
            .filter(|(_, code)| code.eq_ignore_ascii_case(DATE_FORMAT))
            .map(|(id, _)| *id)
            .min();
        if let Some(id) = found {
            return id;
        }
        let id = self
            .num_fmts
            .keys()
            .copied()
            .filter(|id| *id >= FIRST_CUSTOM_NUMFMT)
            .max()
            .map_or(FIRST_CUSTOM_NUMFMT, |m| m + 1);
        self.added_fmt = Some(id);
        id
    }

    /// The xf's text with `numFmtId` set and `applyNumberFormat="1"`.
    fn xf_with_format(&self, xf: &Xf, fmt: u32) -> Result<String, PatchError> {
        let tag_text = self.text.get(xf.start_tag.clone()).unwrap_or_default();
        let evs = xml::events(&self.part, tag_text)?;
        let Some(Event::Start(e) | Event::Empty(e)) = evs.first().map(|l| &l.event) else {
            return Err(bad(&self.part, "unreadable xf"));
        };
        let id = fmt.to_string();
        let tag = rebuild_tag(
            e,
            xf.empty,
            &[("numFmtId", Some(&id)), ("applyNumberFormat", Some("1"))],
        );
        let rest = xf.raw.get(tag_text.len()..).unwrap_or_default();
        Ok(format!("{tag}{rest}"))
    }

    /// The new `styles.xml`, or `None` when nothing was added.
    pub fn finish(self) -> Result<Option<String>, PatchError> {
        if self.added_xfs.is_empty() && self.added_fmt.is_none() {
            return Ok(None);
        }
        let p = &self.prefix;
        let mut splices = Vec::new();
        if let Some(id) = self.added_fmt {
            let fmt = format!(r#"<{p}numFmt numFmtId="{id}" formatCode="{DATE_FORMAT}"/>"#);
            let count = (self.num_fmts.len() + 1).to_string();
            match &self.numfmts {
                Some((tag, end, false)) => {
                    splices.push(self.retag(tag.clone(), false, &count)?);
                    splices.push(Splice {
                        range: *end..*end,
                        text: fmt,
                    });
                }
                Some((tag, _, true)) => splices.push(Splice {
                    range: tag.clone(),
                    text: format!(r#"<{p}numFmts count="1">{fmt}</{p}numFmts>"#),
                }),
                None => splices.push(Splice {
                    range: self.numfmts_insert_at..self.numfmts_insert_at,
                    text: format!(r#"<{p}numFmts count="1">{fmt}</{p}numFmts>"#),
                }),
            }
        }
        if !self.added_xfs.is_empty() {
            let count = (self.xfs.len() + self.added_xfs.len()).to_string();
            splices.push(self.retag(self.cellxfs_tag.clone(), false, &count)?);
            splices.push(Splice {
                range: self.cellxfs_end..self.cellxfs_end,
                text: self.added_xfs.concat(),
            });
        }
        xml::apply(&self.part, &self.text, &mut splices).map(Some)
    }

    /// A splice that rewrites a container start tag's `count`.
    fn retag(
        &self,
        range: std::ops::Range<usize>,
        empty: bool,
        count: &str,
    ) -> Result<Splice, PatchError> {
        let tag_text = self.text.get(range.clone()).unwrap_or_default();
        let evs = xml::events(&self.part, tag_text)?;
        let Some(Event::Start(e) | Event::Empty(e)) = evs.first().map(|l| &l.event) else {
            return Err(bad(&self.part, "unreadable tag"));
        };
        Ok(Splice {
            range,
            text: rebuild_tag(e, empty, &[("count", Some(count))]),
        })
    }
}

/// Built-in date/time formats (ECMA-376 Part 1 §18.8.30: 14–22, 45–47; 27–36 and 50–58
/// are the East Asian date formats).
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a custom format code shows a date: after removing quoted text, escaped
/// characters and `[...]` sections (colours, locales, elapsed time), it has `y` or `d`, or
/// `m` without `h`/`s` (so `mm:ss` is not a date).
pub fn is_date_code(code: &str) -> bool {
    let section = code.split(';').next().unwrap_or_default();
    let mut clean = String::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            c => clean.push(c.to_ascii_lowercase()),
        }
    }
    let has = |ch: char| clean.contains(ch);
    has('y') || has('d') || (has('m') && !has('h') && !has('s'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<?xml version="1.0"?><styleSheet xmlns="x"><fonts count="1"><font/></fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#;

    #[test]
    fn date_codes() {
        assert!(is_date_code("yyyy-mm-dd"));
        assert!(is_date_code("[$-409]d-mmm-yy;@"));
        assert!(is_date_code("m/d/yyyy"));
        assert!(!is_date_code("mm:ss"));
        assert!(!is_date_code("0.00\"d\""));
        assert!(!is_date_code("General"));
        assert!(!is_date_code("[Red]0.00"));
    }

    #[test]
    fn keeps_date_style_and_adds_one_for_general() {
        let mut book = StyleBook::parse("s", STYLES.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(book.date_style_for(Some(1)).ok(), Some(1));
        assert_eq!(book.date_style_for(None).ok(), Some(2));
        assert_eq!(book.date_style_for(Some(0)).ok(), Some(2));
        let out = book.finish().ok().flatten().unwrap_or_default();
        assert!(out.contains(r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts"#), "{out}");
        assert!(out.contains(r#"<cellXfs count="3">"#), "{out}");
        assert!(
            out.contains(r#"<xf numFmtId="164" fontId="0" applyNumberFormat="1"/></cellXfs>"#),
            "{out}"
        );
    }

    #[test]
    fn unchanged_when_no_date_added() {
        let book = StyleBook::parse("s", STYLES.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(book.finish().ok(), Some(None));
    }
}
