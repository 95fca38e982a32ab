package dev.logline.archive;

import dev.logline.logback.FileManifest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The archive's key layout, Hive-style so Athena, Redshift Spectrum, Spark and DuckDB read it as a
 * table partitioned by {@code event_date} and {@code event_hour}:
 *
 * <pre>{@code <prefix>/event_date=YYYY-MM-DD/event_hour=HH/<app>-<host>-<instance>-<period>-<part>.jsonl.gz}</pre>
 *
 * with date and hour (UTC) of the manifest's {@code period_start}, {@code <period>} as
 * {@code yyyyMMdd'T'HHmm'Z'} and {@code <part>} as three digits. The manifest goes next to it as
 * {@code ....manifest.json}. Keys are a pure function of the manifest, so a re-upload targets the
 * same key and can never create a second object.
 */
public final class ArchiveKeys {
  /** Suffix of data objects: {@value}. */
  public static final String DATA_SUFFIX = ".jsonl.gz";
  /** Suffix of manifest objects: {@value}. */
  public static final String MANIFEST_SUFFIX = ".manifest.json";

  private ArchiveKeys() {}

  /** The data key for {@code manifest} under {@code prefix} (may be empty; slashes trimmed). */
  public static String dataKey(String prefix, FileManifest manifest) {
    return base(prefix, manifest) + DATA_SUFFIX;
  }

  /** The manifest key for {@code manifest} under {@code prefix}. */
  public static String manifestKey(String prefix, FileManifest manifest) {
    return base(prefix, manifest) + MANIFEST_SUFFIX;
  }

  /** {@code prefix} without leading or trailing slashes. */
  public static String normalizePrefix(String prefix) {
    if (prefix == null) throw new NullPointerException("prefix == null");
    int from = 0;
    int to = prefix.length();
    while (from < to && prefix.charAt(from) == '/') from++;
    while (to > from && prefix.charAt(to - 1) == '/') to--;
    return prefix.substring(from, to);
  }

  private static String base(String prefix, FileManifest m) {
    ZonedDateTime t;
    try {
      t = Instant.parse(m.periodStart()).atZone(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("manifest period_start is not RFC 3339: " + m.periodStart(), e);
    }
    String p = normalizePrefix(prefix);
    StringBuilder b = new StringBuilder(160);
    if (!p.isEmpty()) b.append(p).append('/');
    b.append("event_date=").append(t.getYear()).append('-');
    two(b, t.getMonthValue()).append('-');
    two(b, t.getDayOfMonth()).append("/event_hour=");
    two(b, t.getHour()).append('/');
    b.append(clean(m.app())).append('-').append(clean(m.host())).append('-').append(clean(m.instance())).append('-');
    b.append(t.getYear());
    two(b, t.getMonthValue());
    two(b, t.getDayOfMonth()).append('T');
    two(b, t.getHour());
    two(b, t.getMinute()).append('Z').append('-');
    String part = Integer.toString(m.part());
    for (int i = part.length(); i < 3; i++) b.append('0');
    return b.append(part).toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    if (v < 10) b.append('0');
    return b.append(v);
  }

  // The appender already sanitises; this keeps keys safe for manifests written by anything else.
  private static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
      b.append(ok ? c : '.');
    }
    return b.toString();
  }
}
