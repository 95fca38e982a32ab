package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logline.core.EventLogger;
import dev.logline.core.Producer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * A real Jetty 12 (ee10) server on a loopback port with the ingest filter mounted programmatically,
 * a real EventLogger, and Logback writing accepted events to a file ({@code %msg%n}: canonical
 * lines) and dead letters to another. A gate in front of the filter can answer 503 ("server down")
 * or any other status ({@link #answer}) and records how each ingest request arrived.
 */
final class TestServer implements AutoCloseable {
  private static final AtomicInteger IDS = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper();

  final Server server;
  final ServerConnector connector;
  final EventIngestFilter filter;
  final EventLogger logger;
  final Path eventsFile;
  final Path deadLetterFile;
  final AtomicBoolean down = new AtomicBoolean();
  /** When not 0, the gate answers every ingest request with this status instead of the filter. */
  final AtomicInteger answer = new AtomicInteger();
  /** When set, the gate holds every ingest request until the latch opens (a slow server; at most 30 s). */
  final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> hold =
      new java.util.concurrent.atomic.AtomicReference<>();
  /** "METHOD contentType query" of every request that reached the ingest path. */
  final Queue<String> arrivals = new ConcurrentLinkedQueue<>();
  private final List<Logger> loggers = new ArrayList<>();
  private final long startedAt = System.currentTimeMillis();
  private int port;

  TestServer(Path dir, Consumer<IngestConfig.Builder> configure) throws Exception {
    this(dir, configure, Clock.systemUTC());
  }

  /** With {@code clock} as the EventLogger's clock, which the filter also reads (received_at, dedupe). */
  TestServer(Path dir, Consumer<IngestConfig.Builder> configure, Clock clock) throws Exception {
    int id = IDS.incrementAndGet();
    String eventsLogger = "events.test" + id;
    String deadLetterLogger = "events-dead-letter.test" + id;
    eventsFile = dir.resolve("events-" + id + ".log");
    deadLetterFile = dir.resolve("dead-letter-" + id + ".log");
    attach(eventsLogger, eventsFile);
    attach(deadLetterLogger, deadLetterFile);
    logger = EventLogger.builder()
        .producer(Producer.of("shop", "test-host", "instance-" + id))
        .loggerName(eventsLogger)
        .deadLetterLoggerName(deadLetterLogger)
        .clock(clock)
        .build();
    IngestConfig.Builder config = IngestConfig.builder().deadLetterLoggerName(deadLetterLogger);
    configure.accept(config);
    filter = new EventIngestFilter(logger, config.build());

    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new Gate()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Pages()), "/");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  private void attach(String name, Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setName("file-" + name);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    Logger logger = ctx.getLogger(name);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
    loggers.add(logger);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops accepting connections; the port stays ours to start again. */
  void stopConnector() throws Exception {
    connector.stop();
  }

  void startConnector() throws Exception {
    connector.setPort(port);
    connector.start();
  }

  /** Canonical lines written by the events logger, parsed. */
  List<JsonNode> events() {
    return parse(eventsFile);
  }

  List<JsonNode> deadLetters() {
    return parse(deadLetterFile);
  }

  String eventsText() {
    try {
      return Files.exists(eventsFile) ? Files.readString(eventsFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> parse(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try {
      if (!Files.exists(file)) return out;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isEmpty()) out.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger l : loggers) {
      l.iteratorForAppenders().forEachRemaining(a -> a.stop());
      l.detachAndStopAllAppenders();
    }
    List<Status> problems = new ArrayList<>();
    for (Status s : ctx.getStatusManager().getCopyOfStatusList()) {
      if (s.getLevel() >= Status.WARN && s.getTimestamp() >= startedAt) problems.add(s);
    }
    assertThat(problems).as("Logback status warnings/errors").isEmpty();
  }

  /** Answers 503 while {@link #down} is set, else {@link #answer} when set; records each ingest arrival. */
  private final class Gate implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest r = (HttpServletRequest) req;
      if (r.getRequestURI().equals(filter.config().path())) {
        arrivals.add(r.getMethod() + " " + r.getContentType() + " " + r.getQueryString());
        java.util.concurrent.CountDownLatch latch = hold.get();
        if (latch != null) {
          try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (down.get()) {
          ((HttpServletResponse) res).sendError(503);
          return;
        }
        int status = answer.get();
        if (status != 0) {
          ((HttpServletResponse) res).sendError(status);
          return;
        }
      }
      chain.doFilter(req, res);
    }
  }

  /** Serves test pages from the classpath under /pages/, else 404; other methods pass through. */
  private static final class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      if (!path.startsWith("/pages/") || path.contains("..")) {
        resp.sendError(404);
        return;
      }
      try (InputStream in = TestServer.class.getResourceAsStream(path)) {
        if (in == null) {
          resp.sendError(404);
          return;
        }
        resp.setContentType("text/html;charset=utf-8");
        resp.getOutputStream().write(in.readAllBytes());
      }
    }
  }
}
