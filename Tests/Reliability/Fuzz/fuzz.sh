#!/usr/bin/env bash
# Builds the libFuzzer harnesses (swiftc -sanitize=fuzzer,address, sources compiled directly)
# into .build-fuzz/ and runs each for a bounded time, all targets side by side.
#
#   Tests/Reliability/Fuzz/fuzz.sh [SECONDS] [TARGET...]
#   # default 60 s; remote-url cron decoders retry-after durations service-text
#
# Writes .build-fuzz/summary.tsv (target, seconds, runs, coverage, corpus size, crashes) and keeps
# every crashing input under .build-fuzz/crashes/<target>/. Exit status 1 when any target crashed.
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/Tests/Reliability/Fuzz"
out="$root/.build-fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(remote-url cron decoders retry-after durations service-text)
export PATH="/opt/swift/usr/bin:$PATH"

sources_for() {
  case "$1" in
    remote-url) echo "$root/Sources/CodecloudCore/Repository/RemoteURL.swift $root/Sources/CodecloudCore/CodecloudExitCode.swift $here/RemoteURLFuzz.swift" ;;
    cron) echo "$root/Sources/CodecloudCron/"*.swift "$here/CronFuzz.swift" ;;
    decoders) echo "$root/Sources/CodecloudAPI/Models/"*.swift "$root/Sources/CodecloudAPI/WireFormat.swift $here/DecodersFuzz.swift" ;;
    retry-after) echo "$root/Sources/CodecloudAPI/ClientConfiguration.swift $here/RetryAfterFuzz.swift" ;;
    durations) echo "$root/Sources/CodecloudCore/RunLoop/DurationText.swift $here/DurationsFuzz.swift" ;;
    service-text) echo "$root/Sources/CodecloudAPI/Models/"*.swift "$root/Sources/CodecloudAPI/WireFormat.swift $root/Sources/CodecloudCore/Support/TerminalText.swift $here/ServiceTextFuzz.swift" ;;
    *) echo "error: unknown fuzz target '$1' (remote-url, cron, decoders, retry-after, durations, service-text)" >&2; exit 64 ;;
  esac
}

# Rebuilds only when a source changed (the stamp is a hash of the sources and the compiler).
build() {
  local target="$1" sources stamp
  sources="$(sources_for "$target")"
  # shellcheck disable=SC2086
  stamp="$( (swiftc --version 2>&1; cat $sources) | sha256sum | cut -c1-16)"
  if [ -x "$out/$target" ] && [ "$(cat "$out/$target.stamp" 2>/dev/null)" = "$stamp" ]; then return; fi
  echo "fuzz: building $target" >&2
  # shellcheck disable=SC2086
  swiftc -parse-as-library -sanitize=fuzzer,address -O -g -module-name "Fuzz_${target//-/_}" \
    $sources -o "$out/$target" 2> >(grep -v 'ld.gold: warning: Cannot export local symbol' >&2)
  echo "$stamp" > "$out/$target.stamp"
}

seed() {
  local target="$1" corpus="$out/corpus/$1"
  mkdir -p "$corpus"
  case "$target" in
    decoders|service-text) cp "$root"/Tests/Fixtures/api/*.response*.json "$corpus/" ;;
    *) cp "$here/seeds/$target/"* "$corpus/" ;;
  esac
}

mkdir -p "$out"
if ! ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 && [ "$(uname)" = Linux ]; then
  echo "error: this Swift toolchain has no libFuzzer runtime (libclang_rt.fuzzer)" >&2
  exit 1
fi
for target in "${targets[@]}"; do build "$target"; seed "$target"; done

for target in "${targets[@]}"; do
  rm -rf "$out/crashes/$target"; mkdir -p "$out/crashes/$target"
  max_len=256; case "$target" in decoders|service-text) max_len=4096 ;; esac
  # -fork-free single process; artifacts (crashing inputs) go to crashes/<target>/.
  ( cd "$out" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "./$target" -max_total_time="$seconds" -max_len="$max_len" \
      -dict="$here/$target.dict" -artifact_prefix="$out/crashes/$target/" -print_final_stats=1 \
      "$out/corpus/$target" > "$out/$target.log" 2>&1; echo $? > "$out/$target.rc" ) &
done
wait

printf 'target\tseconds\truns\tcoverage\tcorpus\tcrashes\n' > "$out/summary.tsv"
status=0
for target in "${targets[@]}"; do
  log="$out/$target.log"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  corpus="$(find "$out/corpus/$target" -type f | wc -l)"
  crashes="$(find "$out/crashes/$target" -type f | wc -l)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$seconds" "${runs:-0}" "${coverage:-?}" "$corpus" "$crashes" >> "$out/summary.tsv"
  if [ "$crashes" -gt 0 ] || [ "$(cat "$out/$target.rc")" != 0 ]; then
    status=1
    echo "fuzz: $target CRASHED; inputs in $out/crashes/$target/, log $log" >&2
    grep -m3 -E 'Fatal error|precondition|ERROR: ' "$log" >&2 || true
  fi
done
column -t -s $'\t' "$out/summary.tsv" >&2 || cat "$out/summary.tsv" >&2
exit $status
