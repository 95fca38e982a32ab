package dev.logline.servlet;

import dev.logline.servlet.internal.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Immutable configuration of {@link EventIngestFilter}: the path it answers and every limit it
 * enforces. Build one with {@link #builder()} or read one from filter init-params with {@link
 * #fromParameters(Function)}; every builder setter validates at once.
 */
public final class IngestConfig {
  /** Default ingest path: {@value}; the tracker script is served at the path plus {@code .js}. */
  public static final String DEFAULT_PATH = "/events";
  /** Default largest request body, after gzip inflation, in bytes: {@value} (413 {@code body_too_large}). */
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
  /** Default most events in one request: {@value} (413 {@code too_many_events}; the tracker splits). */
  public static final int DEFAULT_MAX_EVENTS = 100;
  /** Default deepest JSON nesting of the whole body: {@value} (400 {@code too_deep}). */
  public static final int DEFAULT_MAX_DEPTH = 16;
  /** Default longest string value or key, in chars: {@value} (the event is rejected). */
  public static final int DEFAULT_MAX_STRING_LENGTH = 8 * 1024;
  /** Default most properties (keys at all levels plus array items) in one event: {@value} (the event is rejected). */
  public static final int DEFAULT_MAX_PROPERTY_COUNT = 256;
  /** Default dedupe window of browser retries by {@code event_id}, in seconds: {@value}. */
  public static final long DEFAULT_DEDUPE_WINDOW_SECONDS = 600;
  /** Default capacity of the dedupe LRU, in event ids: {@value}. */
  public static final int DEFAULT_DEDUPE_CAPACITY = 100_000;
  /** Default {@code source} of ingested events: {@value}. */
  public static final String DEFAULT_SOURCE = "web";
  /** Default {@code Cache-Control: max-age} of the tracker script, in seconds: {@value}. */
  public static final int DEFAULT_SCRIPT_MAX_AGE_SECONDS = 3600;
  /** Default name of the SLF4J logger for requests and events refused before EventLogger: {@value}. */
  public static final String DEFAULT_DEAD_LETTER_LOGGER_NAME = "events-dead-letter";

  private final String path;
  private final int maxBodyBytes;
  private final int maxEvents;
  private final int maxDepth;
  private final int maxStringLength;
  private final int maxPropertyCount;
  private final Set<String> allowedOrigins;
  private final List<Cidr> trustedProxies;
  private final boolean anonymizeIp;
  private final Duration dedupeWindow;
  private final int dedupeCapacity;
  private final String source;
  private final int scriptMaxAgeSeconds;
  private final String deadLetterLoggerName;
  private final UserResolver userResolver;

  private IngestConfig(Builder b) {
    this.path = b.path;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxEvents = b.maxEvents;
    this.maxDepth = b.maxDepth;
    this.maxStringLength = b.maxStringLength;
    this.maxPropertyCount = b.maxPropertyCount;
    this.allowedOrigins = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedOrigins));
    this.trustedProxies = List.copyOf(b.trustedProxies);
    this.anonymizeIp = b.anonymizeIp;
    this.dedupeWindow = b.dedupeWindow;
    this.dedupeCapacity = b.dedupeCapacity;
    this.source = b.source;
    this.scriptMaxAgeSeconds = b.scriptMaxAgeSeconds;
    this.deadLetterLoggerName = b.deadLetterLoggerName;
    this.userResolver = b.userResolver;
  }

  /** A configuration with every default. */
  public static IngestConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the init-params named like the builder setters ({@code path}, {@code maxBodyBytes},
   * {@code maxEvents}, {@code maxDepth}, {@code maxStringLength}, {@code maxPropertyCount}, {@code
   * allowedOrigins} and {@code trustedProxies} comma-separated, {@code anonymizeIp}, {@code
   * dedupeWindowSeconds}, {@code dedupeCapacity}, {@code source}, {@code scriptMaxAgeSeconds},
   * {@code deadLetterLoggerName}); absent ones keep their defaults.
   *
   * @throws IllegalArgumentException naming the parameter whose value is invalid
   */
  public static IngestConfig fromParameters(Function<String, String> parameters) {
    Builder b = builder();
    String v;
    if ((v = parameters.apply("path")) != null) b.path(v.trim());
    if ((v = parameters.apply("maxBodyBytes")) != null) b.maxBodyBytes(intParam("maxBodyBytes", v));
    if ((v = parameters.apply("maxEvents")) != null) b.maxEvents(intParam("maxEvents", v));
    if ((v = parameters.apply("maxDepth")) != null) b.maxDepth(intParam("maxDepth", v));
    if ((v = parameters.apply("maxStringLength")) != null) b.maxStringLength(intParam("maxStringLength", v));
    if ((v = parameters.apply("maxPropertyCount")) != null) b.maxPropertyCount(intParam("maxPropertyCount", v));
    if ((v = parameters.apply("allowedOrigins")) != null) b.allowedOrigins(split(v));
    if ((v = parameters.apply("trustedProxies")) != null) b.trustedProxies(split(v));
    if ((v = parameters.apply("anonymizeIp")) != null) b.anonymizeIp(boolParam("anonymizeIp", v));
    if ((v = parameters.apply("dedupeWindowSeconds")) != null) {
      b.dedupeWindow(Duration.ofSeconds(intParam("dedupeWindowSeconds", v)));
    }
    if ((v = parameters.apply("dedupeCapacity")) != null) b.dedupeCapacity(intParam("dedupeCapacity", v));
    if ((v = parameters.apply("source")) != null) b.source(v.trim());
    if ((v = parameters.apply("scriptMaxAgeSeconds")) != null) {
      b.scriptMaxAgeSeconds(intParam("scriptMaxAgeSeconds", v));
    }
    if ((v = parameters.apply("deadLetterLoggerName")) != null) b.deadLetterLoggerName(v.trim());
    return b.build();
  }

  private static int intParam(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected an integer, found \"" + value + "\"");
    }
  }

  private static boolean boolParam(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new IllegalArgumentException(name + ": expected true or false, found \"" + value + "\"");
  }

  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) out.add(part.trim());
    }
    return out;
  }

  /** The ingest path relative to the context path; defaults to {@value #DEFAULT_PATH}. */
  public String path() {
    return path;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxEvents() {
    return maxEvents;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public int maxStringLength() {
    return maxStringLength;
  }

  public int maxPropertyCount() {
    return maxPropertyCount;
  }

  /** Cross-origin callers allowed, as {@code scheme://host[:port]}; same-origin requests always are. */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Whether {@code X-Forwarded-For} is honoured from {@code address} (a literal IP). */
  public boolean isTrustedProxy(byte[] address) {
    for (Cidr cidr : trustedProxies) {
      if (cidr.contains(address)) return true;
    }
    return false;
  }

  public List<String> trustedProxies() {
    List<String> out = new ArrayList<>();
    for (Cidr c : trustedProxies) out.add(c.toString());
    return out;
  }

  public boolean anonymizeIp() {
    return anonymizeIp;
  }

  public Duration dedupeWindow() {
    return dedupeWindow;
  }

  public int dedupeCapacity() {
    return dedupeCapacity;
  }

  public String source() {
    return source;
  }

  public int scriptMaxAgeSeconds() {
    return scriptMaxAgeSeconds;
  }

  public String deadLetterLoggerName() {
    return deadLetterLoggerName;
  }

  public UserResolver userResolver() {
    return userResolver;
  }

  @Override
  public String toString() {
    return "IngestConfig{path=" + path + ", maxBodyBytes=" + maxBodyBytes + ", maxEvents=" + maxEvents
        + ", maxDepth=" + maxDepth + ", maxStringLength=" + maxStringLength + ", maxPropertyCount="
        + maxPropertyCount + ", allowedOrigins=" + allowedOrigins + ", trustedProxies=" + trustedProxies
        + ", anonymizeIp=" + anonymizeIp + ", dedupeWindow=" + dedupeWindow + ", dedupeCapacity=" + dedupeCapacity
        + ", source=" + source + "}";
  }

  /** Builds an {@link IngestConfig}. */
  public static final class Builder {
    private String path = DEFAULT_PATH;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxEvents = DEFAULT_MAX_EVENTS;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private int maxPropertyCount = DEFAULT_MAX_PROPERTY_COUNT;
    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private final List<Cidr> trustedProxies = new ArrayList<>();
    private boolean anonymizeIp;
    private Duration dedupeWindow = Duration.ofSeconds(DEFAULT_DEDUPE_WINDOW_SECONDS);
    private int dedupeCapacity = DEFAULT_DEDUPE_CAPACITY;
    private String source = DEFAULT_SOURCE;
    private int scriptMaxAgeSeconds = DEFAULT_SCRIPT_MAX_AGE_SECONDS;
    private String deadLetterLoggerName = DEFAULT_DEAD_LETTER_LOGGER_NAME;
    private UserResolver userResolver = UserResolver.PRINCIPAL;

    private Builder() {}

    /** Starts with {@code /}, no trailing {@code /}, no wildcard; defaults to {@value #DEFAULT_PATH}. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path == null");
      if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")
          || path.endsWith(".js")) {
        throw new IllegalArgumentException("path: expected /name without wildcard or trailing /, found \"" + path + "\"");
      }
      this.path = path;
      return this;
    }

    /** Defaults to {@value #DEFAULT_MAX_BODY_BYTES}. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = atLeast("maxBodyBytes", maxBodyBytes, 1024);
      return this;
    }

    /** Defaults to {@value #DEFAULT_MAX_EVENTS}. */
    public Builder maxEvents(int maxEvents) {
      this.maxEvents = atLeast("maxEvents", maxEvents, 1);
      return this;
    }

    /** Defaults to {@value #DEFAULT_MAX_DEPTH}; 4 is the least (wrapper, batch, event, properties). */
    public Builder maxDepth(int maxDepth) {
      this.maxDepth = atLeast("maxDepth", maxDepth, 4);
      return this;
    }

    /** Defaults to {@value #DEFAULT_MAX_STRING_LENGTH}. */
    public Builder maxStringLength(int maxStringLength) {
      this.maxStringLength = atLeast("maxStringLength", maxStringLength, 64);
      return this;
    }

    /** Defaults to {@value #DEFAULT_MAX_PROPERTY_COUNT}. */
    public Builder maxPropertyCount(int maxPropertyCount) {
      this.maxPropertyCount = atLeast("maxPropertyCount", maxPropertyCount, 1);
      return this;
    }

    /** Adds cross-origin callers, each {@code scheme://host[:port]} as browsers send it in {@code Origin}. */
    public Builder allowedOrigins(Iterable<String> origins) {
      for (String origin : Objects.requireNonNull(origins, "origins == null")) {
        allowedOrigin(origin);
      }
      return this;
    }

    public Builder allowedOrigin(String origin) {
      Objects.requireNonNull(origin, "origin == null");
      if (!(origin.startsWith("http://") || origin.startsWith("https://")) || origin.endsWith("/")
          || origin.indexOf('/', origin.indexOf("//") + 2) >= 0) {
        throw new IllegalArgumentException("allowedOrigins: expected scheme://host[:port], found \"" + origin + "\"");
      }
      allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
      return this;
    }

    /** Adds proxies whose {@code X-Forwarded-For} is believed, as CIDRs ({@code 10.0.0.0/8}) or single IPs. */
    public Builder trustedProxies(Iterable<String> cidrs) {
      for (String cidr : Objects.requireNonNull(cidrs, "cidrs == null")) {
        trustedProxy(cidr);
      }
      return this;
    }

    public Builder trustedProxy(String cidr) {
      trustedProxies.add(Cidr.parse(Objects.requireNonNull(cidr, "cidr == null")));
      return this;
    }

    /** Zero the last IPv4 octet / keep an IPv6 /48 before the IP is logged; defaults to false. */
    public Builder anonymizeIp(boolean anonymizeIp) {
      this.anonymizeIp = anonymizeIp;
      return this;
    }

    /** How long an accepted event id is remembered; defaults to {@value #DEFAULT_DEDUPE_WINDOW_SECONDS} s. */
    public Builder dedupeWindow(Duration dedupeWindow) {
      Objects.requireNonNull(dedupeWindow, "dedupeWindow == null");
      if (dedupeWindow.isNegative()) {
        throw new IllegalArgumentException("dedupeWindow < 0: " + dedupeWindow);
      }
      this.dedupeWindow = dedupeWindow;
      return this;
    }

    /** Most event ids remembered (oldest evicted first); 0 disables deduplication. Defaults to {@value #DEFAULT_DEDUPE_CAPACITY}. */
    public Builder dedupeCapacity(int dedupeCapacity) {
      this.dedupeCapacity = atLeast("dedupeCapacity", dedupeCapacity, 0);
      return this;
    }

    /** Defaults to {@value #DEFAULT_SOURCE}. */
    public Builder source(String source) {
      Objects.requireNonNull(source, "source == null");
      if (!source.matches("[a-z][a-z0-9_]{0,31}")) {
        throw new IllegalArgumentException("source: expected [a-z][a-z0-9_]{0,31}, found \"" + source + "\"");
      }
      this.source = source;
      return this;
    }

    /** Defaults to {@value #DEFAULT_SCRIPT_MAX_AGE_SECONDS}. */
    public Builder scriptMaxAgeSeconds(int seconds) {
      this.scriptMaxAgeSeconds = atLeast("scriptMaxAgeSeconds", seconds, 0);
      return this;
    }

    /** Defaults to {@value #DEFAULT_DEAD_LETTER_LOGGER_NAME}. */
    public Builder deadLetterLoggerName(String name) {
      this.deadLetterLoggerName = Objects.requireNonNull(name, "deadLetterLoggerName == null");
      return this;
    }

    /** Who the authenticated user is; defaults to {@link UserResolver#PRINCIPAL}. */
    public Builder userResolver(UserResolver userResolver) {
      this.userResolver = Objects.requireNonNull(userResolver, "userResolver == null");
      return this;
    }

    public IngestConfig build() {
      return new IngestConfig(this);
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " < " + min + ": " + value);
      }
      return value;
    }
  }
}
