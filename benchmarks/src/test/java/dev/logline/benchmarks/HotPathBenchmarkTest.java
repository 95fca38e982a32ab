package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** B1's states measure what they claim: real lines in real files, of comparable content and size on every path. */
class HotPathBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CALLS = 5;
  private final HotPathBenchmark bench = new HotPathBenchmark();

  @Test
  void loglinePathWritesCanonicalLinesOfTheTypicalSizeThroughEventFileAppender() throws IOException {
    List<String> lines = loglineLines();

    assertThat(lines).hasSize(CALLS + 1); // setUp logs one to prove the event is accepted
    for (String line : lines) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).isBetween(500, 750);
      JsonNode node = JSON.readTree(line);
      assertThat(node.get("event").asText()).isEqualTo(TypicalEvent.NAME);
      assertThat(node.get("schema").asText()).isEqualTo("order_placed/1-0-0");
      assertThat(node.get("properties").size()).isEqualTo(10);
      assertThat(node.at("/properties/amount").asDouble()).isEqualTo(TypicalEvent.AMOUNT);
    }
    assertThat(lines.stream().map(l -> readTree(l).at("/producer/seq").asLong()))
        .isSorted().doesNotHaveDuplicates();
  }

  @Test
  void mappedPathWritesTheSameLinesThroughAMappedFile() throws IOException {
    HotPathBenchmark.LoglineMappedState s = new HotPathBenchmark.LoglineMappedState();
    s.setUp();
    try {
      for (int i = 0; i < CALLS; i++) {
        assertThat(bench.loglineMapped(s).isAccepted()).isTrue();
      }
      s.verify();
      assertThat(s.appender.getWriteMode()).isEqualTo(dev.logline.logback.WriteMode.MAPPED);
      Path active;
      try (Stream<Path> files = Files.list(s.dir)) {
        active = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      }
      byte[] raw = Files.readAllBytes(active);
      int end = 0;
      while (end < raw.length && raw[end] != 0) end++;
      assertThat(raw.length).as("mapped files carry a zero tail while active").isGreaterThan(end);
      List<String> lines = List.of(new String(raw, 0, end, StandardCharsets.UTF_8).split("\n"));
      assertThat(lines).hasSize(CALLS + 1);
      JsonNode streamed = readTree(loglineLines().get(0));
      for (String line : lines) {
        JsonNode node = readTree(line);
        assertThat(node.get("properties")).isEqualTo(streamed.get("properties"));
        assertThat(node.get("schema")).isEqualTo(streamed.get("schema"));
      }
    } finally {
      s.tearDown();
    }
  }

  @Test
  void limitWritesTheSameLineAsLoglineExceptIdTimeAndSeq() throws IOException {
    JsonNode logline = readTree(loglineLines().get(0));
    HotPathBenchmark.LimitFile file = new HotPathBenchmark.LimitFile();
    HotPathBenchmark.LimitEncoder encoder = new HotPathBenchmark.LimitEncoder();
    file.setUp();
    encoder.setUp();
    try {
      for (int i = 0; i < CALLS; i++) {
        bench.limit(file, encoder);
      }
      List<String> lines = Files.readAllLines(file.dir.resolve("events.jsonl"));
      assertThat(lines).hasSize(CALLS);
      JsonNode limit = readTree(lines.get(0));
      assertThat(fieldPaths(limit)).isEqualTo(fieldPaths(logline));
      for (String ignored : List.of("event_id", "occurred_at")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) limit).remove(ignored);
        ((com.fasterxml.jackson.databind.node.ObjectNode) logline).remove(ignored);
      }
      ((com.fasterxml.jackson.databind.node.ObjectNode) limit.get("producer")).remove("seq");
      ((com.fasterxml.jackson.databind.node.ObjectNode) logline.get("producer")).remove("seq");
      assertThat(limit).isEqualTo(logline);
    } finally {
      file.tearDown();
    }
  }

  @Test
  void logstashEncoderPeerWritesTheSameFieldsAsOneJsonLineOfComparableSize() throws IOException {
    int loglineSize = loglineLineSize();
    HotPathBenchmark.LogstashEncoderState s = new HotPathBenchmark.LogstashEncoderState();
    s.setUp();
    assertPeerLines(s, () -> bench.logstashEncoder(s), loglineSize);
  }

  @Test
  void compositeEncoderPeerWritesTheSameFieldsAsOneJsonLineOfComparableSize() throws IOException {
    int loglineSize = loglineLineSize();
    HotPathBenchmark.CompositeEncoderState s = new HotPathBenchmark.CompositeEncoderState();
    s.setUp();
    assertPeerLines(s, () -> bench.logstashComposite(s), loglineSize);
  }

  private int loglineLineSize() throws IOException {
    return loglineLines().get(0).getBytes(StandardCharsets.UTF_8).length;
  }

  private void assertPeerLines(HotPathBenchmark.PeerState s, Runnable call, int loglineSize) throws IOException {
    List<String> lines;
    try {
      for (int i = 0; i < CALLS; i++) {
        call.run();
      }
      // immediateFlush: every line is in the file when the call returns, as with Logline
      lines = Files.readAllLines(s.dir.resolve("events.json"));
    } finally {
      s.tearDown();
    }
    assertThat(lines).hasSize(CALLS);
    for (String line : lines) {
      JsonNode node = readTree(line);
      for (String key : TypicalEvent.propertiesInCallOrder().keySet()) {
        assertThat(node.has(key)).as(key).isTrue();
      }
      assertThat(node.get("user_id").asText()).isEqualTo(TypicalEvent.USER_ID);
      assertThat(node.get("order_id").asText()).isEqualTo(TypicalEvent.ORDER_ID);
      int size = line.getBytes(StandardCharsets.UTF_8).length;
      assertThat(size).isBetween(loglineSize / 2, loglineSize * 3 / 2);
    }
  }

  private List<String> loglineLines() throws IOException {
    HotPathBenchmark.LoglineState s = new HotPathBenchmark.LoglineState();
    return lines(s, () -> bench.logline(s));
  }

  /** The lines {@code CALLS} calls wrote to the active file, once the journal (the default mode) drained them. */
  private static List<String> lines(HotPathBenchmark.LoglineState s, java.util.function.Supplier<dev.logline.core.LogResult> call)
      throws IOException {
    s.setUp();
    try {
      for (int i = 0; i < CALLS; i++) {
        assertThat(call.get().isAccepted()).isTrue();
      }
      s.verify();
      try (Stream<Path> files = Files.list(s.dir)) {
        List<Path> active = files.filter(p -> p.toString().endsWith(".jsonl")).collect(Collectors.toList());
        assertThat(active).hasSize(1);
        org.awaitility.Awaitility.await().until(() -> Files.size(active.get(0)) == s.appender.stats().bytesWritten());
        return Files.readAllLines(active.get(0));
      }
    } finally {
      s.tearDown();
    }
  }

  @Test
  void theDefaultPathIsTheJournalAndTheStreamPathWritesTheSameLines() throws IOException {
    HotPathBenchmark.LoglineStreamState stream = new HotPathBenchmark.LoglineStreamState();
    List<String> streamed = lines(stream, () -> bench.loglineStream(stream));

    assertThat(stream.appender.getWriteMode()).isEqualTo(dev.logline.logback.WriteMode.STREAM);
    assertThat(new HotPathBenchmark.LoglineState().writeMode()).isEqualTo(dev.logline.logback.WriteMode.JOURNAL);
    List<String> journaled = loglineLines();
    assertThat(streamed).hasSameSizeAs(journaled);
    for (int i = 0; i < streamed.size(); i++) {
      assertThat(readTree(streamed.get(i)).get("properties")).isEqualTo(readTree(journaled.get(i)).get("properties"));
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private static List<String> fieldPaths(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, "", out);
    return out;
  }

  private static void collect(JsonNode node, String prefix, List<String> out) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      out.add(prefix + "/" + name);
      if (node.get(name).isObject()) {
        collect(node.get(name), prefix + "/" + name, out);
      }
    }
  }
}
