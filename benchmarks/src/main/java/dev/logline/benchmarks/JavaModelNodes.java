package dev.logline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The adapter a networknt-based validation engine would need: the Java model that {@code Event.Builder} and the
 * ingest filter hold (Map, List, String, Long, Double, BigDecimal, Boolean) to a Jackson tree, one pass, no
 * reflection. Measured in B2 so the proposal's numbers include the conversion, as Logline's own do.
 */
public final class JavaModelNodes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private JavaModelNodes() {}

  public static JsonNode toNode(Object value) {
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof String) {
      return NODES.textNode((String) value);
    } else if (value instanceof Long || value instanceof Integer) {
      return NODES.numberNode(((Number) value).longValue());
    } else if (value instanceof Double) {
      return NODES.numberNode((Double) value);
    } else if (value instanceof BigDecimal) {
      return NODES.numberNode((BigDecimal) value);
    } else if (value instanceof BigInteger) {
      return NODES.numberNode((BigInteger) value);
    } else if (value instanceof Boolean) {
      return NODES.booleanNode((Boolean) value);
    } else if (value instanceof Map) {
      ObjectNode node = NODES.objectNode();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        node.set((String) e.getKey(), toNode(e.getValue()));
      }
      return node;
    } else if (value instanceof List) {
      ArrayNode node = NODES.arrayNode(((List<?>) value).size());
      for (Object item : (List<?>) value) {
        node.add(toNode(item));
      }
      return node;
    }
    return NODES.textNode(value.toString()); // Instant and the like: the canonical line writes them as text
  }
}
