//! Finding parts in an OPC package the way Excel does: `_rels/.rels` names the workbook, the
//! workbook's relationships name its sheets, styles and calcChain (crates.md §2, "What Excel
//! needs", rule 1: never assume `sheetN.xml` or even `xl/workbook.xml`).

use super::xml::{self, attr, local};
use super::zipcopy::ZipPackage;
use super::PatchError;
use quick_xml::events::Event;

/// One `<Relationship>` of a `.rels` part, with its target resolved to a zip entry name.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// One `<sheet>` of `workbook.xml`.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    pub name: String,
    pub sheet_id: Option<u32>,
    pub rel_id: String,
}

/// What the patcher needs to know about the workbook.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub part: String,
    pub rels_part: String,
    pub rels: Vec<Rel>,
    pub sheets: Vec<SheetEntry>,
    pub date1904: bool,
}

/// The rels part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub fn rels_part_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!(
            "{}/_rels/{}.rels",
            part.get(..i).unwrap_or_default(),
            part.get(i + 1..).unwrap_or_default()
        ),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolve a relationship target against the part that owns the relationship: absolute
/// targets (`/xl/worksheets/sheet1.xml`) are package-rooted, relative ones are relative to
/// the owner's folder; `.`/`..` are folded and `%XX` escapes decoded.
pub fn resolve_target(owner: &str, target: &str) -> String {
    let decoded = percent_decode(target);
    let joined = if let Some(abs) = decoded.strip_prefix('/') {
        abs.to_owned()
    } else {
        let dir = owner
            .rfind('/')
            .map_or("", |i| owner.get(..i).unwrap_or_default());
        if dir.is_empty() {
            decoded
        } else {
            format!("{dir}/{decoded}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (c, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Read and parse the relationships of `owner` (empty when it has none).
pub fn read_rels(pkg: &ZipPackage, owner: &str) -> Result<Vec<Rel>, PatchError> {
    let part = rels_part_of(owner);
    let Some(bytes) = pkg.read(&part)? else {
        return Ok(Vec::new());
    };
    let doc = xml::decode(&part, &bytes)?;
    let mut rels = Vec::new();
    for ev in xml::events(&part, doc.text)? {
        let (Event::Start(e) | Event::Empty(e)) = &ev.event else {
            continue;
        };
        if local(e) != "Relationship" {
            continue;
        }
        let external = attr(e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
        let target = attr(e, "Target").unwrap_or_default();
        rels.push(Rel {
            id: attr(e, "Id").unwrap_or_default(),
            kind: attr(e, "Type").unwrap_or_default(),
            target: if external {
                target
            } else {
                resolve_target(owner, &target)
            },
            external,
        });
    }
    Ok(rels)
}

/// Whether a relationship type URI ends with `/name` (transitional and strict URIs differ
/// only in their base).
pub fn is_kind(rel: &Rel, name: &str) -> bool {
    rel.kind
        .rsplit('/')
        .next()
        .is_some_and(|k| k.eq_ignore_ascii_case(name))
}

/// Refuse what cannot be patched before parsing the zip: encrypted OOXML and legacy `.xls`
/// are both CFB (OLE2) files, which start with D0 CF 11 E0 A1 B1 1A E1 (MS-CFB §2.2).
pub fn check_container(bytes: &[u8]) -> Result<(), PatchError> {
    const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(&CFB) {
        // An encrypted package stores "EncryptionInfo" as a UTF-16LE stream name (MS-OFFCRYPTO §2.3.4).
        let marker: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes.windows(marker.len()).any(|w| w == marker.as_slice());
        return Err(if encrypted {
            PatchError::Encrypted
        } else {
            PatchError::UnsupportedFormat("Legacy .xls (BIFF)".into())
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(PatchError::BadPackage(
            "it is not a zip archive (is it really an .xlsx?)".into(),
        ));
    }
    Ok(())
}

/// Refuse packages that are not editable xlsx: ODS, signed packages, xlsb.
pub fn check_package(pkg: &ZipPackage) -> Result<(), PatchError> {
    if let Some(m) = pkg.read("mimetype")? {
        if m.starts_with(b"application/vnd.oasis.opendocument") {
            return Err(PatchError::UnsupportedFormat("OpenDocument (.ods)".into()));
        }
    }
    if pkg.names().any(|n| n.starts_with("_xmlsignatures/")) {
        return Err(PatchError::Signed);
    }
    Ok(())
}

/// The workbook part named by `_rels/.rels` (officeDocument), else `xl/workbook.xml`.
fn workbook_part(pkg: &ZipPackage) -> Result<String, PatchError> {
    let rels = read_rels(pkg, "")?;
    let found = rels
        .iter()
        .find(|r| !r.external && is_kind(r, "officeDocument"))
        .map(|r| r.target.clone());
    let part = found.unwrap_or_else(|| "xl/workbook.xml".to_owned());
    if part.to_ascii_lowercase().ends_with(".bin") {
        return Err(PatchError::UnsupportedFormat(
            "Binary workbook (.xlsb)".into(),
        ));
    }
    if !pkg.has(&part) {
        return Err(PatchError::BadPackage(format!(
            "the workbook part {part} is missing"
        )));
    }
    Ok(part)
}

/// Read the workbook: sheets, relationships, date system.
pub fn read_workbook(pkg: &ZipPackage) -> Result<Workbook, PatchError> {
    let part = workbook_part(pkg)?;
    let bytes = pkg.read(&part)?.unwrap_or_default();
    let doc = xml::decode(&part, &bytes)?;
    let mut sheets = Vec::new();
    let mut date1904 = false;
    for ev in xml::events(&part, doc.text)? {
        let (Event::Start(e) | Event::Empty(e)) = &ev.event else {
            continue;
        };
        match local(e).as_str() {
            "sheet" => sheets.push(SheetEntry {
                name: attr(e, "name").unwrap_or_default(),
                sheet_id: attr(e, "sheetId").and_then(|v| v.trim().parse().ok()),
                rel_id: attr(e, "id").unwrap_or_default(),
            }),
            "workbookPr" => {
                date1904 = attr(e, "date1904").is_some_and(|v| v == "1" || v == "true");
            }
            _ => {}
        }
    }
    let rels = read_rels(pkg, &part)?;
    Ok(Workbook {
        rels_part: rels_part_of(&part),
        part,
        rels,
        sheets,
        date1904,
    })
}

impl Workbook {
    /// The sheet called `name` (exact match first, then case-insensitively, as Excel's sheet
    /// names are) and its part.
    pub fn sheet(&self, name: &str) -> Result<(&SheetEntry, String), PatchError> {
        let entry = self
            .sheets
            .iter()
            .find(|s| s.name == name)
            .or_else(|| {
                self.sheets
                    .iter()
                    .find(|s| s.name.to_lowercase() == name.to_lowercase())
            })
            .ok_or_else(|| PatchError::SheetNotFound {
                sheet: name.to_owned(),
                available: self
                    .sheets
                    .iter()
                    .map(|s| format!("'{}'", s.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let rel = self
            .rels
            .iter()
            .find(|r| r.id == entry.rel_id && !r.external)
            .ok_or_else(|| PatchError::BadPackage(format!("sheet '{}' has no part", entry.name)))?;
        if !is_kind(rel, "worksheet") {
            return Err(PatchError::UnsupportedFormat(format!(
                "Sheet '{}' is not a worksheet (a chart sheet or macro sheet); it",
                entry.name
            )));
        }
        Ok((entry, rel.target.clone()))
    }

    /// The part of the first relationship of a kind (`styles`, `calcChain` …).
    pub fn part_of_kind(&self, kind: &str) -> Option<String> {
        self.rels
            .iter()
            .find(|r| !r.external && is_kind(r, kind))
            .map(|r| r.target.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve_target("xl/worksheets/sheet1.xml", "../tables/table1.xml"),
            "xl/tables/table1.xml"
        );
        assert_eq!(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve_target("xl/workbook.xml", "a%20b.xml"), "xl/a b.xml");
        assert_eq!(
            rels_part_of("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(rels_part_of(""), "_rels/.rels");
    }
}
