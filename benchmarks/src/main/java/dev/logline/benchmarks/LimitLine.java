package dev.logline.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logline.core.Logline;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's limit for B1: the typical event's canonical line written by one reused Jackson generator into one
 * reused byte buffer, with a fresh time-ordered id and timestamp formatted by hand. No map, no validation, no
 * logging framework: what is left is the JSON itself. Reusable, not thread-safe (one per thread).
 */
public final class LimitLine {
  private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Buffer buffer = new Buffer();
  private final JsonGenerator gen;
  private final char[] uuid = new char[36];
  private final char[] time = new char[24];
  private final String host;
  private final String instance;

  public LimitLine(String host, String instance) {
    this.host = host;
    this.instance = instance;
    try {
      this.gen = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes the typical event with {@code seq} into {@link #buffer()}; returns the length, {@code \n} included. */
  public int encode(long seq) {
    long now = System.currentTimeMillis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    formatUuid((now << 16) | 0x7000L | (random.nextLong() & 0x0FFFL),
        (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    formatTime(now);
    buffer.count = 0;
    try {
      gen.writeStartObject();
      gen.writeStringField("envelope", "1-0-0");
      gen.writeFieldName("event_id");
      gen.writeString(uuid, 0, 36);
      gen.writeStringField("event", TypicalEvent.NAME);
      gen.writeStringField("schema", "order_placed/1-0-0");
      gen.writeStringField("source", "server");
      gen.writeFieldName("occurred_at");
      gen.writeString(time, 0, 24);
      gen.writeStringField("user_id", TypicalEvent.USER_ID);
      gen.writeStringField("session_id", TypicalEvent.SESSION_ID);
      gen.writeObjectFieldStart("producer");
      gen.writeStringField("app", TypicalEvent.APP);
      gen.writeStringField("host", host);
      gen.writeStringField("instance", instance);
      gen.writeNumberField("seq", seq);
      gen.writeEndObject();
      gen.writeObjectFieldStart("context");
      gen.writeObjectFieldStart("library");
      gen.writeStringField("name", Logline.LIBRARY_NAME);
      gen.writeStringField("version", Logline.VERSION);
      gen.writeEndObject();
      gen.writeEndObject();
      gen.writeObjectFieldStart("properties");
      gen.writeNumberField("amount", TypicalEvent.AMOUNT);
      gen.writeStringField("channel", TypicalEvent.CHANNEL);
      gen.writeStringField("coupon", TypicalEvent.COUPON);
      gen.writeStringField("currency", TypicalEvent.CURRENCY);
      gen.writeNumberField("discount", TypicalEvent.DISCOUNT);
      gen.writeBooleanField("first_order", TypicalEvent.FIRST_ORDER);
      gen.writeNumberField("items", TypicalEvent.ITEMS);
      gen.writeStringField("order_id", TypicalEvent.ORDER_ID);
      gen.writeStringField("payment_method", TypicalEvent.PAYMENT_METHOD);
      gen.writeStringField("shipping_country", TypicalEvent.SHIPPING_COUNTRY);
      gen.writeEndObject();
      gen.writeEndObject();
      gen.writeRaw('\n');
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.count;
  }

  /** The encoded bytes, valid up to the length {@link #encode(long)} returned. */
  public byte[] buffer() {
    return buffer.bytes;
  }

  /** Writes one encoded line and flushes it to the OS, as a durable-per-event appender does. */
  public void writeTo(OutputStream out, int length) throws IOException {
    out.write(buffer.bytes, 0, length);
    out.flush();
  }

  private void formatUuid(long msb, long lsb) {
    hex(msb >>> 32, 8, 0);
    uuid[8] = '-';
    hex(msb >>> 16, 4, 9);
    uuid[13] = '-';
    hex(msb, 4, 14);
    uuid[18] = '-';
    hex(lsb >>> 48, 4, 19);
    uuid[23] = '-';
    hex(lsb, 12, 24);
  }

  private void hex(long value, int digits, int offset) {
    for (int i = digits - 1; i >= 0; i--) {
      uuid[offset + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  private void formatTime(long epochMilli) {
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
    digits(year, 4, 0);
    time[4] = '-';
    digits(month, 2, 5);
    time[7] = '-';
    digits(day, 2, 8);
    time[10] = 'T';
    digits(millisOfDay / 3_600_000, 2, 11);
    time[13] = ':';
    digits(millisOfDay / 60_000 % 60, 2, 14);
    time[16] = ':';
    digits(millisOfDay / 1000 % 60, 2, 17);
    time[19] = '.';
    digits(millisOfDay % 1000, 3, 20);
    time[23] = 'Z';
  }

  private void digits(int value, int count, int offset) {
    for (int i = count - 1; i >= 0; i--) {
      time[offset + i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** A byte sink that is reset, never reallocated once large enough. */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[2048];
    int count;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int extra) {
      if (count + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + extra));
      }
    }
  }
}
