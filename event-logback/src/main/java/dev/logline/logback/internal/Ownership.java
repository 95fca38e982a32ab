package dev.logline.logback.internal;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the appenders of this JVM are using right now: file-name keys (so two appenders in one
 * directory never share a base name) and files being written or finished (so one appender's
 * recovery never touches another's file). Across processes the OS file lock plays that role.
 */
public final class Ownership {
  private static final Set<String> KEYS = ConcurrentHashMap.newKeySet();
  private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

  private Ownership() {}

  /** Claims {@code directory|app|host|instance}; false when an appender of this JVM holds it. */
  public static boolean claimKey(Path directory, String app, String host, String instance) {
    return KEYS.add(key(directory, app, host, instance));
  }

  public static void releaseKey(Path directory, String app, String host, String instance) {
    KEYS.remove(key(directory, app, host, instance));
  }

  /** True when an appender of this JVM writes under {@code instance}. */
  public static boolean isInstanceClaimed(String instance) {
    String suffix = "|" + instance;
    for (String key : KEYS) {
      if (key.endsWith(suffix)) return true;
    }
    return false;
  }

  /** Claims a file; false when it is already being written or finished in this JVM. */
  public static boolean claimFile(Path file) {
    return FILES.add(file.toAbsolutePath().normalize());
  }

  public static void releaseFile(Path file) {
    FILES.remove(file.toAbsolutePath().normalize());
  }

  public static boolean isOwned(Path file) {
    return FILES.contains(file.toAbsolutePath().normalize());
  }

  private static String key(Path directory, String app, String host, String instance) {
    return directory.toAbsolutePath().normalize() + "|" + app + "|" + host + "|" + instance;
  }
}
