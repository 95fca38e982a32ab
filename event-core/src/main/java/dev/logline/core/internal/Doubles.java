package dev.logline.core.internal;

/**
 * Writes the common doubles (amounts, ratios: at most three decimals, magnitude from 0.001 to below
 * ten million) exactly as Jackson's shortest-representation writer does, without allocating.
 *
 * <p>Jackson formats every double through a new decimal converter, a byte buffer and a string:
 * about 100 bytes of garbage per number on the hot path. Within this range a double's rounding
 * interval is far narrower than 0.001, so at most one decimal with {@code k <= 3} fraction digits
 * rounds to it; the smallest such {@code k} is therefore the shortest representation, the one
 * Jackson (Schubfach) prints, in the same plain notation ({@code 129.95}, {@code 3.0}).
 * Everything else is left to Jackson.
 */
public final class Doubles {
  /** Longest text written: {@code -9999999.999}. */
  public static final int MAX_LENGTH = 12;

  private static final double[] POW10 = {1, 10, 100, 1000};
  private static final long[] POW10_LONG = {1, 10, 100, 1000};

  private Doubles() {}

  /**
   * Writes {@code value} at {@code buf[offset..]} and returns the length, or returns -1 without
   * writing when {@code value} is outside the fast path (the caller then lets Jackson format it).
   */
  public static int format(double value, char[] buf, int offset) {
    if (Double.doubleToRawLongBits(value) == 0L) {
      buf[offset] = '0';
      buf[offset + 1] = '.';
      buf[offset + 2] = '0';
      return 3;
    }
    double magnitude = Math.abs(value);
    if (!(magnitude >= 1e-3 && magnitude < 1e7)) {
      return -1; // also NaN, infinities and -0.0
    }
    for (int k = 0; k < POW10.length; k++) {
      long scaled = Math.round(magnitude * POW10[k]);
      // Both operands are exact, so the quotient is the double nearest the decimal scaled / 10^k.
      if (scaled / POW10[k] == magnitude) {
        return write(value < 0, scaled, k, buf, offset);
      }
    }
    return -1;
  }

  private static int write(boolean negative, long scaled, int fractionDigits, char[] buf, int offset) {
    int pos = offset;
    if (negative) {
      buf[pos++] = '-';
    }
    long integer = scaled / POW10_LONG[fractionDigits];
    long fraction = scaled % POW10_LONG[fractionDigits];
    pos = writeDigits(integer, buf, pos);
    buf[pos++] = '.';
    if (fractionDigits == 0) {
      buf[pos++] = '0';
    } else {
      for (long divisor = POW10_LONG[fractionDigits - 1]; divisor > 0; divisor /= 10) {
        buf[pos++] = (char) ('0' + fraction / divisor % 10);
      }
    }
    return pos - offset;
  }

  private static int writeDigits(long n, char[] buf, int pos) {
    if (n == 0) {
      buf[pos] = '0';
      return pos + 1;
    }
    int digits = 0;
    for (long t = n; t > 0; t /= 10) {
      digits++;
    }
    for (int i = pos + digits - 1; i >= pos; i--) {
      buf[i] = (char) ('0' + n % 10);
      n /= 10;
    }
    return pos + digits;
  }
}
