package dev.logline.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logline.schema.SchemaRegistry;
import dev.logline.test.SchemaChecks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end: simulated browser and backend traffic ends up in the archive as canonical lines. */
class ShopDemoTest {
  @TempDir Path temp;

  @Test
  void simulatedTrafficFromBothPathsLandsInTheArchiveAsCanonicalLines() throws Exception {
    ShopApp.Settings settings = new ShopApp.Settings().port(0).dataDir(temp.resolve("data")).archiveDir(temp.resolve("archive"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    TrafficSimulator.Result result;
    ShopApp app = ShopApp.start(settings);
    try {
      result = new TrafficSimulator(app.baseUri(), 12, Duration.ofSeconds(2), new PrintStream(progress, true)).run();
      java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(app.baseUri().resolve("health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"logged\":");
    } finally {
      app.close();
    }
    assertThat(result.failures).as(progress.toString()).isZero();
    assertThat(progress.toString()).contains("simulated 12/12 users");

    List<Map<String, Object>> lines = readArchive(settings.archiveDir());
    Map<String, Long> byEvent = lines.stream().collect(Collectors.groupingBy(l -> (String) l.get("event"), Collectors.counting()));
    assertThat(byEvent.get("page_viewed")).isEqualTo(12L);
    assertThat(byEvent.get("product_clicked")).isEqualTo(12L);
    assertThat(byEvent.get("checkout_completed")).isEqualTo(12L);
    assertThat(byEvent.getOrDefault("user_signed_up", 0L) + 36).isEqualTo(lines.size());
    assertThat(result.browserEvents).isEqualTo(24);

    assertThat(lines).filteredOn(l -> "page_viewed".equals(l.get("event"))).allMatch(l -> "web".equals(l.get("source")));
    assertThat(lines).filteredOn(l -> "checkout_completed".equals(l.get("event")))
        .allMatch(l -> "server".equals(l.get("source")) && String.valueOf(l.get("user_id")).startsWith("sim-user-"));

    // Every line is a canonical envelope, and the producer's seq has no gap.
    SchemaRegistry registry = SchemaRegistry.fromClasspath();
    for (Map<String, Object> line : lines) {
      assertThat(registry.envelope().validate(line)).as(line.toString()).isEmpty();
    }
    TreeSet<Long> seqs = lines.stream().map(l -> ((Number) ((Map<?, ?>) l.get("producer")).get("seq")).longValue())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(seqs).hasSize(lines.size());
    assertThat(seqs.first()).isEqualTo(1L);
    assertThat(seqs.last()).isEqualTo((long) lines.size());

    // Nothing waits locally: the appender stopped, rolled, and the archiver shipped it all.
    try (Stream<Path> left = Files.list(settings.eventsDir())) {
      assertThat(left.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz"))).isEmpty();
    }
  }

  @Test
  void theShopsOwnSchemaIsOnTheClasspathAndVersionedHonestly() {
    assertThat(SchemaRegistry.fromClasspath().eventNames()).contains("product_clicked");
    SchemaChecks.assertClasspathSchemasValid();
  }

  private static List<Map<String, Object>> readArchive(Path archive) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(archive)) {
      files = walk.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().collect(Collectors.toList());
    }
    assertThat(files).as("archived files under " + archive).isNotEmpty();
    assertThat(files.get(0).toString()).contains("event_date=");
    List<Map<String, Object>> lines = new ArrayList<>();
    JsonFactory json = new JsonFactory();
    for (Path file : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          try (JsonParser p = json.createParser(line)) {
            lines.add(readObject(p, p.nextToken()));
          }
        }
      }
    }
    return lines;
  }

  private static Map<String, Object> readObject(JsonParser p, JsonToken start) throws IOException {
    Map<String, Object> map = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      map.put(name, readValue(p, p.nextToken()));
    }
    return map;
  }

  private static Object readValue(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: return readObject(p, t);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) list.add(readValue(p, next));
        return list;
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT: return p.getLongValue();
      case VALUE_NUMBER_FLOAT: return p.getDecimalValue();
      case VALUE_TRUE: return true;
      case VALUE_FALSE: return false;
      default: return null;
    }
  }
}
