//! Timing a child process and reading its own peak memory.
//!
//! Why `wait4`: `getrusage(RUSAGE_CHILDREN)` reports the largest child *so far*, so a
//! small run after a big one would inherit the big one's figure; `wait4` returns the
//! resource usage of exactly the child it reaps. The declaration is written by hand
//! (no `libc` dev-dependency): `wait4` and `struct rusage` are stable Linux ABI
//! (man 2 wait4, man 2 getrusage: `ru_maxrss` in kilobytes, after two `timeval`s).

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a child: wall time from spawn to reaping, exit code, peak RSS.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    pub exit_code: Option<i32>,
    /// Peak resident set size in bytes (Linux); `None` elsewhere.
    pub max_rss: Option<u64>,
}

/// Measure `program args…` from a fresh, small process: this bench binary re-run as
/// `BENCH --measure PROGRAM ARGS…`, which calls [`run`] and prints the result.
///
/// Why not spawn directly: Linux carries the peak RSS of the process image an `exec`
/// replaces into the new program's `ru_maxrss` (and std spawns with `vfork`, whose image
/// is the parent's), so a child of this bench — which holds generated rows and has read
/// whole workbooks in-process — would report the bench's own peak. The measurer's own
/// start-up footprint (a few MB) is the floor of every figure instead.
pub fn run_isolated(program: &Path, args: &[&OsStr]) -> std::io::Result<Run> {
    let self_exe = std::env::current_exe()?;
    let output = Command::new(self_exe)
        .arg("--measure")
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    parse_report(text.trim()).ok_or_else(|| {
        std::io::Error::other(format!("measurer printed {text:?} ({})", output.status))
    })
}

/// The `--measure` side: run the command, print "wall_ns exit_code max_rss_bytes".
pub fn measure_main(args: &[String]) -> std::io::Result<()> {
    let Some((program, rest)) = args.split_first() else {
        return Err(std::io::Error::other("usage: --measure PROGRAM ARGS…"));
    };
    let r = run(Command::new(program).args(rest))?;
    println!(
        "{} {} {}",
        r.wall.as_nanos(),
        r.exit_code.map_or(-1, |c| c),
        r.max_rss.map_or(-1, |b| b as i64)
    );
    Ok(())
}

fn parse_report(text: &str) -> Option<Run> {
    let mut parts = text.split_whitespace();
    let nanos: u64 = parts.next()?.parse().ok()?;
    let code: i32 = parts.next()?.parse().ok()?;
    let rss: i64 = parts.next()?.parse().ok()?;
    Some(Run {
        wall: Duration::from_nanos(nanos),
        exit_code: (code >= 0).then_some(code),
        max_rss: u64::try_from(rss).ok(),
    })
}

/// Run `cmd` with stdout and stderr to /dev/null, wait for it, and measure it.
pub fn run(cmd: &mut Command) -> std::io::Result<Run> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn()?;
    reap(child, start)
}

#[cfg(target_os = "linux")]
fn reap(child: std::process::Child, start: Instant) -> std::io::Result<Run> {
    #[repr(C)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    /// `struct rusage` on 64-bit Linux: two timevals then 14 longs, `ru_maxrss` first.
    #[repr(C)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }
    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status: i32 = 0;
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: `pid` is our own unreaped child; both pointers are valid for the call. The
    // `Child` is dropped afterwards without `wait`, which std allows (it never reaps on drop).
    let reaped = unsafe { wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    drop(child);
    if reaped != pid {
        return Err(std::io::Error::last_os_error());
    }
    // WIFEXITED / WEXITSTATUS from <sys/wait.h>.
    let exit_code = (status & 0x7f == 0).then_some((status >> 8) & 0xff);
    let _ = (
        &usage.utime.sec,
        &usage.utime.usec,
        &usage.stime,
        &usage.rest,
    );
    Ok(Run {
        wall,
        exit_code,
        max_rss: Some(usage.maxrss.max(0) as u64 * 1024),
    })
}

#[cfg(not(target_os = "linux"))]
fn reap(mut child: std::process::Child, start: Instant) -> std::io::Result<Run> {
    let status = child.wait()?;
    Ok(Run {
        wall: start.elapsed(),
        exit_code: status.code(),
        max_rss: None,
    })
}

/// The median of the samples (the mean of the middle two for an even count).
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// "1.23 s", "45.6 ms" or "789 µs".
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 0.001 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.0} µs", secs * 1e6)
    }
}

/// "41.2 MB" (10^6 bytes; `/usr/bin/time -v` reports KiB, so 1 MB here = 976.6 KiB).
pub fn format_bytes(b: u64) -> String {
    if b >= 1_000_000 {
        format!("{:.1} MB", b as f64 / 1e6)
    } else {
        format!("{:.0} kB", b as f64 / 1e3)
    }
}
