package dev.logline.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void matchesJavaTimeForAMillionRandomInstantsAcrossTheWholeRange() {
    SplittableRandom random = new SplittableRandom(42);
    byte[] buf = new byte[Timestamps.LENGTH];
    for (int i = 0; i < 1_000_000; i++) {
      long millis = random.nextLong(Timestamps.MIN_EPOCH_MILLI, Timestamps.MAX_EPOCH_MILLI + 1);
      Timestamps.format(millis, buf, 0);
      String expected = REFERENCE.format(Instant.ofEpochMilli(millis));
      String written = new String(buf, StandardCharsets.US_ASCII);
      if (!expected.equals(written)) {
        assertThat(written).as("millis=%d", millis).isEqualTo(expected);
      }
    }
  }

  @Test
  void edgesOfTheRangeAndLeapDays() {
    assertThat(Timestamps.format(Instant.ofEpochMilli(0))).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.ofEpochMilli(-1))).isEqualTo("1969-12-31T23:59:59.999Z");
    assertThat(Timestamps.format(Instant.parse("2024-02-29T23:59:59.999Z"))).isEqualTo("2024-02-29T23:59:59.999Z");
    assertThat(Timestamps.format(Instant.ofEpochMilli(Timestamps.MIN_EPOCH_MILLI))).isEqualTo("0000-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.ofEpochMilli(Timestamps.MAX_EPOCH_MILLI))).isEqualTo("9999-12-31T23:59:59.999Z");
    assertThat(Timestamps.inRange(Instant.ofEpochMilli(Timestamps.MAX_EPOCH_MILLI + 1000))).isFalse();
  }

  @Test
  void theFormatterWritesWhatFormatWritesWhetherTheDayRepeatsOrChanges() {
    SplittableRandom random = new SplittableRandom(11);
    Timestamps.Formatter formatter = new Timestamps.Formatter();
    byte[] expected = new byte[Timestamps.LENGTH];
    byte[] actual = "__".concat("_".repeat(Timestamps.LENGTH + 2)).getBytes(StandardCharsets.US_ASCII);
    long millis = 0;
    for (int i = 0; i < 1_000_000; i++) {
      switch (random.nextInt(4)) {
        case 0: // a jump anywhere: a new day
          millis = random.nextLong(Timestamps.MIN_EPOCH_MILLI, Timestamps.MAX_EPOCH_MILLI + 1);
          break;
        case 1: // back and forth across midnight, also before 1970
          millis = Math.floorDiv(millis, 86_400_000L) * 86_400_000L + random.nextLong(-3, 3);
          break;
        default: // the same day, mostly
          millis += random.nextLong(-5_000_000, 5_000_000);
      }
      millis = Math.max(Timestamps.MIN_EPOCH_MILLI, Math.min(Timestamps.MAX_EPOCH_MILLI, millis));
      Timestamps.format(millis, expected, 0);
      assertThat(formatter.format(millis, actual, 2)).isEqualTo(Timestamps.LENGTH);
      String written = new String(actual, 2, Timestamps.LENGTH, StandardCharsets.US_ASCII);
      String wanted = new String(expected, StandardCharsets.US_ASCII);
      if (!written.equals(wanted)) {
        assertThat(written).as("millis=%d", millis).isEqualTo(wanted);
      }
      if (actual[0] != '_' || actual[1] != '_' || actual[Timestamps.LENGTH + 2] != '_') {
        assertThat(new String(actual, StandardCharsets.US_ASCII)).as("bytes outside the timestamp").startsWith("__");
        assertThat(actual[Timestamps.LENGTH + 2]).as("the byte after the timestamp").isEqualTo((byte) '_');
      }
    }
  }

  @Test
  void writesAtTheOffsetGiven() {
    byte[] buf = "xx________________________".getBytes(StandardCharsets.US_ASCII);
    assertThat(Timestamps.format(0, buf, 2)).isEqualTo(24);
    assertThat(new String(buf, 0, 26, StandardCharsets.US_ASCII)).isEqualTo("xx1970-01-01T00:00:00.000Z");
  }

  @Test
  void parseUtcReadsBackEverythingFormatWrites() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] buf = new byte[Timestamps.LENGTH];
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong(Timestamps.MIN_EPOCH_MILLI, Timestamps.MAX_EPOCH_MILLI + 1);
      Timestamps.format(millis, buf, 0);
      String text = new String(buf, StandardCharsets.US_ASCII);
      long parsed = Timestamps.parseUtc(text);
      if (parsed != millis) {
        assertThat(parsed).as(text).isEqualTo(millis);
      }
    }
  }

  @Test
  void parseUtcAcceptsZeroToNineFractionDigitsTruncatingToMillis() {
    assertThat(Timestamps.parseUtc("2026-11-27T08:15:30Z")).isEqualTo(Instant.parse("2026-11-27T08:15:30Z").toEpochMilli());
    assertThat(Timestamps.parseUtc("2026-11-27T08:15:30.1Z")).isEqualTo(Instant.parse("2026-11-27T08:15:30.100Z").toEpochMilli());
    assertThat(Timestamps.parseUtc("2026-11-27T08:15:30.12Z")).isEqualTo(Instant.parse("2026-11-27T08:15:30.120Z").toEpochMilli());
    assertThat(Timestamps.parseUtc("2026-11-27T08:15:30.123456789Z")).isEqualTo(Instant.parse("2026-11-27T08:15:30.123Z").toEpochMilli());
    assertThat(Timestamps.parseUtc("2024-02-29T00:00:00.000Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
  }

  @Test
  void parseUtcLeavesEveryOtherFormToJavaTime() {
    for (String text : new String[] {
        "2026-11-27T08:15:30.123+01:00", "2026-11-27T08:15:30.123z", "2026-11-27 08:15:30.123Z",
        "2026-13-27T08:15:30.123Z", "2025-02-29T08:15:30.123Z", "2026-11-31T08:15:30Z", "2026-11-27T24:00:00Z",
        "2026-11-27T08:60:30Z", "2026-11-27T08:15:60Z", "2026-11-27T08:15:30.Z", "2026-11-27T08:15:30.1234567890Z",
        "2026-1a-27T08:15:30Z", "", "2026-11-27T08:15:30.12aZ", "２０２６-11-27T08:15:30Z"}) {
      assertThat(Timestamps.parseUtc(text)).as(text).isEqualTo(Long.MIN_VALUE);
    }
  }
}
