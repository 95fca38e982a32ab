package dev.logline.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logline.core.Logline;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
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

  private final Buffer buffer = new Buffer();
  private final JsonGenerator gen;
  private final byte[] uuid = new byte[36];
  private final byte[] time = new byte[24];
  private final Timestamps.Formatter timestamps = new Timestamps.Formatter();
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
      gen.writeRawUTF8String(uuid, 0, 36);
      gen.writeStringField("event", TypicalEvent.NAME);
      gen.writeStringField("schema", "order_placed/1-0-0");
      gen.writeStringField("source", "server");
      gen.writeFieldName("occurred_at");
      gen.writeRawUTF8String(time, 0, 24);
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

  // The same allocation-free formatting Logline uses, handed to Jackson as pre-encoded ASCII as Logline does: the limit
  // measures Jackson and the file, not a slower formatter.
  private void formatUuid(long msb, long lsb) {
    Uuids.format(msb, lsb, uuid, 0);
  }

  private void formatTime(long epochMilli) {
    timestamps.format(epochMilli, time, 0);
  }

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
