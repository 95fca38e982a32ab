package dev.logline.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  @Test
  void escapesControlCharsQuotesAndLineSeparators() {
    assertThat(JsonText.render("a\"b\\c\nd\u0001\u2028é")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u2028é\"");
  }

  @Test
  void rendersObjectsWithSortedKeys() {
    assertThat(JsonText.render(new JSONObject("{\"b\":1,\"a\":{\"d\":null,\"c\":[true,1.5]}}")))
        .isEqualTo("{\"a\":{\"c\":[true,1.5],\"d\":null},\"b\":1}");
  }

  @Test
  void findsValuesByPointer() {
    JSONObject root = new JSONObject("{\"a/b\":{\"~\":[10,20]}}");
    assertThat(JsonText.at(root, "")).isSameAs(root);
    assertThat(JsonText.at(root, "/a~1b/~0/1")).isEqualTo(20);
    assertThat(JsonText.at(root, "/a~1b/~0/2")).isNull();
    assertThat(JsonText.at(root, "/missing/x")).isNull();
    assertThat(JsonText.at(root, "/a~1b/~0/x")).isNull();
  }

  @Test
  void namesJsonTypes() {
    JSONObject o = new JSONObject("{\"i\":1,\"d\":1.5,\"s\":\"x\",\"n\":null,\"b\":false,\"a\":[],\"o\":{}}");
    assertThat(JsonText.typeOf(o.get("i"))).isEqualTo("integer");
    assertThat(JsonText.typeOf(o.get("d"))).isEqualTo("number");
    assertThat(JsonText.typeOf(o.get("s"))).isEqualTo("string");
    assertThat(JsonText.typeOf(o.get("n"))).isEqualTo("null");
    assertThat(JsonText.typeOf(o.get("b"))).isEqualTo("boolean");
    assertThat(JsonText.typeOf(o.get("a"))).isEqualTo("array");
    assertThat(JsonText.typeOf(o.get("o"))).isEqualTo("object");
  }
}
