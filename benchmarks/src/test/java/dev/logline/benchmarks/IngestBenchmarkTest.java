package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** B3 compares the filter's full work with a bare body read of the very same requests. */
class IngestBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final IngestBenchmark bench = new IngestBenchmark();

  @Test
  void filterPathAcceptsValidatesAndWritesEveryEventOfABatchAsCanonicalLines() throws Exception {
    IngestBenchmark.FilterServer s = new IngestBenchmark.FilterServer();
    s.batch = 20;
    s.setUp();
    List<String> lines;
    try {
      assertThat(bench.filter(s)).isEqualTo(202);
      Path firstDir = s.dir;
      s.freshFileEachIteration(); // what JMH does between iterations
      assertThat(s.dir).isNotEqualTo(firstDir);
      assertThat(firstDir).doesNotExist();
      assertThat(bench.filter(s)).isEqualTo(202);
      s.verify(); // counts the events of both files
      assertThat(s.filter.stats().accepted()).isEqualTo(40);
      try (Stream<Path> files = Files.list(s.dir)) {
        Path active = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        lines = Files.readAllLines(active);
      }
    } finally {
      s.tearDown();
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
    IngestBenchmark.BareServer s = new IngestBenchmark.BareServer();
    s.batch = 20;
    s.setUp();
    try {
      assertThat(bench.bareServlet(s)).isEqualTo(202);
    } finally {
      s.tearDown();
    }
    int expected = IngestBenchmark.body(20).getBytes(StandardCharsets.UTF_8).length;
    assertThat(s.bytesRead.sum()).isEqualTo(expected);
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
