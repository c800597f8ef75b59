//! `poam report --format html`: one self-contained page, checked as text and rendered in
//! headless Chromium (when `/usr/bin/chromium` or `chromium` on PATH exists; `.ci/run`
//! installs it): no console errors, and a screenshot that is not blank.

mod common;

use common::{example_report, poam};
use std::path::{Path, PathBuf};

fn html_report(extra: &[&str]) -> String {
    example_report("html", extra)
}

#[test]
fn the_page_is_self_contained() {
    let html = html_report(&[]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for banned in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href=",
    ] {
        assert!(
            !html.contains(banned),
            "the page must not load anything: found {banned}"
        );
    }
    // The only URL is the SVG namespace, which is a name, not a fetch.
    let urls = html.matches("http").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces);
    assert_eq!(namespaces, 4, "four charts");
}

#[test]
fn the_page_is_readable_on_a_phone_printable_and_accessible() {
    let html = html_report(&[]);
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("@media (max-width:600px)"));
    assert!(html.contains("@media print{"));
    assert!(html.contains(".page{break-before:page}"));
    assert!(html.contains(".scroll{overflow-x:auto"));
    assert_eq!(
        html.matches("<div class=\"scroll\"><table").count(),
        html.matches("<table").count()
    );
    assert_eq!(html.matches("role=\"img\"").count(), 4);
    for id in [
        "chart-status",
        "chart-family",
        "chart-owners",
        "chart-months",
    ] {
        assert!(
            html.contains(&format!("<title id=\"{id}-t\">")),
            "{id} has a title"
        );
        assert!(
            html.contains(&format!("<desc id=\"{id}-d\">")),
            "{id} has a description"
        );
    }
    assert!(html.contains("<desc id=\"chart-status-d\">Open: 3; In Progress: 7; Delayed: 1; Risk Accepted: 1; Closed: 2</desc>"));
}

#[test]
fn the_page_says_what_the_headline_says() {
    let html = html_report(&[]);
    assert!(html.contains("<div class=\"value\">93 / 110</div>"));
    assert!(html
        .contains("<div class=\"value\">2027-03-14</div><div class=\"sub\">108 days left</div>"));
    assert!(html.contains("<div class=\"value\">2027-04-30</div>"));
    assert!(html.contains("<li>poam-ineligible: 3.5.3 is worth 3 points</li>"));
    assert!(html.contains("<tr class=\"late\"><td class=\"nw\">POAM-MP-001</td>"));
    // Text from the spreadsheet is escaped.
    assert!(html.contains("POA&amp;M!J15"));
    assert!(!html.contains("POA&M!"));
}

#[test]
fn other_field_changes_list_only_what_the_change_lists_do_not_show() {
    let html = html_report(&["--previous", "tests/fixtures/report/previous.csv"]);
    assert!(
        html.contains(
            "<h3>Other field changes (1)</h3>\n<div class=\"scroll\"><table>\n<thead><tr>\
         <th scope=\"col\" class=\"nw\">Item</th><th scope=\"col\" class=\"nw\">Field</th>\
         <th scope=\"col\">Before</th><th scope=\"col\">After</th></tr></thead>\n<tbody>\n\
         <tr><td class=\"nw\">POAM-IA-002</td><td class=\"nw\">evidence</td>\
         <td>evidence/IA/3.5.8-password-policy.png</td><td>(blank)</td></tr>\n</tbody>"
        ),
        "{html}"
    );
    assert!(!html.contains("other field change(s)"));
}

#[test]
fn owner_table_lists_the_items_a_person_only_supports() {
    let html = poam(&[
        "report",
        "tests/fixtures/report/supporting.csv",
        "--as-of",
        "2026-11-26",
        "--format",
        "html",
    ]);
    let priya = html
        .lines()
        .find(|l| l.starts_with("<tr><td") && l.contains(">Priya Raman</td>"))
        .expect("a row for Priya Raman");
    assert!(priya.ends_with("<td>S-1 (supporting)</td></tr>"), "{priya}");
    let ana = html
        .lines()
        .find(|l| l.starts_with("<tr><td") && l.contains(">Ana Ruiz</td>"))
        .expect("a row for Ana Ruiz");
    assert!(
        ana.ends_with("<td>S-2, S-1 (supporting)</td></tr>"),
        "{ana}"
    );
}

/// The `<svg>` of the chart whose id is `id`.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("aria-labelledby=\"{id}-t"))
        .and_then(|i| html[..i].rfind("<svg"))
        .unwrap_or_else(|| panic!("chart {id}"));
    let end = html[start..].find("</svg>").expect("the chart ends") + start;
    &html[start..end]
}

/// Every `<text>` of an SVG: (x, y, text-anchor, content unescaped).
fn texts(svg: &str) -> Vec<(u32, u32, String, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let i = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[i..i + tag[i..].find('"')?].to_owned())
    };
    svg.split("<text ")
        .skip(1)
        .map(|rest| {
            let tag_end = rest.find('>').expect("tag ends");
            let tag = &rest[..tag_end];
            let content = &rest[tag_end + 1..rest.find("</text>").expect("text ends")];
            (
                attr(tag, "x").and_then(|x| x.parse().ok()).expect("x"),
                attr(tag, "y").and_then(|y| y.parse().ok()).expect("y"),
                attr(tag, "text-anchor").unwrap_or_default(),
                content
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            )
        })
        .collect()
}

#[test]
fn bar_labels_fit_inside_the_chart_with_a_margin() {
    use poam::output::svg::text_width;
    let html = html_report(&[]);
    for id in ["chart-status", "chart-family", "chart-owners"] {
        let labels: Vec<_> = texts(chart(&html, id))
            .into_iter()
            .filter(|t| t.2 == "end")
            .collect();
        assert!(!labels.is_empty(), "{id} has labels");
        for (x, _, _, text) in &labels {
            // Right-aligned at x: the text starts at x - its width, at least 4 px in.
            assert!(
                *x >= text_width(text) + 4,
                "{id}: '{text}' ({} px) ending at x={x} starts outside the chart",
                text_width(text)
            );
        }
    }
    // The family whose name is longest keeps its code and the start of its name.
    let family = texts(chart(&html, "chart-family"));
    assert!(
        family.iter().any(|t| t.3 == "SC System and Communi…"),
        "{family:?}"
    );
}

#[test]
fn month_labels_are_short_and_never_overlap() {
    use poam::output::svg::text_width;
    // 24 open items, one due each month from 2026-11 to 2028-10.
    let mut csv = String::from(
        "POA&M ID,Control,Weakness,Remediation Plan,Owner,Scheduled Completion Date,Status\n",
    );
    for i in 0..24u32 {
        let (year, month) = (2026 + (10 + i) / 12, (10 + i) % 12 + 1);
        csv.push_str(&format!(
            "M-{i:02},3.1.{},Weakness,Remediation,Owner,{year}-{month:02}-15,Open\n",
            i % 20 + 1
        ));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("months.csv");
    std::fs::write(&path, csv).expect("written");
    let path_text = path.to_str().expect("UTF-8 temp path");
    let html = poam(&[
        "report",
        "--as-of",
        "2026-10-01",
        "--format",
        "html",
        path_text,
    ]);
    let svg = chart(&html, "chart-months");
    // 25 columns ("now" and 24 months) in the usual width, each with its tooltip.
    assert!(svg.contains("viewBox=\"0 0 445 "), "{svg}");
    assert_eq!(svg.matches("<title>open after 20").count(), 24);
    // Axis labels: the lowest line of text under the axis, written every few columns.
    let all = texts(svg);
    let axis_y = all.iter().map(|t| t.1).max().expect("texts");
    let first_line: Vec<_> = all.iter().filter(|t| t.1 == axis_y - 16).collect();
    let names: Vec<&str> = first_line.iter().map(|t| t.3.as_str()).collect();
    assert_eq!(
        names,
        ["now", "Jan", "Apr", "Jul", "Oct", "Jan", "Apr", "Jul", "Oct"]
    );
    let years: Vec<&str> = all
        .iter()
        .filter(|t| t.1 == axis_y)
        .map(|t| t.3.as_str())
        .collect();
    assert_eq!(
        years,
        ["2027", "2027", "2027", "2027", "2028", "2028", "2028", "2028"]
    );
    assert!(!svg.contains('…'), "no label is cut");
    for pair in first_line.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let room = b.0 - a.0;
        let needed = (text_width(&a.3) + text_width(&b.3)) / 2;
        assert!(room > needed, "'{}' and '{}' overlap", a.3, b.3);
    }
}

/// `chromium` from PATH or /usr/bin, when installed.
fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.exists() {
        return Some(fixed.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("chromium"))
            .find(|p| p.exists())
    })
}

/// Render `page` to a PNG; returns the console lines Chromium logged and the PNG path.
fn render(
    chrome: &Path,
    dir: &Path,
    page: &Path,
    name: &str,
    size: &str,
) -> (Vec<String>, PathBuf) {
    let png = dir.join(format!("{name}.png"));
    let profile = dir.join(format!("profile-{name}"));
    let out = std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={size}"))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_owned)
        .collect();
    (console, png)
}

/// Distinct colours in a PNG screenshot (a blank page has one).
fn distinct_colours(png: &Path) -> usize {
    let file = std::fs::File::open(png).expect("screenshot written");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("one frame");
    let bytes = info.color_type.samples();
    let mut colours: Vec<&[u8]> = buf[..info.buffer_size()].chunks(bytes).collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

#[test]
fn chromium_renders_it_without_console_errors_and_not_blank() {
    let Some(chrome) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // A page with a console error, to prove the check can see one.
    let bad = dir.path().join("bad.html");
    std::fs::write(&bad, "<p>x</p><script>console.error('boom')</script>").expect("write");
    let (console, _) = render(&chrome, dir.path(), &bad, "bad", "400,300");
    assert!(
        console.iter().any(|l| l.contains("boom")),
        "the console check must see a console error; Chromium's log format changed?"
    );

    let page = dir.path().join("report.html");
    std::fs::write(
        &page,
        html_report(&["--previous", "tests/fixtures/report/previous.csv"]),
    )
    .expect("write");
    for (name, size) in [("desktop", "1200,2400"), ("phone", "390,1600")] {
        let (console, png) = render(&chrome, dir.path(), &page, name, size);
        assert!(console.is_empty(), "{name}: console messages: {console:#?}");
        let colours = distinct_colours(&png);
        assert!(
            colours > 50,
            "{name}: the screenshot has {colours} colours: blank?"
        );
    }
}
