package dev.logline.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.core.EventLogger;
import dev.logline.logback.EventFileAppender;
import dev.logline.servlet.EventIngestFilter;
import dev.logline.servlet.IngestConfig;
import dev.logline.servlet.IngestStats;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * B3, browser ingest: HTTP POSTs of {@code batch} typical browser events to Jetty 12 on loopback, either through the
 * real {@link EventIngestFilter} (parse, validate, enrich, log to an {@link EventFileAppender}) or to a servlet that
 * only reads the body (the HTTP stack's own limit). The load generator is JMH's threads, each sending one request at a
 * time with {@code java.net.http.HttpClient} (HTTP/1.1 keep-alive); each request carries fresh event ids, so the
 * filter's duplicate check never short-cuts. Requests ask for the answer the tracker asks for ({@code
 * ?results=not-accepted}: the counts, and entries only for events not accepted; {@code -p results=all} measures the
 * answer with one entry per event). Score is requests/s; events/s is score x batch.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class IngestBenchmark {
  static final String PATH = IngestConfig.DEFAULT_PATH;
  static final int MAX_ATTEMPTS = 3;

  /** One Jetty on a loopback port and a client; subclasses mount what is measured. */
  @State(Scope.Benchmark)
  public abstract static class ServerState {
    @Param({"1", "20"})
    public int batch;

    /** What the filter's answer lists: {@code not-accepted} as the tracker asks, or {@code all} (one entry per event). */
    @Param({"not-accepted"})
    public String results = "not-accepted";

    public Server server;
    public HttpClient client;
    public URI uri;
    public Path dir;
    public LoggerContext ctx;
    final LongAdder sent = new LongAdder();
    /** Requests sent again after a closed connection; the filter may count their events as duplicates. */
    public final LongAdder retries = new LongAdder();

    abstract void mount(ServletContextHandler context) throws IOException;

    void start() throws Exception {
      // root off: Logback's default (console, DEBUG) would measure Jetty's debug logging instead
      ctx = LogbackSetup.resetContext();
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      mount(context);
      server.setHandler(context);
      server.start();
      // the bare servlet ignores the query
      uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + PATH + "?results=" + results);
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Sends one batch; fails the run on anything but 202. A connection the JDK client finds closed under it ("header
     * parser received no bytes") is retried with the same body, as a browser's retry would be, and counted.
     */
    public int post() throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(uri)
          .header("Content-Type", "text/plain;charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body(batch)))
          .build();
      HttpResponse<Void> response;
      for (int attempt = 1; ; attempt++) {
        try {
          response = client.send(request, HttpResponse.BodyHandlers.discarding());
          break;
        } catch (IOException e) {
          if (attempt == MAX_ATTEMPTS) {
            throw e;
          }
          retries.increment();
        }
      }
      if (response.statusCode() != 202) {
        throw new IllegalStateException("POST " + uri + " answered " + response.statusCode());
      }
      sent.add(batch);
      return response.statusCode();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      server.stop();
      if (ctx != null) {
        ctx.stop();
      }
      LogbackSetup.deleteTree(dir);
    }
  }

  /**
   * The real filter in front of an empty application, logging through EventFileAppender as in production. Every
   * measured iteration writes a new file (a new appender in a new directory; the last one is deleted unfinished), as
   * in B1: a file growing for the whole trial measures how fast the VM hands the page cache fresh memory.
   */
  public static class FilterServer extends ServerState {
    public EventIngestFilter filter;
    public EventFileAppender appender;
    public EventLogger events;
    private long writtenToEarlierFiles;
    private long lostInEarlierFiles;

    @Override
    void mount(ServletContextHandler context) throws IOException {
      newFile();
      LogbackSetup.requireNoProblems(ctx);
      events = EventLogger.builder().app(TypicalEvent.APP).build();
      filter = new EventIngestFilter(events, IngestConfig.defaults());
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Between iterations no request is in flight: every client call returned before the iteration ended. */
    @Setup(Level.Iteration)
    public void freshFileEachIteration() throws IOException {
      if (appender != null && appender.stats().eventsWritten() > 0) {
        newFile();
      }
    }

    private void newFile() throws IOException {
      Path next = Files.createTempDirectory("bench-ingest");
      EventFileAppender fresh = new EventFileAppender();
      fresh.setContext(ctx);
      fresh.setName("events");
      fresh.setDirectory(next.toString());
      fresh.setApp(TypicalEvent.APP);
      fresh.setMaxFileSize(FileSize.valueOf(HotPathBenchmark.NO_SIZE_ROLL));
      fresh.setRollPeriod(Duration.valueOf(HotPathBenchmark.NO_TIME_ROLL));
      fresh.setStopTimeout(Duration.valueOf("2 seconds"));
      fresh.start();
      EventFileAppender old = appender;
      if (old == null) {
        LogbackSetup.route(ctx, EventLogger.DEFAULT_LOGGER_NAME, fresh);
      } else {
        ch.qos.logback.classic.Logger logger = ctx.getLogger(EventLogger.DEFAULT_LOGGER_NAME);
        logger.addAppender(fresh);
        logger.detachAppender(old);
        writtenToEarlierFiles += old.stats().eventsWritten();
        lostInEarlierFiles += old.stats().lostOnError();
        LogbackSetup.deleteTree(dir); // before stop: gzipping a gigabyte is no part of the measurement
        old.stop();
      }
      appender = fresh;
      dir = next;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      start();
    }

    /**
     * Fails the run unless every event sent was accepted and written once; a retried request whose first attempt
     * did arrive may add its events as duplicates (refused, not written twice), never more.
     */
    public void verify() {
      IngestStats stats = filter.stats();
      if (stats.accepted() != sent.sum() || stats.rejected() != 0
          || stats.duplicates() > retries.sum() * batch || lostInEarlierFiles + appender.stats().lostOnError() != 0
          || writtenToEarlierFiles + appender.stats().eventsWritten() != sent.sum()) {
        throw new IllegalStateException("sent " + sent.sum() + " events (" + retries.sum() + " retried requests) but "
            + stats + " " + appender.stats());
      }
    }

    @Override
    public void tearDown() throws Exception {
      verify();
      super.tearDown();
    }
  }

  /** The limit: the same Jetty, a servlet that reads the whole body and answers 202. */
  public static class BareServer extends ServerState {
    public final LongAdder bytesRead = new LongAdder();

    @Override
    void mount(ServletContextHandler context) {
      context.addServlet(new ServletHolder(new ReadBodyServlet(bytesRead)), PATH);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      start();
    }
  }

  /** Reads the body into a reused buffer and answers 202 Accepted with no content. */
  static final class ReadBodyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient LongAdder bytesRead;

    ReadBodyServlet(LongAdder bytesRead) {
      this.bytesRead = bytesRead;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] buffer = new byte[8192];
      long total = 0;
      try (InputStream in = req.getInputStream()) {
        for (int n; (n = in.read(buffer)) != -1; ) {
          total += n;
        }
      }
      bytesRead.add(total);
      resp.setStatus(HttpServletResponse.SC_ACCEPTED);
    }
  }

  /** {@code batch} typical browser events with fresh ids: one object for 1, {@code {"batch":[...]}} otherwise. */
  public static String body(int batch) {
    if (batch == 1) {
      return TypicalEvent.browserEventJson(randomId());
    }
    StringBuilder sb = new StringBuilder(600 * batch + 16).append("{\"batch\":[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(TypicalEvent.browserEventJson(randomId()));
    }
    return sb.append("]}").toString();
  }

  // UUID.randomUUID() serialises client threads on SecureRandom; the server does not care how ids were made
  private static String randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE)
        .toString();
  }

  @Benchmark
  public int filter(FilterServer s) throws Exception {
    return s.post();
  }

  @Benchmark
  public int bareServlet(BareServer s) throws Exception {
    return s.post();
  }
}
