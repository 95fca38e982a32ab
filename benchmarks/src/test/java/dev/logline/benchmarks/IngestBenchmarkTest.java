package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** B3 compares the filter's full work with a bare body read of the very same requests, in alternating slices. */
class IngestBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void filterPathAcceptsValidatesAndWritesEveryEventOfABatchAsCanonicalLines() throws Exception {
    LoggerContext ctx = LogbackSetup.resetContext();
    IngestBenchmark.FilterServer s = new IngestBenchmark.FilterServer(20, ctx);
    List<String> lines;
    try {
      s.start();
      assertThat(s.post()).isEqualTo(204);
      Path firstDir = s.dir;
      s.beforeSlice(); // what the generator does before each filter slice
      assertThat(s.dir).isNotEqualTo(firstDir);
      assertThat(firstDir).doesNotExist();
      assertThat(s.post()).isEqualTo(204);
      s.verify(); // counts the events of both files
      assertThat(s.filter.stats().accepted()).isEqualTo(40);
      try (Stream<Path> files = Files.list(s.dir)) {
        Path active = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        lines = Files.readAllLines(active);
      }
    } finally {
      s.stop();
    }
    assertThat(lines).as("the second request's events, in the new file").hasSize(20);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.get("source").asText()).isEqualTo("web");
      assertThat(node.has("received_at")).isTrue();
      assertThat(node.get("properties").size()).isEqualTo(10);
      ids.add(node.get("event_id").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void bareServletReadsTheSameBodiesWhole() throws Exception {
    IngestBenchmark.BareServer s = new IngestBenchmark.BareServer(20);
    try {
      s.start();
      assertThat(s.post()).isEqualTo(202);
    } finally {
      s.stop();
    }
    int expected = IngestBenchmark.body(20).getBytes(StandardCharsets.UTF_8).length;
    assertThat(s.bytesRead.sum()).isEqualTo(expected);
  }

  @Test
  void generatorAlternatesBareAndFilterSlicesAndEveryEventSentIsWrittenOnce() throws Exception {
    LoggerContext ctx = LogbackSetup.resetContext();
    IngestBenchmark.FilterServer filter = new IngestBenchmark.FilterServer(5, ctx);
    IngestBenchmark.BareServer bare = new IngestBenchmark.BareServer(5);
    IngestBenchmark.Result result;
    try {
      filter.start();
      bare.start();
      try (IngestBenchmark.Generator generator = new IngestBenchmark.Generator(2)) {
        result = generator.run(bare, filter, 0.4, 2, 0.3);
      }
      filter.verify(); // throws unless accepted == written == sent
    } finally {
      filter.stop();
      bare.stop();
    }
    assertThat(result.bare()).hasSize(3);
    assertThat(result.filter()).hasSize(2);
    assertThat(result.bare()).allSatisfy(r -> assertThat(r.side()).isEqualTo("bare"));
    assertThat(result.filter()).allSatisfy(r -> assertThat(r.side()).isEqualTo("filter"));
    assertThat(result.bare()).allSatisfy(r -> assertThat(r.requests()).isPositive());
    assertThat(result.filter()).allSatisfy(r -> assertThat(r.requests()).isPositive());
    long counted = result.filter().stream().mapToLong(IngestBenchmark.SliceResult::requests).sum();
    assertThat(filter.sent.sum()).as("measured filter requests are a part of what was sent")
        .isGreaterThanOrEqualTo(counted * 5);
    assertThat(bare.bytesRead.sum()).isPositive();
  }

  @Test
  void aRoundComparesItsFilterSliceWithTheMeanOfTheBareSlicesAroundItAndTheResultIsTheMedian() throws Exception {
    IngestBenchmark.Result result = new IngestBenchmark.Result(
        List.of(bare(1000), bare(3000), bare(1000), bare(1000)),
        List.of(filter(1000), filter(1000), filter(300)));
    assertThat(result.ratio(0)).isCloseTo(0.5, within(1e-9)); // 1000 against (1000 + 3000) / 2
    assertThat(result.ratio(1)).isCloseTo(0.5, within(1e-9));
    assertThat(result.ratio(2)).isCloseTo(0.3, within(1e-9));
    assertThat(result.medianRatio()).isCloseTo(0.5, within(1e-9));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result.write(out, 20, 4, 30, 3, null);
    JsonNode json = JSON.readTree(out.toByteArray());
    assertThat(json.get("median_ratio").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(json.get("min_ratio").asDouble()).isEqualTo(0.3);
    assertThat(json.get("bare_median_rps").asDouble()).isEqualTo(1000);
    assertThat(json.get("filter_median_cpu_us_per_request").asDouble()).isCloseTo(1e6 / 1000, within(1e-6));
    List<String> order = new ArrayList<>();
    json.get("slices").forEach(n -> order.add(n.get("side").asText()));
    assertThat(order).containsExactly("bare", "filter", "bare", "filter", "bare", "filter", "bare");
    assertThat(json.has("control")).isFalse();
  }

  @Test
  void theControlReadsTheFiltersOwnCpuThenPairsABareServletSpinningAsMuchAgainstTheBareOne() throws Exception {
    LoggerContext ctx = LogbackSetup.resetContext();
    IngestBenchmark.FilterServer filter = new IngestBenchmark.FilterServer(5, ctx);
    IngestBenchmark.BareServer bare = new IngestBenchmark.BareServer(5);
    IngestBenchmark.BareServer spin = new IngestBenchmark.BareServer(5);
    IngestBenchmark.Result rounds;
    IngestBenchmark.SliceResult accounted;
    IngestBenchmark.Result spun;
    try (IngestBenchmark.Generator generator = new IngestBenchmark.Generator(2)) {
      filter.start();
      bare.start();
      rounds = generator.run(bare, filter, 0.4, 1, 0.3);
      assertThat(filter.ownCpu.nanosPerRequest()).as("nothing is read outside the accounting slice").isNaN();
      accounted = generator.accounted(filter, 0.3);
      spin.spinNanos = filter.ownCpu.nanosPerRequest();
      spin.start();
      spun = generator.run(bare, spin, 0.2, 2, 0.3);
    } finally {
      filter.stop();
      bare.stop();
      spin.stop();
    }
    assertThat(accounted.side()).isEqualTo("filter");
    assertThat(accounted.requests()).isPositive();
    assertThat(spin.spinNanos).as("the filter's own CPU per request").isPositive();
    assertThat(spun.filter()).allSatisfy(r -> assertThat(r.side()).isEqualTo("spin"));
    assertThat(spun.bare()).allSatisfy(r -> assertThat(r.side()).isEqualTo("bare"));
    assertThat(spin.spinCpu.nanosPerRequest()).as("the spin's CPU, read on the request thread").isPositive();
    assertThat(bare.spinCpu.nanosPerRequest()).as("the plain bare servlet does not spin").isNaN();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rounds.write(out, 5, 2, 0.4, 0.3, new IngestBenchmark.Control(accounted, spin.spinNanos / 1e3,
        spin.spinCpu.nanosPerRequest() / 1e3, spun));
    JsonNode control = JSON.readTree(out.toByteArray()).get("control");
    assertThat(control.get("filter_own_cpu_us_per_request").asDouble()).isEqualTo(spin.spinNanos / 1e3);
    assertThat(control.get("rounds").asInt()).isEqualTo(2);
    assertThat(control.get("median_ratio").asDouble()).isEqualTo(spun.medianRatio());
    assertThat(control.get("spin_median_rps").asDouble()).isPositive();
  }

  private static IngestBenchmark.SliceResult bare(long requests) {
    return new IngestBenchmark.SliceResult("bare", requests, 1.0, 1.0);
  }

  private static IngestBenchmark.SliceResult filter(long requests) {
    return new IngestBenchmark.SliceResult("filter", requests, 1.0, 1.0);
  }

  @Test
  void singleEventBodyIsOneObjectAndBatchesAreWrapped() throws Exception {
    JsonNode one = JSON.readTree(IngestBenchmark.body(1));
    JsonNode many = JSON.readTree(IngestBenchmark.body(20));
    assertThat(one.get("event").asText()).isEqualTo(TypicalEvent.NAME);
    assertThat(many.get("batch").size()).isEqualTo(20);
    List<String> ids = new ArrayList<>();
    many.get("batch").forEach(e -> ids.add(e.get("event_id").asText()));
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids.stream().map(String::length).collect(Collectors.toSet())).containsExactly(36);
  }
}
