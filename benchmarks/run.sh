#!/usr/bin/env bash
# Builds the benchmarks module, runs B1-B5 and regenerates BENCHMARKS.md at the repository root.
# Short JMH settings by default (14-14.5 minutes on 2 cores, under 15); override with JMH_SETTINGS="-f 2 -wi 3 -w 5s -i 5 -r 5s".
# LAG_SECONDS (default 90) is how long B4 logs before it waits for the last one-minute roll to reach S3.
set -euo pipefail
cd "$(dirname "$0")/.."

# B1: ten seconds of warm-up. The Logline path is still being compiled for about 8-10 s with 2 threads (the limit for
# less), so a 4-second warm-up measured it half-compiled.
JMH_SETTINGS=${JMH_SETTINGS:-"-f 1 -wi 5 -w 2s -i 5 -r 2s"}
# B2: single-threaded, steady within a few percent; three iterations pay for B1's warm-up.
B2_SETTINGS=${B2_SETTINGS:-"-f 1 -wi 2 -w 2s -i 3 -r 2s"}
SS_SETTINGS=${SS_SETTINGS:-"-f 1 -wi 1 -i 3"}
# B3 (a paired load generator, not JMH): "<warm-up seconds> <rounds> <slice seconds>". The warm-up alternates the two
# sides in 5-second slices; Jetty, the JDK client and the filter are still being compiled for about 20 s per side, and a
# short warm-up flatters whichever side is compiled first. Each round is one filter slice between two bare slices.
INGEST_SETTINGS=${INGEST_SETTINGS:-"50 8 3"}
INGEST_THREADS=${INGEST_THREADS:-4}
LAG_SECONDS=${LAG_SECONDS:-90}
LAG_RATE=${LAG_RATE:-50}
OUT=benchmarks/target/results
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

build() {
  mvn "$@" -q -B -pl benchmarks -am verify -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
}
build -o || build  # offline first; online only when an artifact is missing
mkdir -p "$OUT"
# Snapshot the module jars: other builds in this work tree may clean them while the run goes on.
LIB=benchmarks/target/run-lib
rm -rf "$LIB" && mkdir -p "$LIB"
CP="benchmarks/target/classes"
IFS=":" read -r -a entries < benchmarks/target/classpath.txt || true  # no final newline
for jar in "${entries[@]}"; do
  case "$jar" in
    "$PWD"/*) cp "$jar" "$LIB/" && CP="$CP:$LIB/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
cp -r benchmarks/target/classes "$LIB/classes" && CP="$LIB/classes:${CP#benchmarks/target/classes:}"
jmh() { java -cp "$CP" org.openjdk.jmh.Main "$@"; }

# shellcheck disable=SC2086 # settings are word lists on purpose
{
  jmh 'HotPathBenchmark' $JMH_SETTINGS -t 1 -prof gc -rf json -rff "$OUT/b1-t1.json"
  # validation's share is split out once, with 1 thread: the run stays under 15 minutes
  jmh 'HotPathBenchmark' -e 'loglineValidationOff' $JMH_SETTINGS -t 2 -prof gc -rf json -rff "$OUT/b1-t2.json"
  jmh 'ValidationBenchmark' $B2_SETTINGS -prof gc -rf json -rff "$OUT/b2.json"
  jmh 'WarehouseLoadBenchmark' $SS_SETTINGS -rf json -rff "$OUT/b5.json"
  for batch in 1 20; do
    # batch 20 also reads the filter's own CPU and pairs a bare servlet spinning as much against the bare one
    java -cp "$CP" dev.logline.benchmarks.IngestBenchmark "$batch" "$INGEST_THREADS" $INGEST_SETTINGS "$OUT/b3-batch$batch.json" \
      $([ "$batch" = 20 ] && echo control)
  done
}
java -cp "$CP" dev.logline.benchmarks.ArchiveLagBenchmark "$LAG_SECONDS" "$LAG_RATE" "$OUT/b4.json"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 benchmarks/format_results.py \
  --results "$OUT" --out BENCHMARKS.md \
  --command "JMH_SETTINGS='$JMH_SETTINGS' B2_SETTINGS='$B2_SETTINGS' SS_SETTINGS='$SS_SETTINGS' INGEST_SETTINGS='$INGEST_SETTINGS' INGEST_THREADS=$INGEST_THREADS LAG_SECONDS=$LAG_SECONDS LAG_RATE=$LAG_RATE benchmarks/run.sh" \
  --jmh-settings "$JMH_SETTINGS" --b2-settings "$B2_SETTINGS" --ss-settings "$SS_SETTINGS" --ingest-settings "$INGEST_SETTINGS" --ingest-threads "$INGEST_THREADS" \
  --started "$started" --load-before "$load_before" --load-after "$load_after"
echo "wrote BENCHMARKS.md"
