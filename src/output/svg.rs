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
    pub label: String,
    pub value: usize,
    pub colour: &'static str,
}

/// A legend entry: colour and meaning.
pub type Legend<'a> = &'a [(&'static str, &'static str)];

const WIDTH: u32 = 460;
const LABEL_WIDTH: u32 = 180;
const ROW: u32 = 26;
const BAR: u32 = 18;
/// Roughly the width of one character of 13 px text, to cut long labels.
const CHAR_PX: u32 = 8;

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

fn cut(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        return label.to_owned();
    }
    let kept: String = label.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
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

fn legend(out: &mut String, y: u32, entries: Legend) {
    let mut x = LABEL_WIDTH;
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
        x += 16 + name.chars().count() as u32 * CHAR_PX + 16;
    }
}

/// Horizontal stacked bars, one row per bar, the total written after each bar.
/// `desc` is the chart's content in words for screen readers.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar], key: Legend) -> String {
    let max = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = WIDTH - LABEL_WIDTH - 40;
    let legend_h = if key.is_empty() { 0 } else { 24 };
    let height = (bars.len() as u32).max(1) * ROW + 8 + legend_h;
    let mut out = String::new();
    open_svg(&mut out, id, WIDTH, height, title, desc);
    let max_chars = (LABEL_WIDTH / CHAR_PX) as usize - 1;
    for (i, b) in bars.iter().enumerate() {
        let y = 4 + i as u32 * ROW;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_WIDTH - 8,
            y + BAR - 5,
            esc(&cut(&b.label, max_chars))
        );
        let mut x = LABEL_WIDTH;
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
        legend(&mut out, height - legend_h + 6, key);
    }
    out.push_str("</svg>");
    out
}

/// Columns over a time axis, the value written above each column.
pub fn columns(id: &str, title: &str, desc: &str, cols: &[Column]) -> String {
    let max = cols.iter().map(|c| c.value).max().unwrap_or(0).max(1) as u32;
    let n = (cols.len() as u32).max(1);
    let slot = ((WIDTH - 20) / n).clamp(24, 80);
    let width = (slot * n + 20).max(200);
    let plot_h = 160;
    let top = 20;
    let height = top + plot_h + 40;
    let mut out = String::new();
    open_svg(&mut out, id, width, height, title, desc);
    let base = top + plot_h;
    let _ = write!(
        out,
        "<line x1=\"10\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#9ca3af\"/>",
        width - 10
    );
    for (i, c) in cols.iter().enumerate() {
        let x = 10 + i as u32 * slot;
        let h = c.value as u32 * plot_h / max;
        let bar_w = slot * 3 / 4;
        let bx = x + (slot - bar_w) / 2;
        let mid = x + slot / 2;
        let _ = write!(
            out,
            "<rect x=\"{bx}\" y=\"{}\" width=\"{bar_w}\" height=\"{h}\" fill=\"{}\">\
             <title>{}: {}</title></rect>\
             <text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            base - h,
            c.colour,
            esc(&c.label),
            c.value,
            base - h - 4,
            c.value,
            base + 16,
            esc(&cut(&c.label, (slot / CHAR_PX) as usize))
        );
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
    fn long_labels_are_cut() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
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
        // plot width = 460 - 180 - 40 = 240; 2 of 4 is 120.
        assert!(svg.contains("width=\"240\" height=\"18\" fill=\"#111\""));
        assert!(svg.contains("width=\"120\" height=\"18\" fill=\"#222\""));
    }
}
