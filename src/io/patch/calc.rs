//! What must change when an edited cell held a formula (crates.md §2 "What Excel needs",
//! rule 5): the cell leaves `calcChain.xml` — a chain entry for a cell without a formula
//! makes Excel report "Removed Records: Formula from /xl/calcChain.xml part"
//! (dotnet/Open-XML-SDK#1457) — and `workbook.xml` asks for a full recalculation on load
//! so formulas that read the edited cell do not show stale results.

use super::xml::{self, attr, attr_exact, local, parse_ref, prefix_of, rebuild_tag, Splice};
use super::PatchError;
use quick_xml::events::Event;

/// The result of removing entries from the calculation chain.
#[derive(Debug, PartialEq)]
pub enum Chain {
    Unchanged,
    Rewritten(String),
    /// No entry is left; a `calcChain` needs at least one `<c>` (ECMA-376 §18.6.2), so the
    /// part must be dropped with its relationship and content-type override.
    Empty,
}

/// Remove the entries of `cells` on the sheet whose `sheetId` is `sheet_id`. An entry's
/// `i` (sheet id) is inherited from the previous entry when absent (ECMA-376 §18.6.1), so
/// the entry after a removed one is given its `i` (and the removed entry's new-level flag
/// `l`) explicitly.
pub fn remove_cells(
    part: &str,
    bytes: &[u8],
    sheet_id: Option<u32>,
    cells: &[(u32, u32)],
) -> Result<Chain, PatchError> {
    let doc = xml::decode(part, bytes)?;
    let evs = xml::events(part, doc.text)?;
    let mut splices = Vec::new();
    let mut current_i: Option<u32> = None;
    let mut kept = 0usize;
    let mut removed_since_kept = false;
    let mut carry_l = false;
    let mut open: Option<(usize, bool)> = None;
    for l in &evs {
        let (e, empty) = match &l.event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(end) if end.local_name().into_inner() == "c" => {
                if let Some((start, remove)) = open.take() {
                    if remove {
                        splices.push(Splice {
                            range: start..l.span.end,
                            text: String::new(),
                        });
                    }
                }
                continue;
            }
            _ => continue,
        };
        if local(e) != "c" {
            continue;
        }
        let own_i = attr_exact(e, "i").and_then(|v| v.trim().parse::<u32>().ok());
        if own_i.is_some() {
            current_i = own_i;
        }
        let same_sheet = sheet_id.is_none() || current_i.is_none() || current_i == sheet_id;
        let hit = same_sheet
            && attr_exact(e, "r")
                .and_then(|r| parse_ref(&r))
                .is_some_and(|rc| cells.contains(&rc));
        let new_level = attr_exact(e, "l").is_some_and(|v| v == "1" || v == "true");
        if hit {
            removed_since_kept = true;
            carry_l |= new_level;
            if empty {
                splices.push(Splice {
                    range: l.span.clone(),
                    text: String::new(),
                });
            } else {
                open = Some((l.span.start, true));
            }
            continue;
        }
        kept += 1;
        if removed_since_kept {
            let i_text = current_i.map(|i| i.to_string());
            let mut changes: Vec<(&str, Option<&str>)> = Vec::new();
            if own_i.is_none() {
                if let Some(t) = i_text.as_deref() {
                    changes.push(("i", Some(t)));
                }
            }
            if carry_l && !new_level {
                changes.push(("l", Some("1")));
            }
            if !changes.is_empty() {
                splices.push(Splice {
                    range: l.span.clone(),
                    text: rebuild_tag(e, empty, &changes),
                });
            }
            removed_since_kept = false;
            carry_l = false;
        }
        if !empty {
            open = Some((l.span.start, false));
        }
    }
    if splices.is_empty() {
        return Ok(Chain::Unchanged);
    }
    if kept == 0 {
        return Ok(Chain::Empty);
    }
    xml::apply(part, doc.text, &mut splices).map(Chain::Rewritten)
}

/// Elements that follow `calcPr` in `CT_Workbook` (ECMA-376 Part 1 §18.2.27), before which a
/// new `calcPr` must go.
const AFTER_CALCPR: &[&str] = &[
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// `workbook.xml` with `<calcPr fullCalcOnLoad="1"/>`; `None` when it is already set.
pub fn force_full_calc(part: &str, bytes: &[u8]) -> Result<Option<String>, PatchError> {
    let doc = xml::decode(part, bytes)?;
    let evs = xml::events(part, doc.text)?;
    let mut prefix = String::new();
    let mut insert_at: Option<usize> = None;
    let mut depth = 0usize;
    for l in &evs {
        match &l.event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                if depth == 0 && name == "workbook" {
                    prefix = prefix_of(e);
                }
                if depth == 1 && name == "calcPr" {
                    let already =
                        attr(e, "fullCalcOnLoad").is_some_and(|v| v == "1" || v == "true");
                    if already {
                        return Ok(None);
                    }
                    let empty = matches!(l.event, Event::Empty(_));
                    let mut splices = vec![Splice {
                        range: l.span.clone(),
                        text: rebuild_tag(e, empty, &[("fullCalcOnLoad", Some("1"))]),
                    }];
                    return xml::apply(part, doc.text, &mut splices).map(Some);
                }
                if depth == 1 && insert_at.is_none() && AFTER_CALCPR.contains(&name.as_str()) {
                    insert_at = Some(l.span.start);
                }
                if matches!(l.event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && e.local_name().into_inner() == "workbook" && insert_at.is_none() {
                    insert_at = Some(l.span.start);
                }
            }
            _ => {}
        }
    }
    let at = insert_at.ok_or_else(|| PatchError::BadXml {
        part: part.to_owned(),
        message: "no workbook element".into(),
    })?;
    let mut splices = vec![Splice {
        range: at..at,
        text: format!(r#"<{prefix}calcPr fullCalcOnLoad="1"/>"#),
    }];
    xml::apply(part, doc.text, &mut splices).map(Some)
}

/// Remove the elements named `element` for which `matches(element)` holds; `None` when
/// nothing matched. Used to drop the calcChain relationship and content-type override.
pub fn remove_elements(
    part: &str,
    bytes: &[u8],
    element: &str,
    matches: &dyn Fn(&quick_xml::events::BytesStart) -> bool,
) -> Result<Option<String>, PatchError> {
    let doc = xml::decode(part, bytes)?;
    let evs = xml::events(part, doc.text)?;
    let mut splices = Vec::new();
    let mut open: Option<usize> = None;
    for l in &evs {
        match &l.event {
            Event::Empty(e) if local(e) == element && matches(e) => splices.push(Splice {
                range: l.span.clone(),
                text: String::new(),
            }),
            Event::Start(e) if local(e) == element && matches(e) => open = Some(l.span.start),
            Event::End(e) if e.local_name().into_inner() == element => {
                if let Some(start) = open.take() {
                    splices.push(Splice {
                        range: start..l.span.end,
                        text: String::new(),
                    });
                }
            }
            _ => {}
        }
    }
    if splices.is_empty() {
        return Ok(None);
    }
    xml::apply(part, doc.text, &mut splices).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_entry_and_passes_on_sheet_id_and_level() {
        let chain = r#"<calcChain xmlns="x"><c r="L9" i="1" l="1"/><c r="L10"/><c r="A1" i="2"/><c r="L9"/></calcChain>"#;
        let out = remove_cells("c", chain.as_bytes(), Some(1), &[(9, 11)]);
        assert_eq!(
            out.ok(),
            Some(Chain::Rewritten(
                r#"<calcChain xmlns="x"><c r="L10" i="1" l="1"/><c r="A1" i="2"/><c r="L9"/></calcChain>"#.into()
            ))
        );
        let only = r#"<calcChain><c r="B2" i="1"/></calcChain>"#;
        assert_eq!(
            remove_cells("c", only.as_bytes(), Some(1), &[(2, 1)]).ok(),
            Some(Chain::Empty)
        );
        assert_eq!(
            remove_cells("c", only.as_bytes(), Some(2), &[(2, 1)]).ok(),
            Some(Chain::Unchanged)
        );
    }

    #[test]
    fn full_calc_is_set_or_inserted() {
        let wb = r#"<workbook><sheets/><calcPr calcId="191029"/><extLst/></workbook>"#;
        assert_eq!(
            force_full_calc("w", wb.as_bytes())
                .ok()
                .flatten()
                .as_deref(),
            Some(
                r#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/><extLst/></workbook>"#
            )
        );
        let wb = r#"<x:workbook><x:sheets/><x:extLst/></x:workbook>"#;
        assert_eq!(
            force_full_calc("w", wb.as_bytes())
                .ok()
                .flatten()
                .as_deref(),
            Some(
                r#"<x:workbook><x:sheets/><x:calcPr fullCalcOnLoad="1"/><x:extLst/></x:workbook>"#
            )
        );
    }
}
