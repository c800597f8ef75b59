//! Hand-written inline SVG charts for the HTML report (`../notes/crates.md` §5: no
//! library, deterministic bytes, real `<text>`, accessible `role="img"` with `<title>` and
//! `<desc>`). Two shapes cover the report: horizontal stacked bars (status, family, owner
//! load) and columns (open items over time).

use std::fmt::Write;

/// One horizontal bar: a label and one or more coloured segments laid end to end.
pub struct Bar {
    pub label: String,
    /// (value, colour, what the segment is, for the tooltip).
    pub segments: Vec<(usize, &'static str, &'static str)>,
}

/// One column of a column chart.
pub struct Column {
    /// The column's full name, for its tooltip ("2027-01").
    pub label: String,
    /// The text under the column: one or two lines separated by `\n` ("Jan\n2027").
    pub axis: String,
    pub value: usize,
    pub colour: &'static str,
}

/// A legend entry: colour and meaning.
pub type Legend<'a> = &'a [(&'static str, &'static str)];

/// The width of every chart in SVG units. Columns narrow rather than widen the chart, so
/// that its text is never scaled down further than `WIDTH` to the screen's width.
const WIDTH: u32 = 460;
/// The widest label area of a bar chart; longer labels are cut to fit (the full label is
/// in the bar's tooltip and in the chart's description).
const MAX_LABEL_WIDTH: u32 = 200;
/// Space between the end of a label and its bar.
const LABEL_GAP: u32 = 8;
/// Space kept free before the start of the longest label, so no glyph touches the edge.
const EDGE: u32 = 4;
const ROW: u32 = 26;
const BAR: u32 = 18;
/// The size of chart text, in px, as the report's style sets it (`svg text{font-size:13px}`).
const FONT_PX: f64 = 13.0;
/// The narrowest column; the axis labels are thinned out before columns get narrower.
const MIN_SLOT: u32 = 10;

/// Text for XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How wide one character is, in ems: the advance widths of DejaVu Sans (Linux's default
/// sans-serif and the widest of the fonts the report's style names), rounded up. Segoe UI,
/// Roboto and Helvetica are narrower, so a label may get a little more room than it needs
/// there, never less.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' => 0.28,
        'I' | 'J' => 0.30,
        '.' | ',' | ':' | ';' | '!' | ' ' => 0.34,
        'f' | '/' | '\\' | '-' | '(' | ')' | '[' | ']' => 0.40,
        't' | 'r' => 0.42,
        's' | 'z' => 0.53,
        'c' => 0.55,
        'L' | 'F' => 0.58,
        'k' | 'v' | 'x' | 'y' => 0.60,
        'a' | 'e' | 'o' | 'P' | 'T' | 'Y' | 'E' => 0.64,
        'b' | 'd' | 'g' | 'h' | 'n' | 'p' | 'q' | 'u' | 'S' | '0'..='9' => 0.64,
        'K' | 'A' | 'B' | 'V' | 'X' | 'Z' | 'R' | 'C' => 0.70,
        'U' | 'N' | 'H' | 'D' | 'G' | 'O' | 'Q' => 0.79,
        '&' => 0.79,
        'w' => 0.82,
        'M' => 0.87,
        'm' => 0.98,
        'W' | '…' | '—' | '%' | '@' => 1.0,
        c if c.is_ascii() => 0.64,
        // East Asian and other wide scripts take a full em; other letters as wide capitals.
        c if u32::from(c) >= 0x2E80 => 1.0,
        _ => 0.79,
    }
}

/// The estimated width of `text` at the chart font size, in px (= SVG units).
pub fn text_width(text: &str) -> u32 {
    let ems: f64 = text.chars().map(char_em).sum();
    (ems * FONT_PX).ceil() as u32
}

/// `label`, cut with "…" so that it is at most `max_px` wide.
fn fit(label: &str, max_px: u32) -> String {
    if text_width(label) <= max_px {
        return label.to_owned();
    }
    let mut kept: Vec<char> = label.chars().collect();
    while !kept.is_empty() {
        kept.pop();
        let candidate = format!("{}…", kept.iter().collect::<String>().trim_end());
        if text_width(&candidate) <= max_px {
            return candidate;
        }
    }
    "…".to_owned()
}

fn open_svg(out: &mut String, id: &str, width: u32, height: u32, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    );
}

fn legend(out: &mut String, x: u32, y: u32, entries: Legend) {
    let mut x = x;
    for (colour, name) in entries {
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            y,
            x + 16,
            y + 10,
            esc(name)
        );
        x += 16 + text_width(name) + 16;
    }
}

/// Where the bars start: after the widest label (and a gap), within the limits.
fn label_area(bars: &[Bar]) -> u32 {
    let widest = bars.iter().map(|b| text_width(&b.label)).max().unwrap_or(0);
    (EDGE + widest + LABEL_GAP).clamp(60, MAX_LABEL_WIDTH)
}

/// Horizontal stacked bars, one row per bar, the total written after each bar. Labels are
/// right-aligned against the bars, as wide as the widest needs (up to `MAX_LABEL_WIDTH`).
/// `desc` is the chart's content in words for screen readers.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar], key: Legend) -> String {
    let max = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let label_width = label_area(bars);
    // Room after the longest bar for its total.
    let plot = WIDTH - label_width - 40;
    let legend_h = if key.is_empty() { 0 } else { 24 };
    let height = (bars.len() as u32).max(1) * ROW + 8 + legend_h;
    let mut out = String::new();
    open_svg(&mut out, id, WIDTH, height, title, desc);
    let label_room = label_width - LABEL_GAP - EDGE;
    for (i, b) in bars.iter().enumerate() {
        let y = 4 + i as u32 * ROW;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_width - LABEL_GAP,
            y + BAR - 5,
            esc(&fit(&b.label, label_room))
        );
        let mut x = label_width;
        let mut total = 0;
        for (value, colour, what) in &b.segments {
            if *value == 0 {
                continue;
            }
            let w = (*value as u32 * plot) / max as u32;
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{BAR}\" fill=\"{colour}\">\
                 <title>{}: {value} {}</title></rect>",
                w.max(2),
                esc(&b.label),
                esc(what)
            );
            x += w.max(2);
            total += value;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{total}</text>",
            x + 6,
            y + BAR - 5
        );
    }
    if !key.is_empty() {
        legend(&mut out, label_width, height - legend_h + 6, key);
    }
    out.push_str("</svg>");
    out
}

/// Every how many columns a label is written so that no two labels overlap: the widest
/// label (and a small gap) must fit in `step` slots.
fn label_step(widest: u32, slot: u32) -> u32 {
    (widest + 6).div_ceil(slot.max(1)).max(1)
}

/// Columns over a time axis, the value written above each column. The chart keeps the
/// width `WIDTH`: with many columns they narrow, and the axis labels and values are written
/// on every second (third …) column only, so none overlap; each column's tooltip still
/// names it and its value.
pub fn columns(id: &str, title: &str, desc: &str, cols: &[Column]) -> String {
    let max = cols.iter().map(|c| c.value).max().unwrap_or(0).max(1) as u32;
    let n = (cols.len() as u32).max(1);
    let slot = ((WIDTH - 20) / n).clamp(MIN_SLOT, 80);
    let width = (slot * n + 20).max(200);
    let widest_axis = cols
        .iter()
        .flat_map(|c| c.axis.lines())
        .map(text_width)
        .max()
        .unwrap_or(0);
    let widest_value = cols
        .iter()
        .map(|c| text_width(&c.value.to_string()))
        .max()
        .unwrap_or(0);
    let axis_step = label_step(widest_axis, slot);
    let value_step = label_step(widest_value, slot);
    let axis_lines = cols
        .iter()
        .map(|c| c.axis.lines().count())
        .max()
        .unwrap_or(1) as u32;
    let plot_h = 160;
    let top = 20;
    let height = top + plot_h + 12 + 16 * axis_lines.max(1) + 8;
    let mut out = String::new();
    open_svg(&mut out, id, width, height, title, desc);
    let base = top + plot_h;
    let _ = write!(
        out,
        "<line x1=\"10\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#9ca3af\"/>",
        width - 10
    );
    for (i, c) in cols.iter().enumerate() {
        let i = i as u32;
        let x = 10 + i * slot;
        let h = c.value as u32 * plot_h / max;
        let bar_w = (slot * 3 / 4).max(2);
        let bx = x + (slot - bar_w) / 2;
        let mid = x + slot / 2;
        let _ = write!(
            out,
            "<rect x=\"{bx}\" y=\"{}\" width=\"{bar_w}\" height=\"{h}\" fill=\"{}\">\
             <title>{}: {}</title></rect>",
            base - h,
            c.colour,
            esc(&c.label),
            c.value
        );
        if i.is_multiple_of(value_step) {
            let _ = write!(
                out,
                "<text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                base - h - 4,
                c.value
            );
        }
        if i.is_multiple_of(axis_step) {
            for (line, text) in c.axis.lines().enumerate() {
                let _ = write!(
                    out,
                    "<text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    base + 16 + 16 * line as u32,
                    esc(text)
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_titled() {
        let svg = bars(
            "s",
            "Items <by> status",
            "Open: 1",
            &[Bar {
                label: "A & B".into(),
                segments: vec![(1, "#000", "open")],
            }],
            &[],
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"s-t\">Items &lt;by&gt; status</title>"));
        assert!(svg.contains(">A &amp; B</text>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_labels_are_cut_to_a_width() {
        assert_eq!(fit("abc", 100), "abc");
        // "abcdef" is (4 × 0.64 + 0.55 + 0.40) em × 13 px = 46 px; "abc…" is 37 px.
        assert_eq!(text_width("abcdef"), 46);
        assert_eq!(fit("abcdef", 40), "abc…");
        // Capitals and wide letters take more room than the same count of narrow ones.
        assert!(text_width("MMMM") > 2 * text_width("iiii"));
    }

    #[test]
    fn labels_get_the_room_they_need_and_are_right_aligned() {
        let family = |label: &str| Bar {
            label: label.into(),
            segments: vec![(1, "#000", "open")],
        };
        // A short label: a narrow label area, the text ending 8 px before the bar.
        let svg = bars("s", "t", "d", &[family("IT")], &[]);
        assert!(svg.contains("<text x=\"52\" y=\"17\" text-anchor=\"end\">IT</text>"));
        assert!(svg.contains("<rect x=\"60\""));
        // A long one: the widest area, and cut so that it starts at least EDGE px in.
        let long = "SC System and Communications Protection";
        let svg = bars("s", "t", "d", &[family(long)], &[]);
        let shown = fit(long, MAX_LABEL_WIDTH - LABEL_GAP - EDGE);
        assert_eq!(shown, "SC System and Communi…");
        assert!(text_width(&shown) <= MAX_LABEL_WIDTH - LABEL_GAP - EDGE);
        assert!(svg.contains(&format!(
            "<text x=\"192\" y=\"17\" text-anchor=\"end\">{shown}</text>"
        )));
        assert!(svg.contains(&format!("<title>{long}: 1 open</title>")));
    }

    #[test]
    fn many_columns_thin_their_labels_and_keep_the_width() {
        let cols: Vec<Column> = (0..24)
            .map(|i| Column {
                label: format!("month {i}"),
                axis: "Jan\n2027".into(),
                value: 30 - i,
                colour: "#000",
            })
            .collect();
        let svg = columns("m", "t", "d", &cols);
        // 440 / 24 = 18 px a column: "2027" (34 px) needs every third column.
        assert!(svg.contains("viewBox=\"0 0 452 "), "{svg}");
        assert_eq!(svg.matches(">2027</text>").count(), 8);
        // Each column keeps its tooltip.
        assert_eq!(svg.matches("<title>month ").count(), 24);
    }

    #[test]
    fn the_largest_bar_fills_the_plot() {
        let svg = bars(
            "s",
            "t",
            "d",
            &[
                Bar {
                    label: "a".into(),
                    segments: vec![(4, "#111", "x")],
                },
                Bar {
                    label: "b".into(),
                    segments: vec![(2, "#222", "x")],
                },
            ],
            &[],
        );
        // Labels "a" and "b" need the narrowest label area, 60; plot = 460 - 60 - 40 = 360;
        // 2 of 4 is 180.
        assert!(svg.contains("width=\"360\" height=\"18\" fill=\"#111\""));
        assert!(svg.contains("width=\"180\" height=\"18\" fill=\"#222\""));
    }
}
