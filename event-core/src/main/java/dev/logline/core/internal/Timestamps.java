package dev.logline.core.internal;

import java.time.Instant;

/**
 * RFC 3339 UTC timestamps with milliseconds, written into a caller's char buffer.
 *
 * <p>{@code DateTimeFormatter} allocates a builder, a string and temporal objects per call; on the
 * hot path that alone was measured at a third of the throughput, so the civil date is computed
 * by hand (Howard Hinnant's days-from-civil inverse).
 */
public final class Timestamps {
  /** Length of {@code 2026-11-27T08:15:30.123Z}. */
  public static final int LENGTH = 24;

  /** Earliest instant that formats to four digits: 0000-01-01T00:00:00.000Z. */
  public static final long MIN_EPOCH_MILLI = -62167219200000L;
  /** Latest instant that formats to four digits: 9999-12-31T23:59:59.999Z. */
  public static final long MAX_EPOCH_MILLI = 253402300799999L;

  private Timestamps() {}

  /** True when {@code instant} can be written (years 0000 to 9999). */
  public static boolean inRange(Instant instant) {
    long seconds = instant.getEpochSecond();
    return seconds >= MIN_EPOCH_MILLI / 1000 && seconds <= MAX_EPOCH_MILLI / 1000;
  }

  /** Writes {@code epochMilli} at {@code buf[offset..offset+24)}; returns {@link #LENGTH}. */
  public static int format(long epochMilli, char[] buf, int offset) {
    long days = Math.floorDiv(epochMilli, 86_400_000L);
    int millisOfDay = (int) Math.floorMod(epochMilli, 86_400_000L);

    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

    int hour = millisOfDay / 3_600_000;
    int minute = millisOfDay / 60_000 % 60;
    int second = millisOfDay / 1000 % 60;
    int milli = millisOfDay % 1000;

    int p = offset;
    p = digits(year, 4, buf, p);
    buf[p++] = '-';
    p = digits(month, 2, buf, p);
    buf[p++] = '-';
    p = digits(day, 2, buf, p);
    buf[p++] = 'T';
    p = digits(hour, 2, buf, p);
    buf[p++] = ':';
    p = digits(minute, 2, buf, p);
    buf[p++] = ':';
    p = digits(second, 2, buf, p);
    buf[p++] = '.';
    p = digits(milli, 3, buf, p);
    buf[p] = 'Z';
    return LENGTH;
  }

  /** Convenience for cold paths. */
  public static String format(Instant instant) {
    char[] buf = new char[LENGTH];
    format(instant.toEpochMilli(), buf, 0);
    return new String(buf);
  }

  private static int digits(int value, int width, char[] buf, int p) {
    for (int i = width - 1; i >= 0; i--) {
      buf[p + i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }
}
