package dev.logline.logback;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The command that starts a class's {@code main} in a new JVM with this test's classpath. */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(Class<?> main, String... args) {
    return command(List.of(), main, args);
  }

  /** The same, with options for the new JVM (e.g. {@code -Dname=value}) before the class. */
  static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
    String java = ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
