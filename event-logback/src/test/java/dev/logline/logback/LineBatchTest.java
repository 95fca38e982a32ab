package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.core.spi.LineBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: inside {@code EventLogger.batch()} lines reach the OS together, when the batch closes. */
class LineBatchTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void linesOfABatchReachTheFileTogetherWhenItCloses() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "batch"));
    fx.log(1); // outside a batch: on disk before log returns
    assertThat(activeLines()).isEqualTo(1);

    try (LineBatch batch = fx.events.batch()) {
      fx.log(5);
      assertThat(activeLines()).as("deferred until the batch closes").isEqualTo(1);
      assertThat(a.stats().eventsWritten()).isEqualTo(1);
    }
    assertThat(activeLines()).as("handed to the OS by close()").isEqualTo(6);
    assertThat(a.stats().eventsWritten()).isEqualTo(6);

    fx.log(1);
    assertThat(activeLines()).as("per-event flushing resumes after the batch").isEqualTo(7);
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void aNestedBatchDefersToTheOutermost() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "nested"));
    try (LineBatch outer = fx.events.batch()) {
      try (LineBatch inner = fx.events.batch()) {
        fx.log(2);
      }
      assertThat(activeLines()).isZero();
      fx.log(1);
    }
    assertThat(activeLines()).isEqualTo(3);
    assertThat(LineBatch.current()).isNull();
    fx.assertNoUnexpectedStatus(a);
  }

  private long activeLines() throws Exception {
    List<Path> active;
    try (Stream<Path> s = Files.list(dir)) {
      active = s.filter(p -> p.toString().endsWith(".jsonl")).collect(Collectors.toList());
    }
    long n = 0;
    for (Path p : active) {
      n += Files.readAllLines(p).size();
    }
    return n;
  }
}
