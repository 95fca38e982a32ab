package dev.logline.schema.internal;

import dev.logline.schema.SchemaException;
import dev.logline.schema.SchemaKey;
import dev.logline.schema.SchemaVer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists {@code logline/schemas/events/<name>/<version>.json} in every directory and jar of a class loader. When two
 * class path entries hold the same name and version, the first in class loader order wins, as with
 * {@link ClassLoader#getResource}.
 */
public final class SchemaScanner {
  /** Where event schemas live on the class path. */
  public static final String EVENTS = "logline/schemas/events";

  private final SortedMap<String, SortedMap<SchemaVer, URL>> found = new TreeMap<>();

  private SchemaScanner() {
  }

  /** Event name -> version -> file. */
  public static SortedMap<String, SortedMap<SchemaVer, URL>> scan(ClassLoader loader) {
    SchemaScanner scanner = new SchemaScanner();
    try {
      for (URL root : Collections.list(loader.getResources(EVENTS))) {
        scanner.root(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + EVENTS, e);
    }
    return scanner.found;
  }

  /** The classpath resource name of an event schema. */
  public static String resource(SchemaKey key) {
    return EVENTS + "/" + key.name() + "/" + key.version() + ".json";
  }

  private void root(URL root) throws IOException {
    if (root.getProtocol().equals("file")) {
      directory(root);
      return;
    }
    URLConnection connection = root.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      // silently skipping would lose every schema of that entry; say so instead
      throw SchemaException.malformedSchema(EVENTS, "cannot list schemas at " + root + " (protocol "
          + root.getProtocol() + " is neither file: nor jar:)", null);
    }
    jar.setUseCaches(false); // a cached JarFile is shared; closing ours must not close the class loader's
    try (JarFile file = jar.getJarFile()) {
      String base = root.toString().substring(0, root.toString().lastIndexOf("!/") + 2);
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.isDirectory() && entry.getName().startsWith(EVENTS + "/")) {
          add(entry.getName().substring(EVENTS.length() + 1), new URL(base + entry.getName()));
        }
      }
    }
  }

  private void directory(URL root) throws IOException {
    Path dir;
    try {
      dir = Paths.get(root.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw SchemaException.malformedSchema(EVENTS, "cannot list schemas at " + root + ": " + e.getMessage(), e);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      add(relative, file.toUri().toURL());
    }
  }

  private void add(String relative, URL url) throws MalformedURLException {
    String resource = EVENTS + "/" + relative;
    String[] parts = relative.split("/", -1);
    String fileName = parts[parts.length - 1];
    if (fileName.startsWith(".")) {
      return; // editor and OS droppings (.DS_Store, .swp) are not schemas
    }
    if (parts.length != 2) {
      throw SchemaException.malformedSchema(resource + " (" + url + ")",
          "expected " + EVENTS + "/<name>/<MODEL-REVISION-ADDITION>.json", null);
    }
    if (!SchemaKey.isValidName(parts[0])) {
      throw SchemaException.malformedSchema(resource + " (" + url + ")",
          "directory " + parts[0] + " is not a valid event name ([a-z][a-z0-9_]{0,63})", null);
    }
    SchemaVer version = fileName.endsWith(".json") ? tryParse(fileName.substring(0, fileName.length() - 5)) : null;
    if (version == null) {
      throw SchemaException.malformedSchema(resource + " (" + url + ")",
          "file name " + fileName + " is not <MODEL-REVISION-ADDITION>.json, e.g. 1-0-0.json", null);
    }
    found.computeIfAbsent(parts[0], n -> new TreeMap<>()).putIfAbsent(version, url);
  }

  private static SchemaVer tryParse(String text) {
    try {
      return SchemaVer.parse(text);
    } catch (SchemaException e) {
      return null;
    }
  }
}
