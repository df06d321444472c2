#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) with -sanitize=fuzzer,address and runs each for SECONDS
# (default 30) from its seed corpus in Fixtures/fuzz/<target>/. New inputs go to a scratch corpus,
# never into Fixtures; a failing input is saved as .build-fuzz/artifacts/<target>/crash-…
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Ends with the plain line `fuzz: N passed, M failed`; exits non-zero when a target failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
seconds="${1:-30}"; shift || true
# A fixed seed by default, so that CI's short runs are reproducible (the same mutations in the same
# order on the same corpus); FUZZ_SEED=0 lets libFuzzer pick one, for exploratory long runs.
seed="${FUZZ_SEED:-1}"
# FUZZ_RUNS caps the inputs each target tries (CI: scripts/test.sh). With a fixed seed and a fresh
# scratch corpus, a capped run is the same run on any machine: a faster one stops at the cap, a
# slower one at the time limit, having tried a prefix of the same inputs. So CI fails only on what
# a run here would fail on, never on a find that depends on how fast the machine was.
runs=()
[ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(chunk-json citations normalization redactor config)
build=.build-fuzz
log="$build/build.log"
mkdir -p "$build"

# SwiftPM links executables with `--defsym main=<module>_main`, which would hide libFuzzer's own
# main; so SwiftPM compiles, and the link step it prints is rerun without that symbol.
# The library is a path dependency of Fuzz/, whose new source files SwiftPM's cached build plan
# misses: drop the plan (not the objects), so it is made again from the files there now.
rm -f "$build/debug.yaml" "$build"/*/debug/description.json
swift build --package-path Fuzz --build-path "$build" --product tf-fuzz -v \
    -Xswiftc -sanitize=fuzzer,address >"$log" 2>&1
link=$(grep -E '^[^ ]*swiftc .*-emit-executable' "$log" | tail -1)
if [ -z "$link" ]; then
    grep -E "error:" "$log" | head -20
    echo "fuzz: could not build the targets (see $log)"
    echo "fuzz: 0 passed, ${#targets[@]} failed"
    exit 1
fi
link=${link//-Xlinker --defsym -Xlinker main=tf_fuzz_main/}
link=${link// -v / }
binary=$(sed -E 's/.* -o ([^ ]+) .*/\1/' <<<"$link")
# Linked aside and moved into place, so a run still going (another target) keeps its binary.
link=${link/ -o $binary / -o $binary.new }
if ! eval "$link" >>"$log" 2>&1 || ! mv -f "$binary.new" "$binary"; then
    grep -E "error" "$log" | grep -v "Cannot export" | head -20
    echo "fuzz: 0 passed, ${#targets[@]} failed"
    exit 1
fi

passed=0; failed=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"; artifacts="$build/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    echo "== $target: ${seconds}s"
    if TF_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$binary" "$corpus" "Fixtures/fuzz/$target" \
        -seed="$seed" "${runs[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$build/$target.log" 2>&1; then
        passed=$((passed + 1))
        grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$build/$target.log" | tail -2
    else
        failed=$((failed + 1))
        grep -E "property failed|ERROR: |SUMMARY|Test unit written|Fatal error" "$build/$target.log" | head -8
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
