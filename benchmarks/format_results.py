#!/usr/bin/env python3
"""Turns the JMH (-rf json) and B4 results of benchmarks/run.sh into BENCHMARKS.md."""
import re
import argparse
import json
import os
import platform
import subprocess


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def short(name):
    return name.rsplit('.', 1)[-1]


def index(results):
    """(method, threads, params-tuple) -> result"""
    out = {}
    for r in results or []:
        params = tuple(sorted((r.get('params') or {}).items()))
        out[(short(r['benchmark']), r['threads'], params)] = r
    return out


def score(r):
    return r['primaryMetric']['score'] if r else None


def err(r):
    e = r['primaryMetric']['scoreError'] if r else None
    return e if isinstance(e, (int, float)) and e == e else None  # "NaN" with one iteration


def norm(r):
    if not r:
        return None
    m = r.get('secondaryMetrics', {}).get('gc.alloc.rate.norm')
    return m['score'] if m else None


def fmt(x, digits=0):
    if x is None:
        return 'n/a'
    return f'{x:,.{digits}f}'


def ratio(a, b):
    if a is None or b is None or b == 0:
        return 'n/a'
    return f'{a / b:.2f}x'


def verdict(ok):
    return 'met' if ok else '**not met**'


def machine():
    cpu = 'unknown CPU'
    try:
        for line in subprocess.run(['lscpu'], capture_output=True, text=True).stdout.splitlines():
            if line.startswith('Model name:'):
                cpu = line.split(':', 1)[1].strip()
    except OSError:
        pass
    mem = ''
    try:
        with open('/proc/meminfo') as f:
            kb = int(f.readline().split()[1])
            mem = f'{kb / 1024 / 1024:.0f} GiB RAM'
    except OSError:
        pass
    return f'{os.cpu_count()} cores ({cpu}), {mem}, {platform.system()} {platform.release()}'


def jvm():
    r = subprocess.run(['java', '-version'], capture_output=True, text=True)
    return ' / '.join(l.strip() for l in r.stderr.strip().splitlines()[:2])


def main():
    p = argparse.ArgumentParser()
    for a in ['results', 'out', 'command', 'jmh-settings', 'b2-settings', 'ss-settings', 'ingest-settings', 'ingest-threads', 'started',
              'load-before', 'load-after']:
        p.add_argument('--' + a, required=True)
    a = p.parse_args()
    res = a.results
    b1 = {1: index(load(f'{res}/b1-t1.json')), 2: index(load(f'{res}/b1-t2.json'))}
    b2 = index(load(f'{res}/b2.json'))
    b3 = {batch: load(f'{res}/b3-batch{batch}.json') for batch in (1, 20)}
    b5 = index(load(f'{res}/b5.json'))
    b4 = load(f'{res}/b4.json')
    lb = float(a.load_before.split()[0])
    la = float(a.load_after.split()[0])
    shared = lb > 1.0  # the run itself leaves the load near 1 after; only the load before says someone else ran
    L = []
    w = L.append

    w('# Benchmarks')
    w('')
    w('Logline measured side by side with what users would use instead, and with the machine\'s limit, **in one run**. '
      'Every number below comes from that run; every comparison is a ratio between two rows of it. '
      'Source: [`benchmarks/`](benchmarks/) (JMH 1.37). Regenerate with `benchmarks/run.sh`.')
    w('')
    w('| | |')
    w('|---|---|')
    w(f'| Machine | {machine()} |')
    w(f'| JVM | {jvm()} |')
    w(f'| Date | {a.started} (UTC) |')
    w(f'| Command | `{a.command}` |')
    iterations = re.search(r'-i (\d+)', a.jmh_settings)
    n = iterations.group(1) if iterations else '?'
    w(f'| JMH settings | B1 `{a.jmh_settings}` (short: one fork, {n} measured iterations after a warm-up long enough '
      f'for the Logline path to be compiled; errors are 99.9% intervals over {n} iterations, so treat differences under '
      f'~10% as noise); B2 `{a.b2_settings}`; B5 `-bm ss {a.ss_settings}`; B3 is a paired load generator, not JMH '
      f'(settings below) |')
    w(f'| Load average | before {a.load_before}, after {a.load_after} (1/5/15 min) |')
    if shared:
        w('| Note | **The 1-minute load was above 1 on 2 cores when the run started** (another job was running, or had '
          'just ended; the load average cannot tell which): absolute numbers may be low and noisy, and ratios between '
          'rows measured minutes apart less reliable than usual. Rerun `benchmarks/run.sh` on a quiet machine for '
          'publishable numbers. |')
    w('')

    # ---------------- B1
    w('## B1 Backend hot path: `EventLogger` -> Logback -> file')
    w('')
    w('One typical event (`order_placed`, 10 properties, user and session; the canonical line is about 630 bytes) from '
      'the caller\'s thread to a file, **flushed to the OS per event on every path** (equal durability: a process crash '
      'loses nothing that `log` returned for). Files are on the local disk; rolls are disabled during measurement '
      'so no path gzips on the side, and every path starts each measured iteration with a new, empty file (see the '
      'method notes: a file growing at 150 MB/s for a whole trial measured how fast this VM hands out fresh memory '
      'pages, not the logging path). Throughput in ops/s (events/s), allocation from `-prof gc` (`gc.alloc.rate.norm`).')
    w('')
    w('Logline is measured in the three write modes of `EventFileAppender`: `JOURNAL` (the default: each line is '
      'copied into a memory-mapped journal and a background thread drains it into the file with large writes), '
      '`STREAM` (one `write` call per event, as the limit and the peers) and `MAPPED` (each line copied into a '
      'shared mapping of the file itself). All three have the same durability: a copy into a shared mapping is in the '
      'kernel\'s page cache at once and survives a kill of the process, and each mode has a test that kills a child '
      'JVM and counts its events by seq.')
    w('')
    w('| Path | Threads | ops/s | ± | B/op | vs limit | vs LogstashEncoder |')
    w('|---|---:|---:|---:|---:|---:|---:|')
    rows = [
        ('limit', 'Limit: Jackson streaming into a reused buffer + BufferedOutputStream write + flush per event'),
        ('logline', '**Logline**: `EventLogger` (validation on) -> `EventFileAppender` (sync, `JOURNAL`, the default)'),
        ('loglineStream', '**Logline, `STREAM`**: the same with `writeMode=STREAM` (one `write` call per event)'),
        ('loglineMapped', '**Logline, `MAPPED`**: the same with `writeMode=MAPPED`'),
        ('loglineValidationOff', 'Logline (`JOURNAL`) with `ValidationMode.OFF` (splits out validation)'),
        ('logstashEncoder', 'Peer: `LogstashEncoder` + `FileAppender` (immediateFlush), 12 `kv(...)` arguments'),
        ('logstashComposite', 'Peer: `LoggingEventCompositeJsonEncoder` (timestamp, level, logger, thread, message, arguments)'),
    ]
    for t in (1, 2):
        lim = b1[t].get(('limit', t, ()))
        peer = b1[t].get(('logstashEncoder', t, ()))
        for key, label in rows:
            r = b1[t].get((key, t, ()))
            if r is None and key == 'loglineValidationOff':
                continue  # measured with 1 thread only (run.sh)
            w(f'| {label} | {t} | {fmt(score(r))} | {fmt(err(r))} | {fmt(norm(r))} | '
              f'{ratio(score(r), score(lim)) if key != "limit" else "1.00x"} | '
              f'{ratio(score(r), score(peer)) if key.startswith("logline") else ""} |')
    w('')
    w('Goals (issue 7): Logline at least 0.85x the limit, at least 1.3x LogstashEncoder at equal durability, at most 400 B/op.')
    w('')
    w('| Goal | `JOURNAL` (default), 1 thread | `JOURNAL`, 2 threads | `STREAM`, 1 thread | `STREAM`, 2 threads '
      '| `MAPPED`, 1 thread | `MAPPED`, 2 threads |')
    w('|---|---|---|---|---|---|---|')
    for label, fn in [
        ('>= 0.85x limit', lambda k, t: (score(b1[t].get((k, t, ()))) or 0) >= 0.85 * (score(b1[t].get(('limit', t, ()))) or 1e18)),
        ('>= 1.3x LogstashEncoder', lambda k, t: (score(b1[t].get((k, t, ()))) or 0) >= 1.3 * (score(b1[t].get(('logstashEncoder', t, ()))) or 1e18)),
        ('<= 400 B/op', lambda k, t: (norm(b1[t].get((k, t, ()))) or 1e18) <= 400),
    ]:
        vals = []
        for k in ('logline', 'loglineStream', 'loglineMapped'):
            for t in (1, 2):
                vals.append(verdict(fn(k, t)) if b1[t].get((k, t, ())) else 'n/a')
        w(f'| {label} | ' + ' | '.join(vals) + ' |')
    w('')

    # ---------------- B2
    w('## B2 Schema validation: everit (Logline) vs networknt')
    w('')
    w('The typical event\'s properties against the same draft-07 schema (`benchmarks/src/main/resources/logline/schemas/'
      'events/order_placed/1-0-0.json`), each validator compiled once. networknt json-schema-validator '
      '1.5.8 on a Jackson `JsonNode`; everit 1.14.6 on org.json. Single thread.')
    w('')
    w('| Benchmark | What it does | ops/s | µs/op | B/op |')
    w('|---|---|---:|---:|---:|')
    desc = [
        ('validateLoglineRegistry', 'validate only: `SchemaRegistry.validate` on the event\'s properties as `EventLogger` holds them (the fast path; org.json + everit only when it cannot prove the event valid) - what `EventLogger` does'),
        ('validateEveritOrgJson', 'validate only: everit on a ready org.json object (the everit floor)'),
        ('validateNetworkntJsonNode', 'validate only: networknt on a ready `JsonNode`'),
        ('validateNetworkntFromJavaModel', 'validate only: the same Java model -> `JsonNode` (direct conversion, `JavaModelNodes`) + networknt - a networknt engine plugged into `EventLogger`'),
        ('parseIngestThenLoglineRegistry', 'from body bytes: the filter\'s streaming parse and assembly into an `Event` (`BodyParser`, `EventAssembler`) + `SchemaRegistry.validate` on its properties - the ingest path'),
        ('parseIngestThenNetworkntFromJavaModel', 'from body bytes: parse and assembly + conversion + networknt - the ingest path with a networknt engine'),
        ('parseOrgJsonThenEverit', 'from body text: second parse with org.json + everit (what ingest must avoid)'),
        ('parseJacksonTreeThenNetworknt', 'from body bytes: Jackson tree parse + networknt'),
        ('parseOnlyIngest', 'parse and assembly into an `Event` (the filter types the envelope while it parses: there is no separate parse-only step)'),
        ('parseOnlyJacksonTree', 'parse only: Jackson `readTree`'),
        ('parseOnlyOrgJson', 'parse only: org.json `JSONObject`'),
    ]
    for key, label in desc:
        r = b2.get((key, 1, ()))
        s = score(r)
        w(f'| `{key}` | {label} | {fmt(s)} | {fmt(1e6 / s if s else None, 2)} | {fmt(norm(r))} |')
    g = lambda k: score(b2.get((k, 1, ())))
    w('')
    w('| Ratio (networknt = 1.00x; lower means everit is slower) | value |')
    w('|---|---:|')
    w(f'| validate only, Logline path (`SchemaRegistry`) / networknt | {ratio(g("validateLoglineRegistry"), g("validateNetworkntJsonNode"))} |')
    w(f'| validate only, bare everit on org.json / networknt | {ratio(g("validateEveritOrgJson"), g("validateNetworkntJsonNode"))} |')
    w(f'| parse + validate, ingest path (which also builds the `Event`) / Jackson tree + networknt (which does not) | {ratio(g("parseIngestThenLoglineRegistry"), g("parseJacksonTreeThenNetworknt"))} |')
    w(f'| parse + validate, org.json + everit / Jackson tree + networknt | {ratio(g("parseOrgJsonThenEverit"), g("parseJacksonTreeThenNetworknt"))} |')
    w(f'| Logline `SchemaRegistry.validate` / bare everit (cost of the Java model -> org.json conversion) | {ratio(g("validateLoglineRegistry"), g("validateEveritOrgJson"))} |')
    w(f'| ingest path / org.json second parse + everit (what not parsing twice saves) | {ratio(g("parseIngestThenLoglineRegistry"), g("parseOrgJsonThenEverit"))} |')
    w(f'| `SchemaRegistry.validate` / networknt from the same Java model (everit engine vs a networknt engine) | {ratio(g("validateLoglineRegistry"), g("validateNetworkntFromJavaModel"))} |')
    w(f'| ingest path with everit / ingest path with a networknt engine | {ratio(g("parseIngestThenLoglineRegistry"), g("parseIngestThenNetworkntFromJavaModel"))} |')
    w('')
    ev, nn = g('validateLoglineRegistry'), g('validateNetworkntFromJavaModel')
    ev_b = norm(b2.get(('validateLoglineRegistry', 1, ())))
    nn_b = norm(b2.get(('validateNetworkntFromJavaModel', 1, ())))
    if ev and nn:
        speed = nn / ev
        w('### The ingest path, and whether to make the validation engine pluggable')
        w('')
        w(f'The fastest honest way to validate what the filter already parsed is to hand its Java model to the validator '
          f'without a second parse. That is what `SchemaRegistry.validate` does (a one-pass copy into org.json, then '
          f'everit), and the ingest path built on it runs at '
          f'{ratio(g("parseIngestThenLoglineRegistry"), g("parseOrgJsonThenEverit"))} the speed of re-parsing the body '
          f'with org.json. In this run everit through the registry costs {1e6 / ev:.2f} µs and {fmt(ev_b)} B per '
          f'event; networknt, fed the same Java model through a direct one-pass `JsonNode` conversion, '
          f'{1e6 / nn:.2f} µs and {fmt(nn_b)} B: networknt is {speed:.2f}x as fast.')
        w('')
        if speed < 1:
            w(f'With its fast path (`FastValidator`: the keywords it fully understands, checked directly on the Java '
              f'model, answering only "certainly valid"), `SchemaRegistry.validate` proves a valid event in '
              f'{1e6 / ev:.2f} µs: {1 / speed:.1f}x networknt on the same input. everit remains the authority: it runs '
              f'only for events the fast path cannot prove valid (invalid ones, whose violations it reports, or '
              f'schemas with keywords the fast path does not cover), at the cost of the bare-everit row above. A '
              f'pluggable engine would now only matter for those; the design stays on file:')
        elif speed >= 1.5:
            w(f'everit stays {speed:.1f}x behind on the call every event pays, so the proposal is a **pluggable '
              f'validation engine, everit the default** (on the ingest path, where parsing dominates, the gain is '
              f'{ratio(g("parseIngestThenNetworkntFromJavaModel"), g("parseIngestThenLoglineRegistry"))}):')
        else:
            w('That gap is smaller than the issue feared (its 2x-4.8x included org.json parsing, which the ingest path '
              'no longer does), so swapping engines is not urgent; the design below keeps the door open at little cost '
              'and should be taken up if a quiet-machine rerun shows networknt at 1.5x or more:')
        w('')
        w('- `dev.logline.schema.ValidationEngine` (SPI): `compile(SchemaKey, String schemaJson)` -> '
          '`CompiledSchema.validate(Object javaModel) -> List<Violation>`; `SchemaRegistry.builder().engine(...)`; '
          'found with `ServiceLoader` when a module provides one.')
        w('- `EveritEngine` stays the default in `event-schema` (no new dependency, current violation messages). '
          'An optional module `event-schema-networknt` provides `NetworkntEngine` (json-schema-validator 1.5.x, '
          'already pinned) with the one-pass Java model -> `JsonNode` adapter measured here (`JavaModelNodes`), '
          'mapping `ValidationMessage` to `Violation` (pointer from the instance location, keyword from the type).')
        w("- Both engines run the same conformance tests (event-schema's test schemas; draft-07, no remote `$ref`), "
          'so swapping engines never changes a verdict, only its cost.')
        w('')

    # ---------------- B3
    warmup, rounds, slice_s = a.ingest_settings.split()
    w('## B3 Browser ingest: `EventIngestFilter` on Jetty 12 vs the bare HTTP stack')
    w('')
    w('Jetty 12.1 (ee10) in-process on 127.0.0.1, two servers in one JVM. **Filter**: the real filter (parse, validate, '
      'enrich, dedupe check, log through `EventLogger` to `EventFileAppender` in its default `JOURNAL` mode, answered as the tracker asks with '
      '`?results=not-accepted`: 204 No Content when every event was accepted, as here). **Limit**: the same Jetty with a '
      'servlet that reads the whole body and answers 202. Load generator (`IngestBenchmark`, in the same JVM): '
      f'{a.ingest_threads} client threads, each sending one POST at a time with `java.net.http.HttpClient` (HTTP/1.1 '
      'keep-alive), every event with a fresh `event_id`. Client, servers and file writes share the same 2 cores.')
    w('')
    w(f'**Paired slices**: the clients alternate between the two servers, bare, filter, bare, ..., in {slice_s}-second '
      f'slices after a {warmup}-second warm-up that alternates them too. Each of the {rounds} rounds compares one filter '
      'slice with the mean of the two bare slices around it, so a machine that slows down for a while slows both sides '
      'of a round alike (this VM does: the bare rate moves by 30% within a minute). The ratio is the median of the '
      "rounds; the range shows their spread. CPU per request is the process's CPU time (client, servers, JIT, GC) "
      "divided by the requests of a slice; CPU per event over the limit is the difference of the two medians over the "
      "batch (the filter's work and what its slower requests cost the client and Jetty); busy is that CPU time over the "
      'slice, as a share of both cores.')
    w('')
    w('| Batch | Filter req/s | Filter events/s | Limit req/s | Limit events/s | Ratio filter/limit (range) | '
      "CPU µs per request: filter / limit | CPU µs per event over the limit | Busy: filter / limit | Goal >= 0.5 |")
    w('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
    for batch in (1, 20):
        r = b3.get(batch)
        if not r:
            w(f'| {batch} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |')
            continue
        fr, br = r['filter_median_rps'], r['bare_median_rps']
        med = r['median_ratio']
        w(f'| {batch} | {fmt(fr)} | {fmt(fr * batch)} | {fmt(br)} | {fmt(br * batch)} | '
          f'{med:.2f}x ({r["min_ratio"]:.2f}-{r["max_ratio"]:.2f}) | '
          f'{fmt(r["filter_median_cpu_us_per_request"])} / {fmt(r["bare_median_cpu_us_per_request"])} | '
          f'{fmt((r["filter_median_cpu_us_per_request"] - r["bare_median_cpu_us_per_request"]) / batch, 1)} | '
          f'{r["filter_median_busy"]:.0%} / {r["bare_median_busy"]:.0%} | {verdict(med >= 0.5)} |')
    w('')
    controlled = [(batch, b3[batch]) for batch in (1, 20) if b3.get(batch) and b3[batch].get('control')]
    if controlled:
        w("**The filter's own cost, and a control of the same cost.** After its rounds, a run with a control reads the "
          "request threads' CPU clock before and after the filter for one more filter slice (less the cost of a read), "
          'which counts the filter\'s work and nothing else. Then the bare servlet is made to spin that much CPU per '
          'request (arithmetic on registers, no memory traffic) and paired against the plain bare servlet exactly like the '
          f'filter ({controlled[0][1]["control"]["rounds"]} rounds after a short warm-up). The control\'s ratio is what any handler of the filter\'s '
          'own CPU cost gets from this stack and this load generator; the difference between its CPU per request and the '
          "limit's plus the spin is what a slower request costs the client and Jetty (more thread hand-offs and wake-ups "
          'per request).')
        w('')
        w("| Batch | The filter's own CPU µs per request (per event) | The HTTP stack's CPU µs per request (limit side, rounds above) | "
          'Control: bare + spin of that CPU / bare (range) | Control side: CPU µs per request (over limit + spin) | '
          'Filter / bare, same run |')
        w('|---:|---:|---:|---:|---:|---:|')
        for batch, r in controlled:
            c = r['control']
            extra = c['spin_median_cpu_us_per_request'] - c['bare_median_cpu_us_per_request'] - c['spin_cpu_us_per_request']
            w(f'| {batch} | {fmt(c["filter_own_cpu_us_per_request"])} ({fmt(c["filter_own_cpu_us_per_request"] / batch, 1)}) | '
              f'{fmt(r["bare_median_cpu_us_per_request"])} | '
              f'{c["median_ratio"]:.2f}x ({c["min_ratio"]:.2f}-{c["max_ratio"]:.2f}) | '
              f'{fmt(c["spin_median_cpu_us_per_request"])} (+{fmt(extra)}) | {r["median_ratio"]:.2f}x |')
        w('')

    # ---------------- B4
    w('## B4 Archive lag: `log()` returned -> object visible in S3')
    w('')
    if b4:
        w(f'EventLogger -> `EventFileAppender` with **{b4["roll_period_ms"] // 1000}-second rolls** -> '
          f'`S3ArchivingListener` -> s3proxy 3.0.0 on loopback (in-memory store). {b4["events"]} events at a steady rate '
          f'over {b4["files"]} files; a poller lists the bucket every {b4["poll_ms"]} ms and reads each new object\'s '
          f'seqs, so visibility is resolved to about {b4["poll_ms"]} ms. The lag is dominated by the roll period (an '
          f'event waits for its period to end), so the roll -> visible time (gzip, manifest, upload, verification) is '
          f'reported next to it.')
        w('')
        w('| Measure | p50 | p99 | max | Limit |')
        w('|---|---:|---:|---:|---|')
        w(f'| log returned -> visible in S3 | {fmt(b4["lag_p50_ms"] / 1000, 1)} s | {fmt(b4["lag_p99_ms"] / 1000, 1)} s | '
          f'{fmt(b4["lag_max_ms"] / 1000, 1)} s | the roll period: {b4["roll_period_ms"] // 1000} s '
          f'(uniform arrivals: p50 ~{b4["roll_period_ms"] / 2000:.0f} s, p99 ~{b4["roll_period_ms"] * 0.99 / 1000:.0f} s) |')
        w(f'| roll (period end) -> visible in S3 | {fmt(b4["roll_to_visible_p50_ms"] / 1000, 2)} s | '
          f'{fmt(b4["roll_to_visible_p99_ms"] / 1000, 2)} s | {fmt(b4["roll_to_visible_max_ms"] / 1000, 2)} s | '
          f'0 (the appender\'s roll tick is 1 s) |')
    else:
        w('Not measured in this run (no `b4.json`).')
    w('')

    # ---------------- B5
    w('## B5 Warehouse load: `WarehouseLoader` into DuckDB vs DuckDB `read_json`')
    w('')
    w('An archive written by the real path (EventLogger -> EventFileAppender, 8 MB size rolls, gzip + manifest), '
      'loaded into a fresh DuckDB file per operation (`-bm ss`: each operation is one whole load). **Loader**: '
      '`WarehouseLoader` (verify size, SHA-256, line count and seq ranges against each manifest; stage; dedupe by '
      '`event_id`; ledger row per file; one transaction per file). **Limit**: `DuckDbWarehouse.loadWithReadJson` - '
      'DuckDB\'s own `read_json` of the same `.jsonl.gz` files into a table with the same columns, nothing verified.')
    w('')
    w('| Path | Events | ms per load | rows/s | Ratio to limit |')
    w('|---|---:|---:|---:|---:|')
    lim = None
    for key in ('duckdbReadJson', 'warehouseLoader'):
        for k, r in b5.items():
            if k[0] == key:
                ev = int(dict(k[2])['events'])
                ms = score(r)
                rps = ev / (ms / 1000) if ms else None
                if key == 'duckdbReadJson':
                    lim = rps
                label = 'Limit: DuckDB `read_json`' if key == 'duckdbReadJson' else '**Logline `WarehouseLoader`**'
                w(f'| {label} | {ev:,} | {fmt(ms)} | {fmt(rps)} | {ratio(rps, lim) if key != "duckdbReadJson" else "1.00x"} |')
    w('')

    tail = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'BENCHMARKS-notes.md')
    if os.path.exists(tail):
        with open(tail) as f:
            w(f.read().rstrip())
            w('')
    with open(a.out, 'w') as f:
        f.write('\n'.join(L) + '\n')


if __name__ == '__main__':
    main()
