package dev.logline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.logline.core.Event;
import dev.logline.schema.SchemaKey;
import dev.logline.schema.SchemaRegistry;
import dev.logline.schema.Violation;
import dev.logline.servlet.IngestConfig;
import dev.logline.servlet.internal.BodyParser;
import dev.logline.servlet.internal.EventAssembler;
import dev.logline.servlet.internal.IngestError;
import dev.logline.servlet.internal.RawEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * B2, validation of the typical event's properties against the same draft-07 schema, each validator compiled once.
 * "validate" methods get input already parsed into the validator's own model; "parse" methods start from the
 * bytes of a browser event as the ingest filter receives them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ValidationBenchmark {
  public static final SchemaKey KEY = SchemaKey.parse(TypicalEvent.NAME + "/" + TypicalEvent.VERSION);
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final EventAssembler.Enrichment SERVER = new EventAssembler.Enrichment(
      Instant.parse("2026-11-27T08:15:32Z"), "web", "203.0.113.7", "Mozilla/5.0", "req-1", null);

  public SchemaRegistry registry;
  public Schema everit;
  public JsonSchema networknt;
  public BodyParser ingestParser;
  public byte[] body;
  public String bodyText;
  public Map<String, Object> javaModel;
  public JSONObject orgJson;
  public JsonNode jsonNode;

  @Setup(Level.Trial)
  public void setUp() {
    String schemaText = schemaText();
    registry = SchemaRegistry.fromClasspath();
    registry.schema(KEY); // compiled once, as EventLogger does at first use
    everit = SchemaLoader.builder().draftV7Support().schemaJson(new JSONObject(new JSONTokener(schemaText)))
        .build().load().build();
    networknt = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaText);
    networknt.initializeValidators();
    ingestParser = new BodyParser(IngestConfig.defaults());
    bodyText = TypicalEvent.browserEventJson(UUID.randomUUID().toString());
    body = bodyText.getBytes(StandardCharsets.UTF_8);
    // What EventLogger validates: the properties of the Event assembled from the parsed body (a sorted map)
    javaModel = parsedByIngest();
    orgJson = new JSONObject(bodyText).getJSONObject("properties");
    try {
      jsonNode = MAPPER.readTree(body).get("properties");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Violation> ours = registry.validate(KEY, javaModel);
    Set<ValidationMessage> theirs = networknt.validate(jsonNode);
    if (!ours.isEmpty() || !theirs.isEmpty()) {
      throw new IllegalStateException("the typical event must be valid: " + ours + " " + theirs);
    }
  }

  static String schemaText() {
    String resource = "logline/schemas/events/" + TypicalEvent.NAME + "/" + TypicalEvent.VERSION + ".json";
    try (InputStream in = ValidationBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the filter hands EventLogger: the body parsed and assembled into an Event, whose properties it validates. */
  Map<String, Object> parsedByIngest() {
    List<RawEvent> events;
    try {
      events = ingestParser.parse(body, body.length);
    } catch (IngestError e) {
      throw new IllegalStateException("the typical body must parse", e);
    }
    Event event = EventAssembler.assemble(events.get(0), SERVER, spoofed -> { });
    if (event == null) {
      throw new IllegalStateException("the typical body must assemble: " + events.get(0).problems.get(0).message);
    }
    return event.properties();
  }

  // ---- validate only ----

  /** Logline: the event's properties as EventLogger holds them, through the registry (fast path, else everit). */
  @Benchmark
  public List<Violation> validateLoglineRegistry() {
    return registry.validate(KEY, javaModel);
  }

  /** everit alone on a ready org.json object: the floor of any everit-based path. */
  @Benchmark
  public void validateEveritOrgJson() {
    everit.validate(orgJson);
  }

  /** networknt on a ready Jackson tree. */
  @Benchmark
  public Set<ValidationMessage> validateNetworkntJsonNode() {
    return networknt.validate(jsonNode);
  }

  /** networknt fed the same Java model through a direct tree conversion: a pluggable engine's real cost. */
  @Benchmark
  public Set<ValidationMessage> validateNetworkntFromJavaModel() {
    return networknt.validate(JavaModelNodes.toNode(javaModel));
  }

  // ---- parse + validate, from the request bytes ----

  /** The ingest path: the filter's own streaming parse and assembly (BodyParser, EventAssembler), then the registry. */
  @Benchmark
  public List<Violation> parseIngestThenLoglineRegistry() {
    return registry.validate(KEY, parsedByIngest());
  }

  /** The ingest parse, then networknt through the tree conversion: the ingest path with a networknt engine. */
  @Benchmark
  public Set<ValidationMessage> parseIngestThenNetworkntFromJavaModel() {
    return networknt.validate(JavaModelNodes.toNode(parsedByIngest()));
  }

  /** A second parse with org.json, then everit: what the ingest path must not do. */
  @Benchmark
  public void parseOrgJsonThenEverit() {
    everit.validate(new JSONObject(bodyText).getJSONObject("properties"));
  }

  /** Jackson tree parse, then networknt: the peer's natural path. */
  @Benchmark
  public Set<ValidationMessage> parseJacksonTreeThenNetworknt() throws IOException {
    return networknt.validate(MAPPER.readTree(body).get("properties"));
  }

  // ---- parse only (references) ----

  @Benchmark
  public Object parseOnlyIngest() {
    return parsedByIngest();
  }

  @Benchmark
  public Object parseOnlyOrgJson() {
    return new JSONObject(bodyText);
  }

  @Benchmark
  public Object parseOnlyJacksonTree() throws IOException {
    return MAPPER.readTree(body);
  }
}
