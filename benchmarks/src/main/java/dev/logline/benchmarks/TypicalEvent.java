package dev.logline.benchmarks;

import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event every benchmark measures: {@value #NAME} with ten properties (schema {@code
 * logline/schemas/events/order_placed/1-0-0.json} in this module), which makes a canonical line of about 630 bytes.
 * Each path (Logline, logstash-logback-encoder, the limit, the validators) writes or checks these same values.
 */
public final class TypicalEvent {
  /** Event name. */
  public static final String NAME = "order_placed";
  /** The schema version every path validates against. */
  public static final String VERSION = "1-0-0";
  /** App written into producer and file names. */
  public static final String APP = "shop";
  public static final String USER_ID = "u-2f9c1e7a-0042";
  public static final String SESSION_ID = "s-7d41b0c2e9a54f3b";

  public static final String ORDER_ID = "o-20261127-0815-3f9a2c";
  public static final double AMOUNT = 129.95;
  public static final String CURRENCY = "EUR";
  public static final long ITEMS = 3;
  public static final String COUPON = "SPRING-24-WELCOME";
  public static final String PAYMENT_METHOD = "card";
  public static final String SHIPPING_COUNTRY = "DE";
  public static final boolean FIRST_ORDER = true;
  public static final double DISCOUNT = 12.5;
  public static final String CHANNEL = "web";

  private TypicalEvent() {}

  /** Logs the event the way application code does: one fluent chain, ended by {@code log()}. */
  public static LogResult log(EventLogger events) {
    return events.event(NAME)
        .user(USER_ID)
        .sessionId(SESSION_ID)
        .property("order_id", ORDER_ID)
        .property("amount", AMOUNT)
        .property("currency", CURRENCY)
        .property("items", ITEMS)
        .property("coupon", COUPON)
        .property("payment_method", PAYMENT_METHOD)
        .property("shipping_country", SHIPPING_COUNTRY)
        .property("first_order", FIRST_ORDER)
        .property("discount", DISCOUNT)
        .property("channel", CHANNEL)
        .log();
  }

  /** The properties as the Java model (sorted, as the canonical line writes them). */
  public static Map<String, Object> properties() {
    return new TreeMap<>(propertiesInCallOrder());
  }

  /** The properties in the order application code passes them (what the peers receive). */
  public static Map<String, Object> propertiesInCallOrder() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("order_id", ORDER_ID);
    p.put("amount", AMOUNT);
    p.put("currency", CURRENCY);
    p.put("items", ITEMS);
    p.put("coupon", COUPON);
    p.put("payment_method", PAYMENT_METHOD);
    p.put("shipping_country", SHIPPING_COUNTRY);
    p.put("first_order", FIRST_ORDER);
    p.put("discount", DISCOUNT);
    p.put("channel", CHANNEL);
    return p;
  }

  /** The properties as compact JSON text, keys sorted: the body part the validators parse. */
  public static String propertiesJson() {
    return "{\"amount\":129.95,\"channel\":\"web\",\"coupon\":\"SPRING-24-WELCOME\",\"currency\":\"EUR\","
        + "\"discount\":12.5,\"first_order\":true,\"items\":3,\"order_id\":\"o-20261127-0815-3f9a2c\","
        + "\"payment_method\":\"card\",\"shipping_country\":\"DE\"}";
  }

  /** One browser event of the typical kind as the ingest filter receives it (about 560 bytes). */
  public static String browserEventJson(String eventId) {
    return "{\"event_id\":\"" + eventId + "\",\"event\":\"" + NAME + "\",\"schema\":\"" + VERSION + "\""
        + ",\"occurred_at\":\"2026-11-27T08:15:30.123Z\",\"sent_at\":\"2026-11-27T08:15:31.500Z\""
        + ",\"anonymous_id\":\"anon-5b2d9c1f\",\"session_id\":\"" + SESSION_ID + "\""
        + ",\"context\":{\"page_url\":\"https://shop.example/checkout/confirm\",\"locale\":\"en-GB\","
        + "\"library\":{\"name\":\"logline-js\",\"version\":\"0.1.0\"}}"
        + ",\"properties\":" + propertiesJson() + "}";
  }
}
