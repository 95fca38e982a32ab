package dev.logline.schema;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.json.JSONObject;

/** Shared fixtures. */
final class Data {
  /** The schemas of main and test resources. */
  static final SchemaRegistry REGISTRY = SchemaRegistry.fromClasspath(Data.class.getClassLoader());

  static final SchemaKey CHECKOUT_1_0_0 = SchemaKey.parse("checkout_completed/1-0-0");
  static final SchemaKey CHECKOUT_1_0_1 = SchemaKey.parse("checkout_completed/1-0-1");
  static final SchemaKey SIGNED_UP = SchemaKey.parse("user_signed_up/1-0-0");
  static final SchemaKey CART = SchemaKey.parse("test_cart/1-0-0");

  /** The example line of docs/FORMAT.md, verbatim. */
  static final String FORMAT_EXAMPLE = "{\"envelope\":\"1-0-0\",\"event_id\":\"0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f\","
      + "\"event\":\"checkout_completed\",\"schema\":\"checkout_completed/1-0-0\",\"source\":\"server\","
      + "\"occurred_at\":\"2026-11-27T08:15:30.123Z\",\"user_id\":\"u-42\",\"producer\":{\"app\":\"shop\","
      + "\"host\":\"web-1\",\"instance\":\"0192f3c0-0000-7000-8000-000000000001\",\"seq\":17},"
      + "\"context\":{\"request_id\":\"r-9\",\"library\":{\"name\":\"logline-java\",\"version\":\"0.1.0\"}},"
      + "\"properties\":{\"amount\":12.5,\"currency\":\"EUR\",\"order_id\":\"o-1\"}}";

  private Data() {
  }

  /** A mutable map of alternating keys and values; values may be null. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** A JSON object text as the plain Java object model (mutable maps and lists). */
  static Map<String, Object> json(String text) {
    return new JSONObject(text).toMap();
  }

  /** Valid checkout_completed/1-0-0 properties. */
  static Map<String, Object> checkout() {
    return map("order_id", "o-1", "amount", 12.5, "currency", "EUR", "items", 2);
  }

  /** Valid checkout_completed/1-0-0 properties but for these alternating keys and values: one change to validate. */
  static Map<String, Object> checkoutWith(Object... keysAndValues) {
    Map<String, Object> properties = checkout();
    properties.putAll(map(keysAndValues));
    return properties;
  }

  /** A class loader over src/test/resources/broken/{@code name} only (its parent is the bootstrap loader). */
  static URLClassLoader broken(String name) {
    URL root = Data.class.getClassLoader().getResource("broken/" + name + "/");
    if (root == null) {
      throw new IllegalStateException("no test resource broken/" + name);
    }
    return new URLClassLoader(new URL[] {root}, null);
  }

  static URLClassLoader loader(java.nio.file.Path dirOrJar) {
    try {
      return new URLClassLoader(new URL[] {dirOrJar.toUri().toURL()}, null);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
