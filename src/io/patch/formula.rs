//! Shifting the relative references of a formula, used when the master cell of a shared
//! formula is overwritten: the next cell of the group becomes the master and must carry the
//! formula text as it reads from that cell (ECMA-376 Part 1 §18.3.1.40: the other cells of a
//! shared group derive their formula from the master's by relative offset).
//!
//! The scanner knows just enough of the A1 formula grammar: string literals, quoted sheet
//! names, `[...]` structured/external references, function names (an identifier followed by
//! `(`), cell references (`$A$1`, `B2`), whole-column (`A:C`) and whole-row (`3:5`) ranges.

/// Excel's grid (Excel specifications and limits: 1,048,576 rows by 16,384 columns).
const MAX_ROW: i64 = 1_048_576;
const MAX_COL: i64 = 16_384;

/// The formula `f` as it reads when moved by `dr` rows and `dc` columns.
pub fn shift(f: &str, dr: i64, dc: i64) -> String {
    let chars: Vec<char> = f.chars().collect();
    let mut out = String::with_capacity(f.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '\'' => i = copy_quoted(&chars, i, c, &mut out),
            '[' => i = copy_bracketed(&chars, i, &mut out),
            c if is_token_char(c) => {
                let start = i;
                while chars.get(i).is_some_and(|&c| is_token_char(c)) {
                    i += 1;
                }
                let token: String = chars.get(start..i).unwrap_or_default().iter().collect();
                let next = chars.get(i).copied();
                let prev = start.checked_sub(1).and_then(|p| chars.get(p)).copied();
                out.push_str(&shift_token(&token, prev, next, dr, dc));
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '.' | '\\')
}

/// Copy a `"…"` literal or `'…'` sheet name (doubled quote = escaped quote).
fn copy_quoted(chars: &[char], start: usize, q: char, out: &mut String) -> usize {
    out.push(q);
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        if c == q {
            if chars.get(i) == Some(&q) {
                out.push(q);
                i += 1;
            } else {
                break;
            }
        }
    }
    i
}

/// Copy a `[…]` section with nesting (`Table1[[#This Row],[Col]]`, `[1]Sheet1!A1`).
fn copy_bracketed(chars: &[char], start: usize, out: &mut String) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    i
}

/// Shift one token if it is a reference; leave names, functions and numbers alone.
fn shift_token(token: &str, prev: Option<char>, next: Option<char>, dr: i64, dc: i64) -> String {
    if matches!(next, Some('(' | '[' | '!')) || token.contains('.') {
        return token.to_owned();
    }
    if let Some(s) = shift_cell(token, dr, dc) {
        return s;
    }
    let in_range = next == Some(':') || prev == Some(':');
    if in_range {
        if let Some(s) = shift_whole(token, dr, dc) {
            return s;
        }
    }
    token.to_owned()
}

/// `$A$1`-style reference.
fn shift_cell(token: &str, dr: i64, dc: i64) -> Option<String> {
    let (col_abs, rest) = match token.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, token),
    };
    let letters: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = rest.get(letters.len()..)?;
    let (row_abs, digits) = match rest.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = letters_to_col(&letters)?;
    let row: i64 = digits.parse().ok()?;
    if col >= MAX_COL || !(1..=MAX_ROW).contains(&row) {
        return None;
    }
    let new_col = if col_abs { col } else { col + dc };
    let new_row = if row_abs { row } else { row + dr };
    if !(0..MAX_COL).contains(&new_col) || !(1..=MAX_ROW).contains(&new_row) {
        return Some("#REF!".to_owned());
    }
    let c = super::column_letters(u32::try_from(new_col).ok()?);
    Some(format!(
        "{}{c}{}{new_row}",
        if col_abs { "$" } else { "" },
        if row_abs { "$" } else { "" }
    ))
}

/// One side of a whole-column (`A`, `$A`) or whole-row (`3`, `$3`) range.
fn shift_whole(token: &str, dr: i64, dc: i64) -> Option<String> {
    let (abs, body) = match token.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, token),
    };
    if body.is_empty() {
        return None;
    }
    if body.chars().all(|c| c.is_ascii_digit()) {
        let row: i64 = body.parse().ok()?;
        let new = if abs { row } else { row + dr };
        if !(1..=MAX_ROW).contains(&new) {
            return Some("#REF!".to_owned());
        }
        return Some(format!("{}{new}", if abs { "$" } else { "" }));
    }
    if body.len() <= 3 && body.chars().all(|c| c.is_ascii_alphabetic()) {
        let col = letters_to_col(body)?;
        let new = if abs { col } else { col + dc };
        if !(0..MAX_COL).contains(&new) {
            return Some("#REF!".to_owned());
        }
        let c = super::column_letters(u32::try_from(new).ok()?);
        return Some(format!("{}{c}", if abs { "$" } else { "" }));
    }
    None
}

fn letters_to_col(letters: &str) -> Option<i64> {
    let mut col: i64 = 0;
    for c in letters.chars() {
        let v = i64::from(u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1);
        col = col * 26 + v;
    }
    col.checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn shifts_relative_references_only() {
        assert_eq!(shift("K9+30", 1, 0), "K10+30");
        assert_eq!(shift("$K$9+K$9+$K9", 2, 1), "$K$9+L$9+$K11");
        assert_eq!(
            shift(r#"IF(S9="High", K9+30, "A1")"#, 1, 0),
            r#"IF(S10="High", K10+30, "A1")"#
        );
        assert_eq!(shift("SUM(A:A)+SUM(2:3)", 1, 1), "SUM(B:B)+SUM(3:4)");
        assert_eq!(shift("'My A1'!B2+LOG10(C3)", 1, 0), "'My A1'!B3+LOG10(C4)");
        assert_eq!(
            shift("Table1[[#This Row],[A1]]+_xlfn.XLOOKUP(A1,B:B,C:C)", 1, 0),
            "Table1[[#This Row],[A1]]+_xlfn.XLOOKUP(A2,B:B,C:C)"
        );
        assert_eq!(shift("A1", -1, 0), "#REF!");
        assert_eq!(shift("1E5+TRUE", 1, 0), "1E5+TRUE");
    }
}
