#!/usr/bin/env bash
# Fuzzes what reads untrusted input with libFuzzer + AddressSanitizer: every API body through the
# client's decoder, the SSE framing, the sanitiser with display width, the numbers the server
# sends (summed and formatted), and the settings and theme files (TOML).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, every target)
# Builds into .build-fuzz/, starts from the seeds in Fuzz/corpus/<target>/, and prints per target
# the executions, the time and the findings, each run once more to name its cause. Findings that
# match Fuzz/known-findings.txt are reported as known; the exit status is 1 on any other finding.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS=${1:-60}
shift || true
ALL=(decode sse sanitize numbers config theme)
TARGETS=("${@:-${ALL[@]}}")
OUT=$ROOT/.build-fuzz
mkdir -p "$OUT/bin"
# Swift's crash reporter waits for a key when it sees a terminal; libFuzzer must see the crash
# and move on instead.
export SWIFT_BACKTRACE=enable=no
export LANG=C.UTF-8 LC_ALL=C.UTF-8

one() { local found; found=$(find "$1" -name "$2" | head -1); [ -n "$found" ] || { echo "no $2 under $1" >&2; return 1; }; echo "$found"; }

# Targets with no dependency beyond Foundation: swiftc straight from the module's sources, in one
# module with the harness, so internal entry points (the error-body reader) are reachable.
build_swiftc() {  # name, sources...
  local name=$1; shift
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_$name" "$@" \
    -o "$OUT/bin/$name" 2> >(grep -v "Cannot export local symbol" >&2)
}

# Targets that need DashCore and TOMLKit (whose toml++ part is C++): a SwiftPM package made here,
# whose modules are links to the real ones, built with --sanitize so the C++ is instrumented too.
build_spm() {
  local pkg=$OUT/pkg
  mkdir -p "$pkg/Sources"
  ln -sfn "$ROOT/Sources/CaseDevAPI" "$pkg/Sources/CaseDevAPI"
  ln -sfn "$ROOT/Sources/DashCore" "$pkg/Sources/DashCore"
  local t products=()
  for t in numbers config theme; do
    mkdir -p "$pkg/Sources/fuzz-$t"
    ln -sfn "$ROOT/Fuzz/Targets/$(tr a-z A-Z <<<"${t:0:1}")${t:1}.swift" "$pkg/Sources/fuzz-$t/Harness.swift"
    products+=(--product "fuzz-$t")
  done
  local dep
  dep=$(grep -o '\.package(url: "https://github.com/LebJe/TOMLKit.git"[^)]*)' Package.swift)
  cat >"$pkg/Package.swift" <<EOF
// swift-tools-version:6.2
// Made by scripts/fuzz.sh: the fuzz harnesses over links to the real modules.
import PackageDescription
let package = Package(
    name: "casedash-fuzz",
    dependencies: [$dep],
    targets: [
        .target(name: "CaseDevAPI"),
        .target(name: "DashCore", dependencies: ["CaseDevAPI", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "fuzz-numbers", dependencies: ["DashCore", "CaseDevAPI"]),
        .executableTarget(name: "fuzz-config", dependencies: ["DashCore"]),
        .executableTarget(name: "fuzz-theme", dependencies: ["DashCore"]),
    ])
EOF
  for t in numbers config theme; do
    swift build --package-path "$pkg" --product "fuzz-$t" --sanitize fuzzer --sanitize address 2>&1 |
      grep -E "error:|warning: .*Fuzz/Targets" >&2
    [ "${PIPESTATUS[0]}" = 0 ] || return 1
    cp "$pkg/.build/debug/fuzz-$t" "$OUT/bin/$t"
  done
}

wanted() { local t; for t in "${TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

echo "== building fuzz targets into $OUT/bin"
API=$(find Sources/CaseDevAPI -name '*.swift' | sort)
built_ok=1
if wanted decode; then build_swiftc decode $API Fuzz/Targets/Decode.swift || built_ok=0; fi
if wanted sse; then build_swiftc sse $API Fuzz/Targets/SSE.swift || built_ok=0; fi
if wanted sanitize; then
  build_swiftc sanitize "$(one Sources/DashCore Sanitizer.swift)" "$(one Sources/DashCore DisplayWidth.swift)" \
    Fuzz/Targets/Sanitize.swift || built_ok=0
fi
if wanted numbers || wanted config || wanted theme; then build_spm || built_ok=0; fi
[ "$built_ok" = 1 ] || { echo "build failed"; exit 2; }

# What a finding is: the first line that names the failure, and the first frame in our sources.
signature() {  # log file
  local what where
  what=$(grep -m1 -aoE "Swift runtime failure: [a-zA-Z ]+|Fatal error: .*|Assertion .* failed|ERROR: (AddressSanitizer|LeakSanitizer): [a-z-]+" "$1" ||
         grep -m1 -aoE "ERROR: libFuzzer: (timeout|out-of-memory|deadly signal)" "$1")
  what=$(sed -E 's/ERROR: libFuzzer: deadly signal/trap/; s/ +$//' <<<"$what" | cut -c1-160)
  # The first frame in our sources, else the first in a dependency's.
  where=$(grep -aE "^ +#[0-9]+ .* in [^ ]+ /[^ ]*/Sources/[^ ]*:[0-9]+" "$1" |
    grep -vE "/checkouts/|/fuzz-[a-z]+/|/Fuzz/Targets/|Swift runtime failure" | head -1)
  [ -n "$where" ] || where=$(grep -aE "^ +#[0-9]+ .* in [^ ]+ /[^ ]*/checkouts/[^ ]*:[0-9]+" "$1" | head -1)
  where=$(sed -E 's/^.* in ([^ ]+) .*\/(Sources|checkouts)\/([^ :]+:[0-9]+).*$/\3 (\1)/' <<<"$where" | cut -c1-200)
  echo "${what:-unknown failure}${where:+ at $where}"
}

known_note() {  # target, file with the reproduction log and input
  local target=$1 log=$2 input=$3 t pattern note
  while IFS=$'\t' read -r t pattern note; do
    [[ -z "$t" || "$t" == \#* ]] && continue
    [ "$t" = "$target" ] || continue
    if grep -Eq -- "$pattern" "$log" || grep -Eaq -- "$pattern" "$input"; then echo "$note"; return 0; fi
  done <Fuzz/known-findings.txt
  return 1
}

new_findings=0
printf '\n%-9s %12s %7s %9s  %s\n' target executions time findings "causes"
for t in "${TARGETS[@]}"; do
  work=$OUT/corpus/$t; found=$OUT/findings/$t
  mkdir -p "$work"; rm -rf "$found"; mkdir -p "$found"
  flags=(-fork=1 -ignore_crashes=1 -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048
         -artifact_prefix="$found/" -print_final_stats=1)
  case $t in
    # TOMLKit leaks the half-made table when its initialiser throws (third-party; a few bytes per
    # broken file), which would drown every other finding.
    config|theme) flags+=(-detect_leaks=0 -max_len=2048) ;;
    decode) flags+=(-max_len=8192) ;;
    *) flags+=(-max_len=4096) ;;
  esac
  # TOMLKit leaks the half-made table when its initialiser throws (see above); the leak check
  # at exit is ASan's, not libFuzzer's.
  case $t in config|theme) export ASAN_OPTIONS=detect_leaks=0 ;; *) unset ASAN_OPTIONS ;; esac
  start=$(date +%s)
  timeout $((SECS + 120)) "$OUT/bin/$t" "${flags[@]}" "$work" "Fuzz/corpus/$t" >"$found/fuzz.log" 2>&1 </dev/null
  took=$(( $(date +%s) - start ))
  execs=$(grep -aoE "^#[0-9]+" "$found/fuzz.log" | tail -1 | tr -d '#')
  count=$(find "$found" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  printf '%-9s %12s %6ss %9s\n' "$t" "${execs:-?}" "$took" "$count"
  declare -A seen=()
  for input in "$found"/crash-* "$found"/leak-* "$found"/timeout-* "$found"/oom-*; do
    [ -f "$input" ] || continue
    log=$input.log
    timeout 60 "$OUT/bin/$t" "$input" >"$log" 2>&1 </dev/null
    sig=$(signature "$log")
    [ -n "${seen[$sig]:-}" ] && continue
    seen[$sig]=1
    if note=$(known_note "$t" "$log" "$input"); then
      echo "          known: $sig — $note (e.g. ${input#"$ROOT"/})"
    else
      new_findings=$((new_findings + 1))
      echo "          NEW:   $sig (e.g. ${input#"$ROOT"/}, log ${log#"$ROOT"/})"
    fi
  done
  unset seen
done
echo
echo "$new_findings new finding(s)"
[ "$new_findings" = 0 ]
