package dev.logline.core.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** UUIDv7 generation and allocation-free formatting. */
public final class Uuids {
  /** Length of the canonical 8-4-4-4-12 form. */
  public static final int LENGTH = 36;

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Uuids() {}

  /**
   * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by
   * creation time, which keeps warehouse indexes and file scans local.
   */
  public static UUID v7(long epochMilli) {
    return new UUID(v7MostSignificantBits(epochMilli), v7LeastSignificantBits());
  }

  /** The high half of a {@link #v7} id: the milliseconds, the version and 12 random bits. */
  public static long v7MostSignificantBits(long epochMilli) {
    return (epochMilli << 16) | 0x7000L | (ThreadLocalRandom.current().nextLong() & 0x0FFFL);
  }

  /** The low half of a {@link #v7} id: the variant and 62 random bits. */
  public static long v7LeastSignificantBits() {
    return (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
  }

  /**
   * Writes the lower-case canonical form as ASCII bytes at {@code buf[offset..offset+36)}; returns {@link #LENGTH}.
   * Bytes, because writers hand them to Jackson as pre-encoded UTF-8, with no escape check per character.
   */
  public static int format(long msb, long lsb, byte[] buf, int offset) {
    hex(msb >>> 32, 8, buf, offset);
    buf[offset + 8] = '-';
    hex(msb >>> 16, 4, buf, offset + 9);
    buf[offset + 13] = '-';
    hex(msb, 4, buf, offset + 14);
    buf[offset + 18] = '-';
    hex(lsb >>> 48, 4, buf, offset + 19);
    buf[offset + 23] = '-';
    hex(lsb, 12, buf, offset + 24);
    return LENGTH;
  }

  private static void hex(long value, int digits, byte[] buf, int offset) {
    for (int i = digits - 1; i >= 0; i--) {
      buf[offset + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /**
   * Parses the canonical 8-4-4-4-12 hex form (either case), or returns null for anything else.
   * Stricter than {@link UUID#fromString}, which accepts short groups, and allocation-free but for
   * the result.
   */
  public static UUID parse(CharSequence text) {
    if (text.length() != LENGTH || text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-'
        || text.charAt(23) != '-') {
      return null;
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < LENGTH; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) continue;
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0 || text.charAt(i) > 'f') return null; // Character.digit also takes non-ASCII digits
      if (i < 19) {
        msb = (msb << 4) | d;
      } else {
        lsb = (lsb << 4) | d;
      }
    }
    return new UUID(msb, lsb);
  }
}
