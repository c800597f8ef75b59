#!/usr/bin/env bash
# Benchmark `poam validate` (benches/validate.rs) and cross-check peak memory with
# /usr/bin/time -v, which measures the same thing as the bench's own wait4 figure.
#
#   scripts/bench.sh                 full run (20 / 1k / 10k / 100k rows, XLSX and CSV)
#   scripts/bench.sh quick           1k and 10k rows, 5 runs each
#   scripts/bench.sh profile FILE    perf profile of one `poam validate FILE` run
#
# Environment passed through to the bench: POAM_BENCH_RUNS, POAM_BENCH_ROWS,
# POAM_BENCH_FORMATS, POAM_BENCH_BIN. Generated files are cached in target/bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."

as_of=2026-12-01 # the date the generator places every date around (generate::AS_OF)
poam=target/release/poam

case "${1:-full}" in
quick)
    POAM_BENCH_ROWS=${POAM_BENCH_ROWS:-1000,10000} POAM_BENCH_RUNS=${POAM_BENCH_RUNS:-5} \
        cargo bench --bench validate
    ;;
full)
    cargo bench --bench validate
    if [ -x /usr/bin/time ]; then
        echo
        echo "Cross-check with /usr/bin/time -v (max RSS in KiB):"
        for f in target/bench-data/poam-v*-100000.xlsx target/bench-data/poam-v*-100000.csv; do
            [ -e "$f" ] || continue
            # Exit status 1 is expected: the generated files carry flawed rows.
            /usr/bin/time -v "$poam" validate "$f" --format json --as-of "$as_of" \
                2>&1 >/dev/null | grep -E 'Maximum resident|Elapsed' | sed "s|^|$f: |" || true
        done
    fi
    ;;
profile)
    file=${2:?usage: scripts/bench.sh profile FILE}
    cargo build --release --bin poam
    perf record -g --call-graph dwarf -o target/bench-data/perf.data \
        "$poam" validate "$file" --format json --as-of "$as_of" >/dev/null || true
    perf report -i target/bench-data/perf.data --no-children --percent-limit 1 --stdio | head -120
    ;;
*)
    echo "usage: scripts/bench.sh [full|quick|profile FILE]" >&2
    exit 2
    ;;
esac
