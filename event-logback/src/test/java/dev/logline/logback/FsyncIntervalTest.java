package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.util.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code fsyncInterval}: a timer fsyncs the active file, counted in {@link EventFileStats#fsyncs()}. */
class FsyncIntervalTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void theTimerFsyncsTheActiveFileWithoutAnyNewEvent(WriteMode mode) throws Exception {
    EventFileAppender a = fx.appender(dir.resolve("synced"), "synced", mode);
    a.setFsyncInterval(Duration.valueOf("10 milliseconds"));
    fx.attach(a);

    fx.log(5); // flushed to the OS, not yet forced to the disk
    long before = a.stats().fsyncs();

    // no event from here on: only the timer can move the counter
    await().until(() -> a.stats().fsyncs() >= before + 3);
    EventFileStats after = a.stats();
    assertThat(after.eventsWritten()).isEqualTo(5);
    assertThat(files(a.directoryPath(), ".jsonl")).as("the active file the timer forces").hasSize(1);
    assertThat(after.writeErrorTotal()).isZero();
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void withoutFsyncIntervalNoTimerFsyncHappens() throws Exception {
    EventFileAppender unset = fx.attach(fx.appender(dir.resolve("unset"), "unset"));
    EventFileAppender set = fx.appender(dir.resolve("set"), "set");
    set.setFsyncInterval(Duration.valueOf("10 milliseconds"));
    fx.attach(set);

    fx.log(5); // both appenders hold an active file with the same 5 events

    // while the appender with the interval fsyncs again and again, the other one never does
    await().until(() -> set.stats().fsyncs() >= 5);
    assertThat(unset.stats().fsyncs()).isZero();
    assertThat(unset.stats().eventsWritten()).isEqualTo(5);
    assertThat(files(unset.directoryPath(), ".jsonl")).hasSize(1);
    fx.assertNoUnexpectedStatus(unset);
    fx.assertNoUnexpectedStatus(set);
  }
}
