package dev.logline.schema;

import dev.logline.schema.internal.ClasspathSchemaClient;
import dev.logline.schema.internal.SchemaCompiler;
import dev.logline.schema.internal.SchemaScanner;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event schemas found on a class path under {@code logline/schemas/events/<name>/<MODEL-REVISION-ADDITION>.json},
 * in directories and jars alike, plus the envelope schema. Files are listed when the registry is built; each schema is
 * compiled on first use, once. Thread-safe.
 */
public final class SchemaRegistry {
  /** The envelope version this module ships. */
  public static final SchemaKey ENVELOPE = SchemaKey.of("envelope", SchemaVer.of(1, 0, 0));
  static final String ENVELOPE_RESOURCE = "logline/schemas/envelope/1-0-0.json";

  private final ClassLoader loader;
  private final SortedMap<String, SortedMap<SchemaVer, URL>> files;
  private final Map<SchemaKey, EventSchema> compiled = new ConcurrentHashMap<>();
  private volatile EventSchema envelope;

  private SchemaRegistry(ClassLoader loader, SortedMap<String, SortedMap<SchemaVer, URL>> files) {
    this.loader = loader;
    this.files = files;
  }

  /** Schemas visible to the thread context class loader, or to this class's loader when there is none. */
  public static SchemaRegistry fromClasspath() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return fromClasspath(loader != null ? loader : SchemaRegistry.class.getClassLoader());
  }

  /**
   * Schemas visible to {@code loader}.
   *
   * @throws SchemaException MALFORMED_SCHEMA when a file's directory or name is not a valid name or version
   */
  public static SchemaRegistry fromClasspath(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader == null");
    SortedMap<String, SortedMap<SchemaVer, URL>> files = new TreeMap<>();
    SchemaScanner.scan(loader).forEach((name, versions) ->
        files.put(name, Collections.unmodifiableSortedMap(versions)));
    return new SchemaRegistry(loader, Collections.unmodifiableSortedMap(files));
  }

  /** Every event name, sorted. */
  public Set<String> eventNames() {
    return files.keySet();
  }

  /** The versions of {@code eventName}, ascending; empty when unknown. */
  public SortedSet<SchemaVer> versions(String eventName) {
    SortedMap<SchemaVer, URL> versions = files.get(Objects.requireNonNull(eventName, "eventName == null"));
    return versions == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(
        new TreeSet<>(versions.keySet()));
  }

  /** The highest version of {@code eventName}, if known. */
  public Optional<SchemaVer> latestVersion(String eventName) {
    SortedSet<SchemaVer> versions = versions(eventName);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.last());
  }

  /**
   * The compiled schema of {@code key}.
   *
   * @throws SchemaException UNKNOWN_EVENT, UNKNOWN_VERSION, MALFORMED_SCHEMA or REMOTE_REF
   */
  public EventSchema schema(SchemaKey key) {
    Objects.requireNonNull(key, "key == null");
    EventSchema schema = compiled.get(key);
    if (schema != null) {
      return schema;
    }
    SortedMap<SchemaVer, URL> versions = files.get(key.name());
    if (versions == null) {
      throw SchemaException.unknownEvent(key.name(), files.keySet());
    }
    URL url = versions.get(key.version());
    if (url == null) {
      throw SchemaException.unknownVersion(key, versions.keySet());
    }
    return compiled.computeIfAbsent(key, k -> load(k, SchemaScanner.resource(k), url));
  }

  /** The envelope schema 1-0-0, from this registry's loader or else from this module's own. */
  public EventSchema envelope() {
    EventSchema e = envelope;
    if (e == null) {
      synchronized (this) {
        e = envelope;
        if (e == null) {
          URL url = ClasspathSchemaClient.find(loader, ENVELOPE_RESOURCE);
          if (url == null) {
            throw SchemaException.malformedSchema(ENVELOPE_RESOURCE, "not on the class path", null);
          }
          envelope = e = load(ENVELOPE, ENVELOPE_RESOURCE, url);
        }
      }
    }
    return e;
  }

  /** {@code schema(key).validate(properties)}. */
  public List<Violation> validate(SchemaKey key, Object properties) {
    return schema(key).validate(properties);
  }

  /**
   * Every event schema, loaded and compiled, by name then version; use at startup or in a test to fail fast.
   *
   * @throws SchemaException MALFORMED_SCHEMA or REMOTE_REF for the first bad file
   */
  public List<EventSchema> all() {
    List<EventSchema> all = new ArrayList<>();
    files.forEach((name, versions) -> {
      for (SchemaVer version : versions.keySet()) {
        all.add(schema(SchemaKey.of(name, version)));
      }
    });
    return List.copyOf(all);
  }

  private EventSchema load(SchemaKey key, String resource, URL url) {
    String where = resource + " (" + url + ")";
    String json = SchemaCompiler.read(where, url);
    return EventSchema.of(key, resource, json, SchemaCompiler.compile(resource, where, json, loader));
  }

  @Override
  public String toString() {
    return "SchemaRegistry" + files.keySet();
  }
}
