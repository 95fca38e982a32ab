package dev.logline.archive.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.status.Status;
import dev.logline.archive.EventFiles;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.Producer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * A {@link LoggerContext} configured from a logback.xml by Joran and fed by the real EventLogger, for the Joran
 * tests of the local and the S3 archiving listener (event-archive-s3 gets it through this module's test-jar).
 * EventLogger logs through SLF4J's own context, so a bridge logger there hands each event to this context.
 * Registered with {@code @RegisterExtension}, it closes itself after each test.
 */
public final class JoranHarness implements AutoCloseable, AfterEachCallback {
  /** The context the XML configures: put its properties before {@link #configure}. */
  public final LoggerContext context = new LoggerContext();
  /** EventLogger logs through SLF4J's own context: this logger forwards to the configured one. */
  private final Logger bridge = ((LoggerContext) LoggerFactory.getILoggerFactory())
      .getLogger("events.joran." + UUID.randomUUID());
  private final Forward forward = new Forward();

  /** Hands each event to the "events" logger of the Joran-configured context. */
  private final class Forward extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      JoranHarness.this.context.getLogger("events").callAppenders(event); // not the appender's own context
    }
  }

  /**
   * The logback.xml both listener tests share, around the {@code listener} element under test: an
   * EventFileAppender on {@code ${dir}} (app shop, host host-1, files rolled at 4 KB) that the "events" logger
   * writes to.
   */
  public static String logbackXml(String listener) {
    return "<configuration>\n"
        + "  <appender name=\"EVENTS\" class=\"dev.logline.logback.EventFileAppender\">\n"
        + "    <directory>${dir}</directory>\n"
        + "    <app>shop</app>\n"
        + "    <host>host-1</host>\n"
        + "    <maxFileSize>4 KB</maxFileSize>\n"
        + listener
        + "  </appender>\n"
        + "  <logger name=\"events\" level=\"INFO\" additivity=\"false\">\n"
        + "    <appender-ref ref=\"EVENTS\"/>\n"
        + "  </logger>\n"
        + "</configuration>\n";
  }

  /** Configures {@link #context} from {@code xml}, as Logback does from a logback.xml. */
  public void configure(String xml) throws Exception {
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** The WARN and ERROR statuses of {@link #context}. */
  public List<String> problems() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= Status.WARN)
        .map(Status::toString)
        .collect(Collectors.toList());
  }

  /**
   * Logs {@code perProducer} accepted page_viewed events from each of two new producer instances of shop on
   * host-1, through the real EventLogger into the configured "events" logger; returns every "instance:seq" logged.
   */
  public List<String> logFromTwoInstances(int perProducer) {
    if (!forward.isStarted()) {
      forward.setContext(bridge.getLoggerContext());
      forward.start();
      bridge.setLevel(Level.INFO);
      bridge.setAdditive(false);
      bridge.addAppender(forward);
    }
    List<String> expected = new ArrayList<>();
    for (String instance : List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString())) {
      EventLogger events = EventLogger.builder().producer(Producer.of("shop", "host-1", instance))
          .loggerName(bridge.getName()).build();
      for (int i = 0; i < perProducer; i++) {
        LogResult r = events.event("page_viewed").anonymousId("anon-" + i).property("url", "/p/" + i).log();
        assertThat(r.isAccepted()).as("%s", r).isTrue();
      }
      expected.addAll(EventFiles.expected(instance, perProducer));
    }
    return expected;
  }

  /** Detaches the bridge and stops the context (again, if the test already stopped it). */
  @Override
  public void close() {
    bridge.detachAppender(forward);
    forward.stop();
    context.stop();
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    close();
  }
}
