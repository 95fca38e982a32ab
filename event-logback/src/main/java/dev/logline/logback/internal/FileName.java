package dev.logline.logback.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an event file name: {@code <period>_<app>_<host>_<instance>_<part><suffix>}.
 * Fields are sanitised to {@code [A-Za-z0-9.-]} so {@code _} separates them unambiguously.
 */
public final class FileName {
  /** The file being written. */
  public static final String ACTIVE = ".jsonl";
  /** The finished, compressed file. */
  public static final String GZ = ".jsonl.gz";
  /** The compressed file while it is being written. */
  public static final String GZ_TMP = ".jsonl.gz.tmp";
  /** The manifest sidecar. */
  public static final String MANIFEST = ".manifest.json";
  /** The manifest while it is being written. */
  public static final String MANIFEST_TMP = ".manifest.json.tmp";

  private static final DateTimeFormatter PERIOD =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile(
      "(\\d{8}T\\d{4}Z)_([A-Za-z0-9.-]+)_([A-Za-z0-9.-]+)_([A-Za-z0-9.-]+)_(\\d{3,9})"
          + "(\\.jsonl|\\.jsonl\\.gz|\\.jsonl\\.gz\\.tmp|\\.manifest\\.json|\\.manifest\\.json\\.tmp)");

  private static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String period;
  private final String app;
  private final String host;
  private final String instance;
  private final int part;
  private final String suffix;

  private FileName(String period, String app, String host, String instance, int part, String suffix) {
    this.period = period;
    this.app = app;
    this.host = host;
    this.instance = instance;
    this.part = part;
    this.suffix = suffix;
  }

  /** The active-file name for a period start (epoch millis) and part; fields must be sanitised. */
  public static FileName of(long periodStartMillis, String app, String host, String instance, int part) {
    return new FileName(PERIOD.format(Instant.ofEpochMilli(periodStartMillis)),
        Objects.requireNonNull(app, "app == null"), Objects.requireNonNull(host, "host == null"),
        Objects.requireNonNull(instance, "instance == null"), part, ACTIVE);
  }

  /** The parsed name, or null when {@code fileName} is not an event file of this format. */
  public static FileName parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    return new FileName(m.group(1), m.group(2), m.group(3), m.group(4), Integer.parseInt(m.group(5)), m.group(6));
  }

  /** Replaces every character outside {@code [A-Za-z0-9.-]} with {@code -}. */
  public static String sanitize(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
      b.append(ok ? c : '-');
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  /** Everything before the suffix. */
  public String base() {
    return period + "_" + app + "_" + host + "_" + instance + "_" + String.format("%03d", part);
  }

  /** The same base with another suffix (one of the constants of this class). */
  public String withSuffix(String otherSuffix) {
    return base() + otherSuffix;
  }

  public String period() { return period; }
  public String app() { return app; }
  public String host() { return host; }
  public String instance() { return instance; }
  public int part() { return part; }
  public String suffix() { return suffix; }

  /** Start of the period as RFC 3339 UTC with millis, as manifests carry it. */
  public String periodStartRfc3339() {
    return period.substring(0, 4) + "-" + period.substring(4, 6) + "-" + period.substring(6, 8) + "T"
        + period.substring(9, 11) + ":" + period.substring(11, 13) + ":00.000Z";
  }

  /** {@code epochMillis} as RFC 3339 UTC with millis (off the hot path). */
  public static String rfc3339(long epochMillis) {
    return RFC3339_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  @Override
  public String toString() {
    return base() + suffix;
  }
}
