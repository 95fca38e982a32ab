package dev.logline.logback;

/** How {@link EventFileAppender} hands lines to the OS; see docs/LOGBACK.md, "Write mode". */
public enum WriteMode {
  /** One {@code write} call per event (or per {@code LineBatch}). */
  STREAM,
  /**
   * Lines are copied into a memory-mapped window of the file: no system call per event, the same
   * durability against process crashes. The active file carries a zero-filled tail until it is rolled.
   */
  MAPPED,
  /**
   * Lines are copied into a memory-mapped journal (a fixed ring file beside the active file) and a
   * background thread drains it into the active file with large writes: no system call per event,
   * the same durability against process crashes, and an active file that ends at its last line.
   * Recovery appends what a killed process left in its journal. The default.
   */
  JOURNAL
}
