package dev.logline.schema.internal;

import dev.logline.schema.SchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import org.everit.json.schema.loader.SchemaClient;

/**
 * Resolves {@code $ref}s to {@code classpath:} URIs only; any other URI is refused, so loading a schema never touches
 * the network or the file system.
 */
public final class ClasspathSchemaClient implements SchemaClient {
  /** The scheme of every resolvable reference. */
  public static final String SCHEME = "classpath:";

  private final ClassLoader loader;
  private final String resource;

  private ClasspathSchemaClient(ClassLoader loader, String resource) {
    this.loader = loader;
    this.resource = resource;
  }

  /** A client for refs found in {@code resource}, loading from {@code loader} then from this module's loader. */
  public static ClasspathSchemaClient of(ClassLoader loader, String resource) {
    return new ClasspathSchemaClient(loader, resource);
  }

  /** The resolution scope of a resource, so relative refs resolve next to it. */
  public static String scopeOf(String resource) {
    return SCHEME + "/" + resource;
  }

  @Override
  public InputStream get(String url) {
    if (!url.startsWith(SCHEME)) {
      throw SchemaException.remoteRef(resource, url);
    }
    String path = url.substring(SCHEME.length());
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    URL found = find(loader, path);
    if (found == null) {
      throw SchemaException.malformedSchema(resource, "$ref " + url + " is not on the class path", null);
    }
    try {
      return found.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code path} from {@code loader}, falling back to this module's own loader (which ships the common schemas). */
  public static URL find(ClassLoader loader, String path) {
    URL url = loader == null ? null : loader.getResource(path);
    if (url == null) {
      ClassLoader own = ClasspathSchemaClient.class.getClassLoader();
      url = own == null ? ClassLoader.getSystemResource(path) : own.getResource(path);
    }
    return url;
  }
}
