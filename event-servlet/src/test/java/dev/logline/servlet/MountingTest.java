package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.core.EventLogger;
import dev.logline.core.Producer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The three ways to mount the filter: init-params (as from web.xml), register(), and the initializer. */
class MountingTest {
  record Running(Server server, int port) implements AutoCloseable {
    int post(String path, String body) throws Exception {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      return Http.CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int get(String path) throws Exception {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).GET().build();
      return Http.CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      }
    }
  }

  static Running start(ServletContextHandler context) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    return new Running(server, connector.getLocalPort());
  }

  static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> CAPTURED =
      new ch.qos.logback.core.read.ListAppender<>();

  static {
    ch.qos.logback.classic.Logger events =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("events.mount");
    events.setLevel(ch.qos.logback.classic.Level.INFO);
    events.setAdditive(false);
    CAPTURED.setContext(events.getLoggerContext());
    CAPTURED.start();
    events.addAppender(CAPTURED);
  }

  static EventLogger logger() {
    return EventLogger.builder().producer(Producer.of("mount", "h", "i")).loggerName("events.mount")
        .deadLetterLoggerName("events-dead-letter.mount").build();
  }

  @Test
  void initParamsConfigureTheFilterAndTheLoggerComesFromTheContextAttribute() throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    EventLogger logger = logger();
    context.setAttribute(EventIngestFilter.EVENT_LOGGER_ATTRIBUTE, logger);
    FilterHolder holder = new FilterHolder(EventIngestFilter.class);
    holder.setInitParameters(Map.of("path", "/collect", "maxEvents", "2", "source", "mobile_web"));
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    try (Running r = start(context)) {
      String three = Bodies.batch(Bodies.pageViewed(Bodies.uuid()), Bodies.pageViewed(Bodies.uuid()),
          Bodies.pageViewed(Bodies.uuid()));
      assertThat(r.post("/collect", three)).isEqualTo(413);
      assertThat(r.post("/collect", Bodies.pageViewed(Bodies.uuid()))).isEqualTo(202);
      assertThat(r.get("/collect.js")).isEqualTo(200);
      assertThat(r.get("/events.js")).isEqualTo(404); // not ours any more: passed through
      EventIngestFilter filter = (EventIngestFilter) holder.getFilter();
      assertThat(filter.config().source()).isEqualTo("mobile_web");
      assertThat(logger.stats().logged()).isEqualTo(1);
      assertThat(CAPTURED.list).hasSize(1);
      assertThat(CAPTURED.list.get(0).getFormattedMessage()).contains("\"source\":\"mobile_web\"");
    }
  }

  @Test
  void initializerMountsOnlyWhenAskedAndRegisterMapsBothPaths() throws Exception {
    ServletContextHandler asked = new ServletContextHandler();
    asked.setInitParameter(LoglineServletInitializer.APP_PARAM, "mounted");
    asked.setInitParameter(LoglineServletInitializer.PREFIX + "path", "/t");
    asked.addServletContainerInitializer(new LoglineServletInitializer());
    try (Running r = start(asked)) {
      assertThat(r.get("/t.js")).isEqualTo(200);
      assertThat(r.get("/t")).isEqualTo(405);
      assertThat(r.post("/t", "{")).isEqualTo(400);
    }
    ServletContextHandler notAsked = new ServletContextHandler();
    notAsked.addServletContainerInitializer(new LoglineServletInitializer());
    try (Running r = start(notAsked)) {
      assertThat(r.get("/events.js")).isEqualTo(404);
    }
  }

  @Test
  void configValidatesAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> IngestConfig.builder().maxBodyBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBodyBytes < 1024: 10");
    assertThatThrownBy(() -> IngestConfig.builder().path("events"))
        .hasMessageContaining("path");
    assertThatThrownBy(() -> IngestConfig.builder().trustedProxy("10.0.0.0/33"))
        .hasMessageContaining("trustedProxies");
    assertThatThrownBy(() -> IngestConfig.builder().trustedProxy("proxy.internal"))
        .hasMessageContaining("trustedProxies");
    assertThatThrownBy(() -> IngestConfig.builder().allowedOrigin("https://shop.example/"))
        .hasMessageContaining("allowedOrigins");
    assertThatThrownBy(() -> IngestConfig.fromParameters(Map.of("maxEvents", "many")::get))
        .hasMessage("maxEvents: expected an integer, found \"many\"");
    IngestConfig c = IngestConfig.fromParameters(Map.of("allowedOrigins", "https://a.example, https://b.example:8443",
        "trustedProxies", "10.0.0.0/8,::1", "anonymizeIp", "true", "dedupeWindowSeconds", "30")::get);
    assertThat(c.allowedOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "::1");
    assertThat(c.anonymizeIp()).isTrue();
    assertThat(c.dedupeWindow()).isEqualTo(Duration.ofSeconds(30));
    IngestConfig d = IngestConfig.defaults();
    assertThat(List.of(d.path(), d.maxBodyBytes(), d.maxEvents(), d.maxDepth(), d.maxStringLength()))
        .containsExactly("/events", 262144, 100, 16, 8192);
  }
}
