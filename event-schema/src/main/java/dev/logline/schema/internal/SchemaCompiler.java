package dev.logline.schema.internal;

import dev.logline.schema.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.everit.json.schema.Schema;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONException;
import org.json.JSONObject;

/** Reads and compiles one draft-07 schema file. */
public final class SchemaCompiler {
  private SchemaCompiler() {
  }

  /** The text of {@code url}, UTF-8. */
  public static String read(String where, URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw SchemaException.malformedSchema(where, "cannot read: " + e, e);
    }
  }

  /**
   * Compiles {@code json}, the text of classpath {@code resource}; {@code $ref}s resolve on the class path only.
   * Errors name {@code where}.
   */
  public static Schema compile(String resource, String where, String json, ClassLoader loader) {
    try {
      JSONObject raw = new JSONObject(json);
      // the classpath location is the identity; an $id must not redirect $ref resolution elsewhere
      raw.remove("$id");
      raw.remove("id");
      return SchemaLoader.builder()
          .draftV7Support()
          .regexpFactory(new PooledRegexpFactory())
          .schemaClient(ClasspathSchemaClient.of(loader, where))
          .resolutionScope(ClasspathSchemaClient.scopeOf(resource))
          .schemaJson(raw)
          .build()
          .load()
          .build();
    } catch (SchemaException e) {
      throw e;
    } catch (JSONException | org.everit.json.schema.SchemaException | IllegalArgumentException
        | IllegalStateException | UncheckedIOException | ClassCastException e) {
      throw SchemaException.malformedSchema(where, String.valueOf(e.getMessage()), e);
    }
  }
}
