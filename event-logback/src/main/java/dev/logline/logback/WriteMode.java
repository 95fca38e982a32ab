package dev.logline.logback;

/** How {@link EventFileAppender} hands lines to the OS; see docs/LOGBACK.md, "Write mode". */
public enum WriteMode {
  /** One {@code write} call per event (or per {@code LineBatch}); the default. */
  STREAM,
  /**
   * Lines are copied into a memory-mapped window of the file: no system call per event, the same
   * durability against process crashes. The active file carries a zero-filled tail until it is rolled.
   */
  MAPPED
}
