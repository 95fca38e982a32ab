package dev.logline.examples.shop;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import dev.logline.archive.logback.ArchivingListener;
import dev.logline.core.EventLogger;
import dev.logline.servlet.EventIngestFilter;
import dev.logline.servlet.IngestConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * The toy shop: Jetty 12 with a page that uses the JS tracker, API handlers that log backend events,
 * the ingest filter at {@code /events}, and Logback writing one-minute event files that are archived
 * as soon as they are finished.
 */
public final class ShopApp implements AutoCloseable {
  /** The environment variable that switches archiving to S3: {@value}. */
  public static final String S3_BUCKET_ENV = "LOGLINE_S3_BUCKET";

  private final Settings settings;
  private final Server server;
  private final EventLogger events;
  private final LoggerContext logback;

  /** Where and how the shop runs. */
  public static final class Settings {
    private int port = 8080;
    private String host = "127.0.0.1";
    private Path dataDir = Path.of("logline-demo");
    private Path archiveDir = Path.of("archive");
    private String app = "toyshop";

    public Settings port(int port) {
      this.port = port;
      return this;
    }

    public Settings host(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /** Event files (being written and awaiting shipping) and the dead-letter file go here. */
    public Settings dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir == null");
      return this;
    }

    /** The local archive, used unless {@value ShopApp#S3_BUCKET_ENV} is set. */
    public Settings archiveDir(Path archiveDir) {
      this.archiveDir = Objects.requireNonNull(archiveDir, "archiveDir == null");
      return this;
    }

    public Settings app(String app) {
      this.app = Objects.requireNonNull(app, "app == null");
      return this;
    }

    public Path eventsDir() {
      return dataDir.resolve("events");
    }

    public Path archiveDir() {
      return archiveDir;
    }

    public Path deadLetterFile() {
      return dataDir.resolve("events-dead-letter.jsonl");
    }
  }

  private ShopApp(Settings settings, Server server, EventLogger events, LoggerContext logback) {
    this.settings = settings;
    this.server = server;
    this.events = events;
    this.logback = logback;
  }

  /** Configures Logback, starts Jetty, and returns the running shop. */
  public static ShopApp start(Settings settings) throws Exception {
    Files.createDirectories(settings.eventsDir());
    LoggerContext logback = configureLogback(settings);

    EventLogger events = EventLogger.builder().app(settings.app).build();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(settings.host);
    connector.setPort(settings.port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    // The standard way for the browser to report events: same pipeline, same format as the backend's.
    EventIngestFilter.register(context.getServletContext(), events, IngestConfig.defaults());
    context.addServlet(new ServletHolder(new ShopServlets.ProductsServlet()), "/api/products");
    context.addServlet(new ServletHolder(new ShopServlets.CheckoutServlet(events)), "/api/checkout");
    context.addServlet(new ServletHolder(new ShopServlets.SignupServlet(events)), "/api/signup");
    context.addServlet(new ServletHolder(new ShopServlets.HealthServlet(
        () -> ArchivingListener.archiverOf(logback, ArchivingListener.DEFAULT_NAME), events)), "/health");
    context.addServlet(new ServletHolder(new ShopServlets.PageServlet()), "/");
    server.setHandler(context);
    server.start();
    return new ShopApp(settings, server, events, logback);
  }

  private static LoggerContext configureLogback(Settings settings) throws JoranException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("EVENTS_DIR", settings.eventsDir().toAbsolutePath().toString());
    context.putProperty("ARCHIVE_DIR", settings.archiveDir().toAbsolutePath().toString());
    context.putProperty("APP", settings.app);
    String bucket = System.getenv(S3_BUCKET_ENV);
    String config = "/shop/logback-shop.xml";
    if (bucket != null && !bucket.isBlank()) {
      config = "/shop/logback-shop-s3.xml";
      context.putProperty("S3_BUCKET", bucket);
      putEnv(context, "S3_PREFIX", "LOGLINE_S3_PREFIX");
      putEnv(context, "S3_REGION", "AWS_REGION");
      putEnv(context, "S3_ENDPOINT", "LOGLINE_S3_ENDPOINT");
      putEnv(context, "S3_PATH_STYLE", "LOGLINE_S3_PATH_STYLE");
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(ShopApp.class.getResource(config));
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() >= Status.WARN) {
        throw new IllegalStateException("Logback configuration " + config + " has problems: " + status);
      }
    }
    return context;
  }

  private static void putEnv(LoggerContext context, String property, String env) {
    String value = System.getenv(env);
    if (value != null && !value.isBlank()) {
      context.putProperty(property, value);
    }
  }

  public URI baseUri() {
    return URI.create("http://" + settings.host + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
  }

  public EventLogger events() {
    return events;
  }

  public Settings settings() {
    return settings;
  }

  /** Where the archive is, for humans. */
  public String archiveDescription() {
    String bucket = System.getenv(S3_BUCKET_ENV);
    return bucket != null && !bucket.isBlank()
        ? "s3://" + bucket + "/" + (System.getenv("LOGLINE_S3_PREFIX") == null ? "events" : System.getenv("LOGLINE_S3_PREFIX"))
        : settings.archiveDir().toAbsolutePath().toString();
  }

  /**
   * Stops taking requests, then stops the event appender, which rolls the last partial file,
   * compresses it and lets the archiver ship everything pending (within its grace period).
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping Jetty", e);
    } finally {
      Appender<?> appender = logback.getLogger("events").getAppender("EVENTS");
      if (appender != null) {
        appender.stop();
      }
      logback.stop();
    }
  }
}
