package dev.logline.schema;

import static dev.logline.schema.Data.CHECKOUT_1_0_0;
import static dev.logline.schema.Data.CHECKOUT_1_0_1;
import static dev.logline.schema.Data.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryTest {
  private static final String OBJECT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"additionalProperties\":false}";

  @Test
  void listsEventNamesSorted() {
    assertThat(REGISTRY.eventNames())
        .containsExactly("checkout_completed", "log_line", "page_viewed", "test_cart", "user_signed_up");
  }

  @Test
  void listsVersionsAscendingAndTheLatest() {
    assertThat(REGISTRY.versions("checkout_completed")).containsExactly(SchemaVer.parse("1-0-0"),
        SchemaVer.parse("1-0-1"));
    assertThat(REGISTRY.latestVersion("checkout_completed")).contains(SchemaVer.parse("1-0-1"));
    assertThat(REGISTRY.versions("nope")).isEmpty();
    assertThat(REGISTRY.latestVersion("nope")).isEqualTo(Optional.empty());
  }

  @Test
  void unknownEventListsKnownNames() {
    assertThatThrownBy(() -> REGISTRY.schema(SchemaKey.parse("checkout_complete/1-0-0")))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.UNKNOWN_EVENT))
        .hasMessage("unknown event checkout_complete; known events: "
            + "[checkout_completed, log_line, page_viewed, test_cart, user_signed_up]");
  }

  @Test
  void unknownVersionListsKnownVersions() {
    assertThatThrownBy(() -> REGISTRY.validate(SchemaKey.parse("checkout_completed/9-0-0"), Map.of()))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.UNKNOWN_VERSION))
        .hasMessage("unknown version checkout_completed/9-0-0; known versions of checkout_completed: "
            + "[1-0-0, 1-0-1]");
  }

  @Test
  void compilesEachSchemaOnce() {
    SchemaRegistry fresh = SchemaRegistry.fromClasspath(getClass().getClassLoader());
    assertThat(fresh.schema(CHECKOUT_1_0_0)).isSameAs(fresh.schema(CHECKOUT_1_0_0))
        .isNotSameAs(fresh.schema(CHECKOUT_1_0_1));
    assertThat(fresh.envelope()).isSameAs(fresh.envelope());
  }

  @Test
  void compilesOnceUnderConcurrentFirstUse() throws Exception {
    SchemaRegistry fresh = SchemaRegistry.fromClasspath(getClass().getClassLoader());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<EventSchema>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(() -> fresh.schema(CHECKOUT_1_0_1));
      }
      List<Future<EventSchema>> results = pool.invokeAll(calls);
      EventSchema cached = fresh.schema(CHECKOUT_1_0_1);
      for (Future<EventSchema> f : results) {
        assertThat(f.get()).isSameAs(cached);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void allLoadsEverySchemaByNameThenVersion() {
    assertThat(REGISTRY.all()).extracting(s -> s.key().toString()).containsExactly("checkout_completed/1-0-0",
        "checkout_completed/1-0-1", "log_line/1-0-0", "page_viewed/1-0-0", "test_cart/1-0-0",
        "user_signed_up/1-0-0");
  }

  @Test
  void envelopeIsVersion100() {
    EventSchema envelope = REGISTRY.envelope();
    assertThat(envelope.key()).hasToString("envelope/1-0-0");
    assertThat(envelope.resource()).isEqualTo("logline/schemas/envelope/1-0-0.json");
  }

  @Test
  void ignoresIdForRefResolution() {
    // test_cart declares an https $id; its relative $ref must still resolve on the class path
    assertThat(REGISTRY.schema(Data.CART).json()).contains("\"$id\": \"https://example.com/schemas/test_cart.json\"");
    assertThat(REGISTRY.validate(Data.CART, Data.map("lines", List.of(Data.map("sku", "a", "qty", 1)),
        "ship_to", Data.map("country", "de")))).extracting(Violation::pointer).containsExactly("/ship_to/country");
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    try (URLClassLoader loader = Data.broken("bad_json")) {
      SchemaRegistry registry = SchemaRegistry.fromClasspath(loader);
      assertThat(registry.eventNames()).containsExactly("bad_json");
      assertThatThrownBy(registry::all)
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/bad_json/1-0-0.json (file:")
          .hasMessageContaining("bad_json/1-0-0.json): ");
    }
  }

  @Test
  void invalidKeywordValueNamesTheFileAndReason() throws IOException {
    try (URLClassLoader loader = Data.broken("bad_keyword")) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader).all())
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/bad_type/1-0-0.json")
          .hasMessageContaining("strng");
    }
  }

  @Test
  void invalidDirectoryNameFailsTheListing() throws IOException {
    try (URLClassLoader loader = Data.broken("bad_dir")) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader))
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/BadName/1-0-0.json (file:")
          .hasMessageEndingWith("): directory BadName is not a valid event name ([a-z][a-z0-9_]{0,63})");
    }
  }

  @Test
  void invalidFileNameFailsTheListing() throws IOException {
    try (URLClassLoader loader = Data.broken("bad_file")) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader))
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/good_name/1.0.0.json (file:")
          .hasMessageEndingWith("): file name 1.0.0.json is not <MODEL-REVISION-ADDITION>.json, e.g. 1-0-0.json");
    }
  }

  @Test
  void refusesHttpRefAtLoad() throws IOException {
    try (URLClassLoader loader = Data.broken("remote_http")) {
      SchemaRegistry registry = SchemaRegistry.fromClasspath(loader);
      assertThatThrownBy(() -> registry.schema(SchemaKey.parse("remote/1-0-0")))
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.REMOTE_REF))
          .hasMessageStartingWith("schema logline/schemas/events/remote/1-0-0.json (file:")
          .hasMessageEndingWith(" refers to http://example.com/money.json: only classpath: and relative $refs are "
              + "allowed, nothing is fetched");
    }
  }

  @Test
  void refusesFileRefAtLoad() throws IOException {
    try (URLClassLoader loader = Data.broken("remote_file")) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader).all())
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.REMOTE_REF))
          .hasMessageContaining("logline/schemas/events/remote/1-0-0.json")
          .hasMessageContaining(" refers to file:///etc/hosts:");
    }
  }

  @Test
  void missingClasspathRefIsMalformed() throws IOException {
    try (URLClassLoader loader = Data.broken("missing_ref")) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader).all())
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/dangling/1-0-0.json")
          .hasMessageEndingWith("$ref classpath:/logline/schemas/testing/nope.json is not on the class path");
    }
  }

  @Test
  void envelopeFallsBackToThisModulesLoader() throws IOException {
    try (URLClassLoader loader = Data.broken("bad_json")) {
      assertThat(SchemaRegistry.fromClasspath(loader).envelope().key()).isEqualTo(SchemaRegistry.ENVELOPE);
    }
  }

  @Test
  void listsSchemasInsideJars(@TempDir Path dir) throws IOException {
    Path jar = jar(dir.resolve("events.jar"), "logline/schemas/events/jarred/1-0-0.json", OBJECT_SCHEMA);
    try (URLClassLoader loader = Data.loader(jar)) {
      SchemaRegistry registry = SchemaRegistry.fromClasspath(loader);
      assertThat(registry.eventNames()).containsExactly("jarred");
      EventSchema schema = registry.schema(SchemaKey.parse("jarred/1-0-0"));
      assertThat(schema.resource()).isEqualTo("logline/schemas/events/jarred/1-0-0.json");
      assertThat(schema.validate(Map.of("n", "x"))).extracting(Violation::pointer).containsExactly("/n");
    }
  }

  @Test
  void badNameInsideAJarNamesTheJar(@TempDir Path dir) throws IOException {
    Path jar = jar(dir.resolve("bad.jar"), "logline/schemas/events/jarred/v1.json", OBJECT_SCHEMA);
    try (URLClassLoader loader = Data.loader(jar)) {
      assertThatThrownBy(() -> SchemaRegistry.fromClasspath(loader))
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
          .hasMessageStartingWith("malformed schema logline/schemas/events/jarred/v1.json (jar:file:")
          .hasMessageContaining("bad.jar!/logline/schemas/events/jarred/v1.json)");
    }
  }

  @Test
  void mergesDirectoriesAndJarsOfOneLoader(@TempDir Path dir) throws IOException {
    Path jar = jar(dir.resolve("events.jar"), "logline/schemas/events/jarred/1-0-0.json", OBJECT_SCHEMA);
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
        getClass().getClassLoader())) {
      assertThat(SchemaRegistry.fromClasspath(loader).eventNames()).contains("jarred", "checkout_completed");
    }
  }

  @Test
  void defaultsToTheContextClassLoader(@TempDir Path dir) throws IOException {
    Path jar = jar(dir.resolve("events.jar"), "logline/schemas/events/jarred/1-0-0.json", OBJECT_SCHEMA);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = Data.loader(jar)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(SchemaRegistry.fromClasspath().eventNames()).containsExactly("jarred");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void ignoresDotFiles(@TempDir Path dir) throws IOException {
    Path events = Files.createDirectories(dir.resolve("logline/schemas/events/dotted"));
    Files.writeString(events.resolve("1-0-0.json"), OBJECT_SCHEMA);
    Files.writeString(events.resolve(".DS_Store"), "junk");
    try (URLClassLoader loader = Data.loader(dir)) {
      assertThat(SchemaRegistry.fromClasspath(loader).versions("dotted")).containsExactly(SchemaVer.of(1, 0, 0));
    }
  }

  private static Path jar(Path jar, String entry, String content) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      StringBuilder dir = new StringBuilder();
      String[] parts = entry.split("/");
      for (int i = 0; i < parts.length - 1; i++) {
        dir.append(parts[i]).append('/');
        zip.putNextEntry(new JarEntry(dir.toString())); // directory entries, as Maven writes them
        zip.closeEntry();
      }
      zip.putNextEntry(new JarEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
