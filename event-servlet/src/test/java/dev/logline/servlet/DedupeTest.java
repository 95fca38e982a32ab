package dev.logline.servlet;

import static dev.logline.servlet.Bodies.pageViewed;
import static dev.logline.servlet.Bodies.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter remembers accepted event ids only within {@code dedupeCapacity} and {@code
 * dedupeWindow}: beyond either, a retried id is accepted and logged again. That is the contract, not
 * a loss: the warehouse load dedupes fully by event_id; this memory only spares it most repeats.
 */
class DedupeTest {
  @TempDir Path dir;

  static String status(TestServer s, String eventId) {
    Http.Reply r = Http.post(s, pageViewed(eventId));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().at("/results/0/status").asText();
  }

  static long logged(TestServer s, String eventId) {
    return s.events().stream().filter(e -> e.get("event_id").asText().equals(eventId)).count();
  }

  @Test
  void anIdEvictedByNewerOnesIsAcceptedAgain() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.dedupeCapacity(3))) {
      String a = uuid();
      String b = uuid();
      String c = uuid();
      String d = uuid();
      assertThat(status(s, a)).isEqualTo("accepted");
      assertThat(status(s, b)).isEqualTo("accepted");
      assertThat(status(s, c)).isEqualTo("accepted");
      assertThat(status(s, a)).as("3 ids fit in dedupeCapacity 3").isEqualTo("duplicate");

      assertThat(status(s, d)).isEqualTo("accepted"); // evicts the oldest accepted: a (a repeat does not refresh it)
      assertThat(status(s, a)).as("evicted, so no longer known").isEqualTo("accepted");
      assertThat(logged(s, a)).isEqualTo(2);

      // a's new acceptance evicted b; c, d and a are remembered
      assertThat(status(s, b)).isEqualTo("accepted");
      assertThat(status(s, a)).isEqualTo("duplicate");
      assertThat(status(s, d)).isEqualTo("duplicate");
      assertThat(logged(s, c)).isEqualTo(1);
      assertThat(logged(s, d)).isEqualTo(1);
      assertThat(s.filter.stats().duplicates()).isEqualTo(3);
    }
  }

  @Test
  void anIdPastTheDedupeWindowIsAcceptedAgain() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:05Z"));
    Duration window = Duration.ofMinutes(10);
    try (TestServer s = new TestServer(dir, c -> c.dedupeWindow(window), clock)) {
      String a = uuid();
      String b = uuid();
      assertThat(status(s, a)).isEqualTo("accepted");
      clock.advance(Duration.ofMinutes(5));
      assertThat(status(s, b)).isEqualTo("accepted");

      clock.advance(window.minusMinutes(5).minusMillis(1)); // a: 1 ms short of the window
      assertThat(status(s, a)).as("still inside the window").isEqualTo("duplicate");

      clock.advance(Duration.ofMillis(1)); // a: exactly the window since it was accepted; the repeat did not extend it
      assertThat(status(s, a)).as("expired").isEqualTo("accepted");
      assertThat(status(s, b)).as("b has 5 minutes left").isEqualTo("duplicate");
      assertThat(status(s, a)).as("remembered again from its new acceptance").isEqualTo("duplicate");

      clock.advance(Duration.ofMinutes(5));
      assertThat(status(s, b)).isEqualTo("accepted");
      assertThat(logged(s, a)).isEqualTo(2);
      assertThat(logged(s, b)).isEqualTo(2);
      assertThat(s.events()).extracting(e -> e.get("received_at").asText())
          .as("the filter stamps time from the same clock")
          .containsExactly("2026-11-27T08:00:05.000Z", "2026-11-27T08:05:05.000Z", "2026-11-27T08:10:05.000Z",
              "2026-11-27T08:15:05.000Z");
    }
  }

  @Test
  void capacityZeroTurnsDeduplicationOff() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.dedupeCapacity(0))) {
      String a = uuid();
      assertThat(status(s, a)).isEqualTo("accepted");
      assertThat(status(s, a)).isEqualTo("accepted");
      assertThat(logged(s, a)).isEqualTo(2);
    }
  }

  /** A clock the test moves by hand, so window expiry is exact and instant. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("not needed");
    }
  }
}
