package dev.logline.schema;

import dev.logline.schema.internal.JsonText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.json.JSONArray;
import org.json.JSONObject;

/** Structural comparison of two draft-07 schemas, classifying each difference as a SchemaVer change. */
final class SchemaDiff {
  /** One difference and how severe it is. */
  record Finding(ChangeKind kind, String reason) {
  }

  // annotations: changing them changes no datum's validity
  private static final Set<String> IGNORED = Set.of("$schema", "$id", "id", "$comment", "title", "description",
      "default", "examples", "readOnly", "writeOnly");
  private static final Set<String> LOWER_BOUNDS = Set.of("minimum", "exclusiveMinimum", "minLength", "minItems",
      "minProperties");
  private static final Set<String> UPPER_BOUNDS = Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems",
      "maxProperties");
  private static final Set<String> HANDLED = Set.of("type", "enum", "properties", "required", "additionalProperties",
      "pattern", "format", "items", "uniqueItems", "minimum", "exclusiveMinimum", "minLength", "minItems",
      "minProperties", "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");

  private final List<Finding> findings = new ArrayList<>();

  private SchemaDiff() {
  }

  static List<Finding> diff(JSONObject older, JSONObject newer) {
    SchemaDiff d = new SchemaDiff();
    d.node(older, newer, "", true);
    return List.copyOf(d.findings);
  }

  /** {@code present}: every valid datum has a value at {@code path} (the root, or required all the way down). */
  private void node(Object older, Object newer, String path, boolean present) {
    Object o = normalize(older);
    Object n = normalize(newer);
    if (!(o instanceof JSONObject oo) || !(n instanceof JSONObject no)) {
      if (!same(o, n)) {
        add(ChangeKind.REVISION, "cannot prove compatible: schema at " + at(path) + " changed from "
            + JsonText.render(o) + " to " + JsonText.render(n));
      }
      return;
    }
    type(oo, no, path, present);
    enumeration(oo, no, path);
    for (String k : LOWER_BOUNDS) {
      bound(oo, no, path, k, true);
    }
    for (String k : UPPER_BOUNDS) {
      bound(oo, no, path, k, false);
    }
    constraint(oo, no, path, "pattern");
    constraint(oo, no, path, "format");
    uniqueItems(oo, no, path);
    object(oo, no, path, present);
    if (oo.has("items") || no.has("items")) {
      node(oo.opt("items"), no.opt("items"), path + "/*", false);
    }
    Set<String> keys = new TreeSet<>(oo.keySet());
    keys.addAll(no.keySet());
    for (String k : keys) {
      if (!IGNORED.contains(k) && !HANDLED.contains(k) && !same(oo.opt(k), no.opt(k))) {
        add(ChangeKind.REVISION, "cannot prove compatible: keyword " + k + " changed at " + at(path));
      }
    }
  }

  private void type(JSONObject o, JSONObject n, String path, boolean present) {
    Set<String> ot = types(o.opt("type"));
    Set<String> nt = types(n.opt("type"));
    if (ot == null ? nt == null : ot.equals(nt)) {
      return;
    }
    String change = "type of " + at(path) + " changed from " + show(ot) + " to " + show(nt);
    if (covers(nt, ot)) {
      add(ChangeKind.ADDITION, change + " (widened)");
    } else if (overlaps(ot, nt)) {
      add(ChangeKind.REVISION, change + " (narrowed)");
    } else {
      // nothing old is accepted any more: fatal where the value is always there, else only for data that has it
      add(present ? ChangeKind.MODEL : ChangeKind.REVISION, change);
    }
  }

  private void enumeration(JSONObject o, JSONObject n, String path) {
    JSONArray oe = o.optJSONArray("enum");
    JSONArray ne = n.optJSONArray("enum");
    if (oe == null && ne == null || same(oe, ne)) {
      return;
    }
    if (oe == null) {
      add(ChangeKind.REVISION, "enum of " + at(path) + " added: " + JsonText.render(ne));
    } else if (ne == null) {
      add(ChangeKind.ADDITION, "enum of " + at(path) + " removed");
    } else {
      Set<String> older = rendered(oe);
      Set<String> newer = rendered(ne);
      Set<String> removed = new LinkedHashSet<>(older);
      removed.removeAll(newer);
      Set<String> added = new LinkedHashSet<>(newer);
      added.removeAll(older);
      if (!removed.isEmpty()) {
        add(ChangeKind.REVISION, "enum of " + at(path) + " lost " + String.join(", ", removed));
      }
      if (!added.isEmpty()) {
        add(ChangeKind.ADDITION, "enum of " + at(path) + " gained " + String.join(", ", added));
      }
    }
  }

  private void bound(JSONObject o, JSONObject n, String path, String keyword, boolean lower) {
    Object ov = o.opt(keyword);
    Object nv = n.opt(keyword);
    if (same(ov, nv)) {
      return;
    }
    String what = keyword + " of " + at(path);
    if (ov != null && !(ov instanceof Number) || nv != null && !(nv instanceof Number)) {
      add(ChangeKind.REVISION, "cannot prove compatible: keyword " + keyword + " changed at " + at(path));
    } else if (ov == null) {
      add(ChangeKind.REVISION, what + " added: " + nv);
    } else if (nv == null) {
      add(ChangeKind.ADDITION, what + " removed");
    } else {
      int c = new BigDecimal(nv.toString()).compareTo(new BigDecimal(ov.toString()));
      if (c != 0) {
        boolean tighter = lower == c > 0;
        add(tighter ? ChangeKind.REVISION : ChangeKind.ADDITION,
            what + (c > 0 ? " raised" : " lowered") + " from " + ov + " to " + nv);
      }
    }
  }

  private void constraint(JSONObject o, JSONObject n, String path, String keyword) {
    Object ov = o.opt(keyword);
    Object nv = n.opt(keyword);
    if (same(ov, nv)) {
      return;
    }
    String what = keyword + " of " + at(path);
    if (ov == null) {
      add(ChangeKind.REVISION, what + " added: " + JsonText.render(nv));
    } else if (nv == null) {
      add(ChangeKind.ADDITION, what + " removed");
    } else {
      add(ChangeKind.REVISION, "cannot prove compatible: " + what + " changed from " + JsonText.render(ov) + " to "
          + JsonText.render(nv));
    }
  }

  private void uniqueItems(JSONObject o, JSONObject n, String path) {
    boolean ou = o.optBoolean("uniqueItems", false);
    boolean nu = n.optBoolean("uniqueItems", false);
    if (ou != nu) {
      add(nu ? ChangeKind.REVISION : ChangeKind.ADDITION, "uniqueItems of " + at(path) + " changed to " + nu);
    }
  }

  private void object(JSONObject o, JSONObject n, String path, boolean present) {
    JSONObject op = o.optJSONObject("properties", new JSONObject());
    JSONObject np = n.optJSONObject("properties", new JSONObject());
    Set<String> oreq = strings(o.optJSONArray("required"));
    Set<String> nreq = strings(n.optJSONArray("required"));
    Object oap = o.opt("additionalProperties");
    Object nap = n.opt("additionalProperties");
    boolean oldOpen = oap == null || Boolean.TRUE.equals(oap);
    boolean newOpen = nap == null || Boolean.TRUE.equals(nap);
    boolean oldClosed = Boolean.FALSE.equals(oap);
    boolean newClosed = Boolean.FALSE.equals(nap);

    if (!same(oap, nap) && oldOpen != newOpen) {
      add(oldOpen ? ChangeKind.REVISION : ChangeKind.ADDITION, "additionalProperties of " + at(path) + " changed from "
          + (oap == null ? "absent" : JsonText.render(oap)) + " to " + (nap == null ? "absent" : JsonText.render(nap)));
    } else if (!same(oap, nap) && !oldOpen) {
      add(ChangeKind.REVISION, "cannot prove compatible: keyword additionalProperties changed at " + at(path));
    }
    for (String name : nreq) {
      if (!oreq.contains(name)) {
        add(ChangeKind.MODEL, "property " + child(path, name)
            + (op.has(name) || !np.has(name) ? " became required" : " was added as required"));
      }
    }
    for (String name : oreq) {
      if (!nreq.contains(name)) {
        add(ChangeKind.ADDITION, "property " + child(path, name) + " is no longer required");
      }
    }
    for (String name : new TreeSet<>(np.keySet())) {
      if (!op.has(name) && !nreq.contains(name)) {
        if (oldClosed) {
          add(ChangeKind.ADDITION, "optional property " + child(path, name) + " was added");
        } else {
          add(ChangeKind.REVISION, "optional property " + child(path, name) + " was added while additionalProperties of "
              + at(path) + " was not false, so older data may hold it with another value");
        }
      }
    }
    for (String name : new TreeSet<>(op.keySet())) {
      if (!np.has(name)) {
        if (newClosed) {
          add(ChangeKind.MODEL, "property " + child(path, name) + " was removed");
        } else if (newOpen) {
          add(ChangeKind.ADDITION, "property " + child(path, name) + " was removed, so any value is accepted");
        } else {
          add(ChangeKind.REVISION, "cannot prove compatible: property " + child(path, name)
              + " was removed and is now checked against additionalProperties");
        }
      } else {
        node(op.get(name), np.get(name), child(path, name), present && oreq.contains(name) && nreq.contains(name));
      }
    }
  }

  private void add(ChangeKind kind, String reason) {
    findings.add(new Finding(kind, reason));
  }

  // true and absent schemas accept anything: compare them as the empty schema
  private static Object normalize(Object schema) {
    return schema == null || Boolean.TRUE.equals(schema) ? new JSONObject() : schema;
  }

  private static Set<String> types(Object type) {
    if (type instanceof String s) {
      return Set.of(s);
    }
    if (type instanceof JSONArray a) {
      return new TreeSet<>(strings(a));
    }
    return null; // absent: any type
  }

  private static boolean accepts(Set<String> types, String type) {
    return types == null || types.contains(type) || type.equals("integer") && types.contains("number");
  }

  private static boolean covers(Set<String> newer, Set<String> older) {
    if (newer == null) {
      return true;
    }
    if (older == null) {
      return false;
    }
    return older.stream().allMatch(t -> accepts(newer, t));
  }

  private static boolean overlaps(Set<String> older, Set<String> newer) {
    if (older == null || newer == null) {
      return true;
    }
    return older.stream().anyMatch(t -> accepts(newer, t) || t.equals("number") && newer.contains("integer"));
  }

  private static String show(Set<String> types) {
    if (types == null) {
      return "any";
    }
    return types.size() == 1 ? types.iterator().next() : types.toString();
  }

  private static Set<String> strings(JSONArray array) {
    Set<String> out = new LinkedHashSet<>();
    if (array != null) {
      for (int i = 0; i < array.length(); i++) {
        out.add(String.valueOf(array.opt(i)));
      }
    }
    return out;
  }

  private static Set<String> rendered(JSONArray array) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < array.length(); i++) {
      out.add(JsonText.render(array.opt(i)));
    }
    return out;
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return JsonText.render(a).equals(JsonText.render(b));
  }

  private static String child(String path, String name) {
    return path + "/" + JsonText.escape(name);
  }

  private static String at(String path) {
    return path.isEmpty() ? "(root)" : path;
  }
}
