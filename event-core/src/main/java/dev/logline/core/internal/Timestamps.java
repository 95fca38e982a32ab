package dev.logline.core.internal;

import java.time.Instant;

/**
 * RFC 3339 UTC timestamps with milliseconds, written as ASCII bytes into a caller's buffer: writers hand them to
 * Jackson as pre-encoded UTF-8, which skips the escape check it runs on every character of a {@code char[]}.
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
  public static int format(long epochMilli, byte[] buf, int offset) {
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

    int p = offset;
    p = digits(year, 4, buf, p);
    buf[p++] = '-';
    p = digits(month, 2, buf, p);
    buf[p++] = '-';
    p = digits(day, 2, buf, p);
    timeOfDay(millisOfDay, buf, p);
    return LENGTH;
  }

  /** Writes {@code THH:MM:SS.mmmZ} (14 chars) at {@code buf[p..]}. */
  private static void timeOfDay(int millisOfDay, byte[] buf, int p) {
    int hour = millisOfDay / 3_600_000;
    int minute = millisOfDay / 60_000 % 60;
    int second = millisOfDay / 1000 % 60;
    int milli = millisOfDay % 1000;
    buf[p++] = 'T';
    p = digits(hour, 2, buf, p);
    buf[p++] = ':';
    p = digits(minute, 2, buf, p);
    buf[p++] = ':';
    p = digits(second, 2, buf, p);
    buf[p++] = '.';
    p = digits(milli, 3, buf, p);
    buf[p] = 'Z';
  }

  /**
   * Formats as {@link #format(long, byte[], int)} does, reusing the date of the previous call on the same day: the
   * timestamps of one line, and of lines written one after another, nearly always share it, and the date is most of
   * the arithmetic. One per writer; not thread-safe.
   */
  public static final class Formatter {
    private static final int DATE_LENGTH = 10; // 2026-11-27
    private final byte[] date = new byte[DATE_LENGTH];
    private long day = Long.MIN_VALUE;

    /** Writes {@code epochMilli} at {@code buf[offset..offset+24)}; returns {@link #LENGTH}. */
    public int format(long epochMilli, byte[] buf, int offset) {
      long d = Math.floorDiv(epochMilli, 86_400_000L);
      if (d != day) {
        Timestamps.format(epochMilli, buf, offset);
        System.arraycopy(buf, offset, date, 0, DATE_LENGTH);
        day = d;
        return LENGTH;
      }
      System.arraycopy(date, 0, buf, offset, DATE_LENGTH);
      timeOfDay((int) (epochMilli - d * 86_400_000L), buf, offset + DATE_LENGTH);
      return LENGTH;
    }
  }

  /** Convenience for cold paths. */
  public static String format(Instant instant) {
    byte[] buf = new byte[LENGTH];
    format(instant.toEpochMilli(), buf, 0);
    return new String(buf, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int digits(int value, int width, byte[] buf, int p) {
    for (int i = width - 1; i >= 0; i--) {
      buf[p + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }

  /**
   * Parses the UTC form this class writes ({@code 2026-11-27T08:15:30.123Z}, also without or with 1
   * to 9 fraction digits, truncated to millis) into epoch millis, or returns {@link Long#MIN_VALUE}
   * when {@code text} is in another form (an offset, a lower-case {@code z}, ...): callers fall back
   * to {@code java.time} for those. No allocation: browsers send this form for every event.
   */
  public static long parseUtc(CharSequence text) {
    int n = text.length();
    if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
        || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return Long.MIN_VALUE;
    }
    int milli = 0;
    if (n > 20) {
      if (text.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) {
        return Long.MIN_VALUE;
      }
      int fraction = digits(text, 20, n - 21);
      if (fraction < 0) {
        return Long.MIN_VALUE;
      }
      for (int i = n - 21; i > 3; i--) fraction /= 10;
      for (int i = n - 21; i < 3; i++) fraction *= 10;
      milli = fraction;
    } else if (n != 20) {
      return Long.MIN_VALUE;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    long days = daysFromCivil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + milli;
  }

  private static int digits(CharSequence text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Howard Hinnant's days_from_civil. */
  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }
}
