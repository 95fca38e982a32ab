package dev.logline.core;

/** Library identity written into {@code context.library} of backend events. */
public final class Logline {
  /** {@value} */
  public static final String LIBRARY_NAME = "logline-java";
  /** {@value} */
  public static final String VERSION = "0.1.0";

  private Logline() {}
}
