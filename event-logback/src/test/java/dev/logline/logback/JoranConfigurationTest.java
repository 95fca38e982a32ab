package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import dev.logline.core.LoggedEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The appender as users configure it: logback.xml parsed by Joran, including a nested listener. */
class JoranConfigurationTest {
  /** Instantiated by Joran from {@code <listener class="...">}. */
  public static final class RecordingListener implements FinishedFileListener {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private String tag = "";

    public void setTag(String tag) {
      this.tag = tag;
    }

    @Override
    public void onFileFinished(Path gz, Path manifest, FileManifest parsed) {
      CALLS.add(tag + " finished " + parsed.lines());
    }

    @Override
    public void onAppenderStopped(Path directory) {
      CALLS.add(tag + " stopped");
    }
  }

  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture(); // only a source of real LoggedEvents here
  final LoggerContext context = new LoggerContext();

  @AfterEach
  void tearDown() {
    context.stop(); // then fx closes itself
  }

  @Test
  void logbackXmlBuildsAWorkingAppenderWithItsListener() throws Exception {
    String xml = "<configuration>\n"
        + "  <appender name=\"EVENTS\" class=\"dev.logline.logback.EventFileAppender\">\n"
        + "    <directory>${dir}</directory>\n"
        + "    <app>shop</app>\n"
        + "    <rollPeriod>1 minute</rollPeriod>\n"
        + "    <maxFileSize>64 MB</maxFileSize>\n"
        + "    <fsyncInterval>5 seconds</fsyncInterval>\n"
        + "    <async>true</async>\n"
        + "    <queueSize>1024</queueSize>\n"
        + "    <overflowPolicy>BLOCK</overflowPolicy>\n"
        + "    <stopTimeout>20 seconds</stopTimeout>\n"
        + "    <listener class=\"" + RecordingListener.class.getName() + "\">\n"
        + "      <tag>archiver</tag>\n"
        + "    </listener>\n"
        + "  </appender>\n"
        + "  <logger name=\"events\" level=\"INFO\" additivity=\"false\">\n"
        + "    <appender-ref ref=\"EVENTS\"/>\n"
        + "  </logger>\n"
        + "</configuration>\n";
    EventFileAppender appender = configure(xml);
    assertThat(appender.isStarted()).isTrue();
    replay(10);
    context.stop();

    assertThat(appender.stats().eventsWritten()).isEqualTo(10);
    assertThat(Fixture.gunzipLines(files(dir, ".jsonl.gz").get(0))).hasSize(10);
    assertThat(RecordingListener.CALLS).containsExactly("archiver finished 10", "archiver stopped");
    assertThat(problems()).isEmpty();
  }

  @Test
  void writeModeAndMappedChunkSizeAreSetFromLogbackXml() throws Exception {
    String xml = "<configuration>\n"
        + "  <appender name=\"EVENTS\" class=\"dev.logline.logback.EventFileAppender\">\n"
        + "    <directory>${dir}</directory>\n"
        + "    <app>shop</app>\n"
        + "    <writeMode>MAPPED</writeMode>\n"
        + "    <mappedChunkSize>1 MB</mappedChunkSize>\n"
        + "  </appender>\n"
        + "  <logger name=\"events\" level=\"INFO\" additivity=\"false\">\n"
        + "    <appender-ref ref=\"EVENTS\"/>\n"
        + "  </logger>\n"
        + "</configuration>\n";
    EventFileAppender appender = configure(xml);
    assertThat(appender.getWriteMode()).isEqualTo(WriteMode.MAPPED);
    assertThat(appender.getMappedChunkSize().getSize()).isEqualTo(1024 * 1024);
    replay(10);
    // the active file is the mapped chunk plus the next one, zero-filled in the background
    java.nio.file.Path active = files(dir, ".jsonl").get(0);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> java.nio.file.Files.size(active) == 2 * 1024 * 1024);
    context.stop();

    assertThat(Fixture.gunzipLines(files(dir, ".jsonl.gz").get(0))).hasSize(10);
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(10);
    assertThat(problems()).isEmpty();
  }

  /**
   * Hands {@code n} real LoggedEvents to the configured "events" logger: EventLogger logs through the SLF4J-wide
   * context, not {@link #context}, so its events are replayed into this one.
   */
  private void replay(int n) {
    ch.qos.logback.classic.Logger events = context.getLogger("events");
    for (int i = 0; i < n; i++) {
      LoggedEvent e = fx.events.event("page_viewed").anonymousId("anon-2").property("url", "/x").log().logged();
      events.callAppenders(new LoggingEvent(getClass().getName(), events, Level.INFO, "{}", null, new Object[] {e}));
    }
  }

  private List<String> problems() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= Status.WARN)
        .map(Status::toString)
        .collect(Collectors.toList());
  }

  /** Configures {@link #context} from {@code xml} (with {@code ${dir}}) and returns its started EVENTS appender. */
  private EventFileAppender configure(String xml) throws Exception {
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("dir", dir.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(problems()).isEmpty();
    return (EventFileAppender) context.getLogger("events").getAppender("EVENTS");
  }
}
