package dev.logline.servlet.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
public final class Utf8 {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The offset of the first invalid byte, or -1 when {@code bytes[0..length)} is valid UTF-8. */
  public static int firstInvalid(byte[] bytes, int length) {
    int i = 0;
    while (i < length) {
      // Bodies are mostly ASCII: skip eight bytes at a time while none has its high bit set.
      while (i + 8 <= length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= length) {
        break;
      }
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int need;
      int min2;
      int max2 = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        min2 = 0x80;
      } else if (b == 0xE0) {
        need = 2;
        min2 = 0xA0; // below is overlong
      } else if (b == 0xED) {
        need = 2;
        min2 = 0x80;
        max2 = 0x9F; // above are UTF-16 surrogates
      } else if (b >= 0xE1 && b <= 0xEF) {
        need = 2;
        min2 = 0x80;
      } else if (b == 0xF0) {
        need = 3;
        min2 = 0x90;
      } else if (b >= 0xF1 && b <= 0xF3) {
        need = 3;
        min2 = 0x80;
      } else if (b == 0xF4) {
        need = 3;
        min2 = 0x80;
        max2 = 0x8F;
      } else {
        return i;
      }
      if (i + need >= length) {
        return i;
      }
      int b2 = bytes[i + 1] & 0xff;
      if (b2 < min2 || b2 > max2) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        int bk = bytes[i + k] & 0xff;
        if (bk < 0x80 || bk > 0xBF) return i;
      }
      i += need + 1;
    }
    return -1;
  }
}
