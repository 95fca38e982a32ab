package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.servlet.internal.TrackerScript;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker script as the filter serves it: size, caching, conditional requests. */
class TrackerScriptTest {
  /** The budget for the tracker, minified+gzipped; served compacted (comments and indentation out). */
  static final int GZIP_BUDGET_BYTES = 4096;

  @Test
  void gzippedScriptFitsTheBudget() {
    TrackerScript script = TrackerScript.load();
    int gzipped = script.gzipped().length;
    System.out.println("logline.js: " + script.plain().length + " bytes, " + gzipped + " bytes gzipped");
    assertThat(gzipped).isLessThan(GZIP_BUDGET_BYTES);
  }

  @Test
  void servedWithoutCommentsOrIndentationButWithItsBanner() {
    String served = new String(TrackerScript.load().plain(), StandardCharsets.UTF_8);
    assertThat(served).startsWith("/*! logline.js ").contains("sendBeacon").doesNotContain("\n\n");
    assertThat(served.lines().skip(1))
        .allSatisfy(line -> assertThat(line).doesNotStartWith("//").doesNotStartWith("/*").doesNotStartWith(" ")
            .doesNotStartWith("*"));
  }

  @Test
  void compactingCutsOnlyCommentsThatCannotBeCode() {
    String source = String.join("\n", "/*! banner */", "/**", " * doc", " */", "function f() {",
        "  // a comment line", "  var n = 1; // why n", "  var u = 'http://x'; // kept: a quote comes first",
        "  var r = n / 2; // kept: a slash comes first", "  /* one line */", "", "  return n;", "}", "");
    String compacted = new String(TrackerScript.compact(source.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
    assertThat(compacted).isEqualTo(String.join("\n", "/*! banner */", "function f() {", "var n = 1;",
        "var u = 'http://x'; // kept: a quote comes first", "var r = n / 2; // kept: a slash comes first",
        "return n;", "}", ""));
  }

  @Test
  void compactingRefusesWhatItCannotKeepIntact() {
    for (String source : new String[] {"var s = `a\n  // not a comment\n`;\n", "var s = 'a\\\n  b';\n"}) {
      assertThatThrownBy(() -> TrackerScript.compact(source.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void servedWithCachingHeadersAndAnEtagThatAnswers304(@TempDir Path dir) throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.scriptMaxAgeSeconds(600))) {
      Http.Reply r = Http.send(Http.request(s, "/events.js").GET());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/javascript");
      assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=600");
      String etag = r.header("ETag");
      assertThat(etag).startsWith("\"").endsWith("\"");
      assertThat(r.text()).contains("Logline").contains("sendBeacon");
      assertThat(r.raw().body()).isEqualTo(TrackerScript.load().plain());

      Http.Reply again = Http.send(Http.request(s, "/events.js").header("If-None-Match", etag).GET());
      assertThat(again.status()).isEqualTo(304);
      assertThat(again.raw().body()).isEmpty();

      Http.Reply gz = Http.send(Http.request(s, "/events.js").header("Accept-Encoding", "gzip").GET());
      assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(gz.raw().body()).hasSize(TrackerScript.load().gzipped().length);

      Http.Reply post = Http.send(Http.request(s, "/events.js").header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("x", StandardCharsets.UTF_8)));
      assertThat(post.status()).isEqualTo(405);
    }
  }
}
