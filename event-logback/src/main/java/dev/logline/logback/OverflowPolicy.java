package dev.logline.logback;

/** What an {@link EventFileAppender} in async mode does when its queue is full. */
public enum OverflowPolicy {
  /** The logging thread waits for room: nothing is lost, callers slow down under a burst. */
  BLOCK,
  /** The event is dropped and counted ({@link EventFileStats#dropped()}) and reported to Logback's status. */
  DROP
}
