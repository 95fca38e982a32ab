package dev.logline.core;

import dev.logline.core.internal.Uuids;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who wrote an event: app, host, a per-process instance id, and the per-process {@code seq} counter.
 * A gap in {@code seq} for one (app, host, instance) downstream means lost events.
 */
public final class Producer {
  /** One id per JVM, chosen at class load: a restarted process is a new instance with a new seq. */
  public static final String PROCESS_INSTANCE = Uuids.v7(System.currentTimeMillis()).toString();

  private static final Map<String, Producer> BY_APP = new ConcurrentHashMap<>();
  private static final String LOCAL_HOST = detectHost();

  private final String app;
  private final String host;
  private final String instance;
  private final AtomicLong seq = new AtomicLong();

  private Producer(String app, String host, String instance) {
    this.app = Objects.requireNonNull(app, "app == null");
    this.host = Objects.requireNonNull(host, "host == null");
    this.instance = Objects.requireNonNull(instance, "instance == null");
    if (app.isEmpty()) throw new IllegalArgumentException("app is empty");
  }

  /**
   * The process-wide producer for {@code app}: this host, {@link #PROCESS_INSTANCE}, and one seq
   * counter shared by every logger of the app in this JVM.
   */
  public static Producer forApp(String app) {
    return BY_APP.computeIfAbsent(app, a -> new Producer(a, LOCAL_HOST, PROCESS_INSTANCE));
  }

  /** A producer with its own identity and a fresh seq counter (tests, simulations). */
  public static Producer of(String app, String host, String instance) {
    return new Producer(app, host, instance);
  }

  /** This machine's host name as producers report it ($HOSTNAME, else the resolver's). */
  public static String localHost() {
    return LOCAL_HOST;
  }

  public String app() {
    return app;
  }

  public String host() {
    return host;
  }

  public String instance() {
    return instance;
  }

  /** The next sequence number, starting at 1. */
  public long nextSeq() {
    return seq.incrementAndGet();
  }

  /** The last sequence number handed out (0 before the first). */
  public long lastSeq() {
    return seq.get();
  }

  @Override
  public String toString() {
    return app + "@" + host + "/" + instance;
  }

  private static String detectHost() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception | LinkageError e) {
      return "unknown-host";
    }
  }
}
