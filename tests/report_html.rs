//! `poam report --format html`: one self-contained page, checked as text and rendered in
//! headless Chromium (when `/usr/bin/chromium` or `chromium` on PATH exists; `.ci/run`
//! installs it): no console errors, and a screenshot that is not blank.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn html_report(extra: &[&str]) -> String {
    let out = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "report",
            "examples/poam.xlsx",
            "--ssp",
            "examples/ssp.xlsx",
            "--as-of",
            "2026-11-26",
            "--conditional-date",
            "2026-09-15",
            "--format",
            "html",
        ])
        .args(extra)
        .output()
        .expect("poam runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
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
