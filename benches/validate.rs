//! Throughput and memory of `poam validate` on generated 20 / 1k / 10k / 100k-row POA&M
//! workbooks (XLSX and CSV), against the bare reads poam cannot beat:
//!
//! * XLSX: calamine's streaming `Xlsx::worksheet_cells_reader` walking every cell (the
//!   reader poam's io layer uses), and `worksheet_range` for reference;
//! * CSV: the csv crate reading every record.
//!
//! Method. Both sides run as a child process, started the same way, stdout to /dev/null,
//! so process start-up is in both figures (this bench binary re-runs itself with
//! `--baseline KIND FILE` for the baselines). Runs alternate poam / baseline to spread
//! any load from other work on the machine evenly. Each figure is the median of
//! `POAM_BENCH_RUNS` runs (default 7) after one warm-up run (the file is then in the page
//! cache for both). Peak memory is the child's own `ru_maxrss` from `wait4`, read in a
//! small measurer process (`--measure`, see `measure::run_isolated` for why). The
//! in-process baseline time (no start-up) is printed too.
//!
//! `cargo bench --bench validate` builds poam with the bench profile (= release) and sets
//! `CARGO_BIN_EXE_poam` to it. Files are cached under `target/bench-data/`. Without
//! `--bench` (that is, under `cargo test --benches`) only a quick self-check runs.
//!
//! Environment: `POAM_BENCH_RUNS` (runs per figure), `POAM_BENCH_ROWS` (comma-separated
//! row counts), `POAM_BENCH_FORMATS` (`xlsx,csv`), `POAM_BENCH_BIN` (another poam binary).
//! `cargo bench --bench validate -- --generate-only` only writes the cached files.

#[path = "support/baseline.rs"]
mod baseline;
#[path = "support/generate.rs"]
mod generate;
#[path = "support/measure.rs"]
mod measure;

use measure::{format_bytes, format_duration, median, Run};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Bumped whenever the generator changes, so cached files are never stale.
const GENERATOR_VERSION: u32 = 3;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("--baseline") => run_baseline_child(&args[1..]),
        Some("--measure") => measure::measure_main(&args[1..]).map_err(Into::into),
        _ if args.iter().any(|a| a == "--generate-only") => generate_only(),
        _ if args.iter().any(|a| a == "--bench") => run_suite(),
        _ => self_check(),
    };
    if let Err(e) = outcome {
        eprintln!("bench error: {e}");
        std::process::exit(2);
    }
}

// ---------------------------------------------------------------------------------------
// Child mode: one baseline read, then exit.

fn run_baseline_child(args: &[String]) -> Result<()> {
    let (Some(kind), Some(file)) = (args.first(), args.get(1)) else {
        return Err("usage: --baseline xlsx-cells|xlsx-range|csv FILE".into());
    };
    let (n, sum) = baseline_by_name(kind)?(Path::new(file))?;
    println!("{n} {sum}");
    Ok(())
}

type BaselineFn = fn(&Path) -> Result<(u64, u64)>;

fn baseline_by_name(kind: &str) -> Result<BaselineFn> {
    match kind {
        "xlsx-cells" => Ok(baseline::xlsx_cells),
        "xlsx-range" => Ok(baseline::xlsx_range),
        "csv" => Ok(baseline::csv_records),
        other => Err(format!("unknown baseline {other}").into()),
    }
}

// ---------------------------------------------------------------------------------------
// Self-check (`cargo test --benches`): the generator and baselines agree on a small file.

fn self_check() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("poam-bench-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let rows = generate::generate(200);
    let xlsx = dir.join("check.xlsx");
    let csv = dir.join("check.csv");
    generate::write_xlsx(&rows, &xlsx)?;
    generate::write_csv(&rows, &csv)?;
    let (csv_fields, _) = baseline::csv_records(&csv)?;
    let (cells, _) = baseline::xlsx_cells(&xlsx)?;
    let (range_cells, _) = baseline::xlsx_range(&xlsx)?;
    std::fs::remove_dir_all(&dir)?;
    // 201 records × 15 fields; the workbook leaves empty text cells out.
    assert_eq!(csv_fields, 201 * 15);
    assert_eq!(
        cells, range_cells,
        "streaming and range reads see the same cells"
    );
    assert!(cells > 200 * 12 && cells <= 201 * 15, "cells = {cells}");
    println!("bench self-check ok: {cells} xlsx cells, {csv_fields} csv fields");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The suite.

/// `cargo bench --bench validate -- --generate-only`: write the cached files and stop.
fn generate_only() -> Result<()> {
    let cfg = config()?;
    std::fs::create_dir_all(&cfg.data_dir)?;
    for &rows in &cfg.rows {
        let generated = generate::generate(rows);
        for format in &cfg.formats {
            let path = cached_file(&cfg.data_dir, &generated, rows, format)?;
            println!("{} ({})", path.display(), summary(&generated));
        }
    }
    Ok(())
}

fn summary(rows: &[generate::GenRow]) -> String {
    let flaws: Vec<String> = generate::flaw_counts(rows)
        .iter()
        .map(|(f, n)| format!("{} {n}", f.rule()))
        .collect();
    format!(
        "{} rows; expected findings: {}",
        rows.len(),
        flaws.join(", ")
    )
}

struct Config {
    runs: usize,
    rows: Vec<usize>,
    formats: Vec<String>,
    poam: PathBuf,
    data_dir: PathBuf,
}

fn config() -> Result<Config> {
    // Cargo sets CARGO_BIN_EXE_poam when it builds a bench of this package.
    let poam = match (
        std::env::var_os("POAM_BENCH_BIN"),
        option_env!("CARGO_BIN_EXE_poam"),
    ) {
        (Some(p), _) => PathBuf::from(p),
        (None, Some(p)) => PathBuf::from(p),
        (None, None) => return Err("set POAM_BENCH_BIN to the poam binary".into()),
    };
    // target/<profile>/poam → target/bench-data
    let data_dir = poam
        .parent()
        .and_then(Path::parent)
        .map(|t| t.join("bench-data"))
        .ok_or("cannot place target/bench-data")?;
    let runs = env_or("POAM_BENCH_RUNS", "7").parse::<usize>()?.max(1);
    let rows = env_or("POAM_BENCH_ROWS", "20,1000,10000,100000")
        .split(',')
        .map(|s| s.trim().parse::<usize>())
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let formats = env_or("POAM_BENCH_FORMATS", "xlsx,csv")
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    Ok(Config {
        runs,
        rows,
        formats,
        poam,
        data_dir,
    })
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// One line of the results table.
struct Measured {
    file: String,
    format: String,
    rows: usize,
    bytes: u64,
    poam: Option<Duration>,
    poam_rss: Option<u64>,
    poam_exit: Option<i32>,
    baseline_name: &'static str,
    baseline: Duration,
    baseline_rss: Option<u64>,
    baseline_in_process: Duration,
    /// `worksheet_range`, XLSX only: (child median, child max RSS).
    range: Option<(Duration, Option<u64>)>,
    check: String,
}

fn run_suite() -> Result<()> {
    let cfg = config()?;
    std::fs::create_dir_all(&cfg.data_dir)?;
    let load_before = load_average();
    println!("poam binary : {}", cfg.poam.display());
    println!("bench data  : {}", cfg.data_dir.display());
    println!("machine     : {}", machine());
    println!("load average: {load_before} (before)");
    println!(
        "runs        : {} per figure (median), after 1 warm-up\n",
        cfg.runs
    );

    let startup = median_of(cfg.runs, || {
        measure::run_isolated(&cfg.poam, &[OsStr::new("--version")])
    })?;
    println!(
        "process start-up (`poam --version`): {}, max RSS {}",
        format_duration(startup.0),
        startup.1.max_rss.map_or("n/a".into(), format_bytes)
    );

    let mut results = Vec::new();
    for &rows in &cfg.rows {
        let generated = generate::generate(rows);
        for format in &cfg.formats {
            let path = cached_file(&cfg.data_dir, &generated, rows, format)?;
            eprintln!("measuring {} …", path.display());
            results.push(measure_file(&cfg, &path, format, rows, &generated)?);
        }
    }
    let load_after = load_average();
    println!("\nload average: {load_after} (after)\n");
    print_tables(&results, startup);
    Ok(())
}

/// The file for `rows` rows in `format`, generated once and cached (written to a
/// temporary name and renamed, so an interrupted run never leaves half a file).
fn cached_file(
    dir: &Path,
    rows_data: &[generate::GenRow],
    rows: usize,
    format: &str,
) -> Result<PathBuf> {
    let path = dir.join(format!("poam-v{GENERATOR_VERSION}-{rows}.{format}"));
    if path.exists() {
        return Ok(path);
    }
    let tmp = dir.join(format!("poam-v{GENERATOR_VERSION}-{rows}.tmp.{format}"));
    let started = Instant::now();
    match format {
        "xlsx" => generate::write_xlsx(rows_data, &tmp)?,
        "csv" => generate::write_csv(rows_data, &tmp)?,
        other => return Err(format!("unknown format {other}").into()),
    }
    std::fs::rename(&tmp, &path)?;
    eprintln!(
        "generated {} in {}",
        path.display(),
        format_duration(started.elapsed())
    );
    Ok(path)
}

fn measure_file(
    cfg: &Config,
    path: &Path,
    format: &str,
    rows: usize,
    generated: &[generate::GenRow],
) -> Result<Measured> {
    let self_exe = std::env::current_exe()?;
    let baseline_kind = if format == "xlsx" {
        "xlsx-cells"
    } else {
        "csv"
    };
    let as_of = as_of_text();
    let poam_args: Vec<&OsStr> = vec![
        OsStr::new("validate"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--as-of"),
        OsStr::new(&as_of),
    ];
    let run_poam = || measure::run_isolated(&cfg.poam, &poam_args);
    let run_child = |kind: &str| {
        measure::run_isolated(
            &self_exe,
            &[OsStr::new("--baseline"), OsStr::new(kind), path.as_os_str()],
        )
    };
    let poam_cmd = || {
        let mut c = Command::new(&cfg.poam);
        c.args(&poam_args);
        c
    };

    // Warm-up, and: can poam read this file at all yet? (exit 2 = input unusable.)
    let warm = run_poam()?;
    let poam_usable = matches!(warm.exit_code, Some(0 | 1));
    checked(run_child(baseline_kind)?)?;

    let mut poam_samples = Vec::new();
    let mut poam_rss = None;
    let mut base_samples = Vec::new();
    let mut base_rss = None;
    let mut range_samples = Vec::new();
    let mut range_rss = None;
    for _ in 0..cfg.runs {
        if poam_usable {
            let r = run_poam()?;
            poam_samples.push(r.wall);
            poam_rss = max_opt(poam_rss, r.max_rss);
        }
        let b = checked(run_child(baseline_kind)?)?;
        base_samples.push(b.wall);
        base_rss = max_opt(base_rss, b.max_rss);
        if format == "xlsx" {
            let r = checked(run_child("xlsx-range")?)?;
            range_samples.push(r.wall);
            range_rss = max_opt(range_rss, r.max_rss);
        }
    }
    let read = baseline_by_name(baseline_kind)?;
    let mut in_process = Vec::new();
    for _ in 0..cfg.runs {
        let started = Instant::now();
        std::hint::black_box(read(path)?);
        in_process.push(started.elapsed());
    }
    let check = if poam_usable {
        check_findings(&mut poam_cmd(), generated)?
    } else {
        format!("poam exit {:?}: cannot read this file yet", warm.exit_code)
    };
    Ok(Measured {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        format: format.to_owned(),
        rows,
        bytes: std::fs::metadata(path)?.len(),
        poam: poam_usable.then(|| median(&poam_samples)),
        poam_rss,
        poam_exit: warm.exit_code,
        baseline_name: if format == "xlsx" {
            "calamine worksheet_cells_reader"
        } else {
            "csv crate records()"
        },
        baseline: median(&base_samples),
        baseline_rss: base_rss,
        baseline_in_process: median(&in_process),
        range: (format == "xlsx").then(|| (median(&range_samples), range_rss)),
        check,
    })
}

fn as_of_text() -> String {
    let (y, m, d) = generate::AS_OF;
    format!("{y:04}-{m:02}-{d:02}")
}

/// A baseline child that failed is a broken benchmark, not a slow one.
fn checked(run: Run) -> Result<Run> {
    match run.exit_code {
        Some(0) => Ok(run),
        other => Err(format!("baseline child exited with {other:?}").into()),
    }
}

fn max_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn median_of(runs: usize, mut f: impl FnMut() -> std::io::Result<Run>) -> Result<(Duration, Run)> {
    let first = f()?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        samples.push(f()?.wall);
    }
    Ok((median(&samples), first))
}

/// Run poam once more with stdout captured and compare its findings with the flaws the
/// generator planted: a benchmark of a validator that finds nothing would be meaningless.
fn check_findings(cmd: &mut Command, generated: &[generate::GenRow]) -> Result<String> {
    let output = cmd.stderr(std::process::Stdio::null()).output()?;
    let json: serde_json::Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => return Ok(format!("output is not JSON ({e})")),
    };
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for f in json["findings"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        if let Some(rule) = f["rule"].as_str() {
            *by_rule.entry(rule.to_owned()).or_insert(0) += 1;
        }
    }
    let total = json["items"]["total"].as_u64();
    let mut parts = vec![format!(
        "items {} (generated {})",
        total.map_or("?".into(), |t| t.to_string()),
        generated.len()
    )];
    for (flaw, planted) in generate::flaw_counts(generated) {
        let found = by_rule.get(flaw.rule()).copied().unwrap_or(0);
        parts.push(format!("{} {found}/{planted}", flaw.rule()));
    }
    let planted_rules: Vec<&str> = generate::flaw_counts(generated)
        .keys()
        .map(|f| f.rule())
        .collect();
    let others: Vec<String> = by_rule
        .iter()
        .filter(|(r, _)| !planted_rules.contains(&r.as_str()))
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    if !others.is_empty() {
        parts.push(format!("other: {}", others.join(", ")));
    }
    Ok(parts.join("; "))
}

// ---------------------------------------------------------------------------------------
// Reporting.

fn print_tables(results: &[Measured], startup: (Duration, Run)) {
    println!(
        "| file | rows | size | poam median | baseline median | ratio | poam max RSS | targets |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for m in results {
        let ratio = m
            .poam
            .map(|p| p.as_secs_f64() / m.baseline.as_secs_f64().max(1e-9));
        println!(
            "| {} | {} | {} | {} | {} ({}) | {} | {} | {} |",
            m.file,
            m.rows,
            format_bytes(m.bytes),
            m.poam.map_or("n/a".into(), format_duration),
            format_duration(m.baseline),
            m.baseline_name,
            ratio.map_or("n/a".into(), |r| format!("{r:.2}×")),
            m.poam_rss.map_or("n/a".into(), format_bytes),
            verdict(m, ratio),
        );
    }
    println!("\nReference figures (same files):\n");
    println!("| file | baseline max RSS | baseline in-process | calamine worksheet_range (child) | worksheet_range max RSS | poam exit |");
    println!("|---|---:|---:|---:|---:|---:|");
    for m in results {
        let (range, range_rss) = match m.range {
            Some((d, rss)) => (format_duration(d), rss.map_or("n/a".into(), format_bytes)),
            None => ("–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            m.file,
            m.baseline_rss.map_or("n/a".into(), format_bytes),
            format_duration(m.baseline_in_process),
            range,
            range_rss,
            m.poam_exit.map_or("signal".into(), |c| c.to_string()),
        );
    }
    println!(
        "\nprocess start-up (`poam --version`): {}, max RSS {} (the floor of every RSS figure)",
        format_duration(startup.0),
        startup.1.max_rss.map_or("n/a".into(), format_bytes)
    );
    println!("\nFindings check (found/expected from the planted flaws):\n");
    for m in results {
        println!("- {}: {}", m.file, m.check);
    }
}

/// The targets, for the rows they apply to: 100k XLSX ≤ 1.3× the streaming read;
/// 100k CSV ≤ 2× the csv read; every run < 64 MB peak; a 20-row file < 20 ms.
fn verdict(m: &Measured, ratio: Option<f64>) -> String {
    let mut notes = Vec::new();
    if let Some(r) = ratio {
        if m.rows >= 100_000 {
            let limit = if m.format == "xlsx" { 1.3 } else { 2.0 };
            notes.push(format!("ratio ≤ {limit}: {}", ok(r <= limit)));
        }
    }
    if let Some(rss) = m.poam_rss {
        notes.push(format!("RSS < 64 MB: {}", ok(rss < 64_000_000)));
    }
    if m.rows <= 20 {
        if let Some(p) = m.poam {
            notes.push(format!("< 20 ms: {}", ok(p < Duration::from_millis(20))));
        }
    }
    notes.join(", ")
}

fn ok(pass: bool) -> &'static str {
    if pass {
        "met"
    } else {
        "**missed**"
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores, {cpu}, {}", std::env::consts::OS)
}
