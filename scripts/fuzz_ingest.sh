#!/usr/bin/env bash
# Fuzzes the ingest decoders (NDJSON, JSON array, CSV) with libFuzzer for a bounded time:
# no crash, no hang (per-input timeout), chunked decoding equal to whole-body decoding, and
# every rejection carrying a reason. Usage: scripts/fuzz_ingest.sh [seconds]   (default 60)
#
# EcoCore and what it imports are built by SwiftPM with coverage instrumentation in their own
# scratch folder; the entry point (Fuzz/IngestDecoders) is linked against those objects with
# libFuzzer's main, which SwiftPM's executable targets cannot take.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scratch=.build-fuzz
swift build --target EcoCore --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -E "error|Build" || true
debug="$(swift build --scratch-path "$scratch" --show-bin-path)"
objects=$(ls "$debug"/H3.build/*.o "$debug"/EcoTime.build/*.o "$debug"/EcoCore.build/*.o)
swiftc -sanitize=fuzzer,address -parse-as-library -I "$debug/Modules" Fuzz/IngestDecoders/FuzzIngestDecoders.swift $objects \
  -o "$scratch/fuzz-ingest-decoders"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Fuzz/corpus/ingest/* "$work/"
"$scratch/fuzz-ingest-decoders" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 2>&1 | tail -12
