package dev.logline.test;

/** Entry point for Logline's AssertJ assertions: {@code assertThat(captured).containsEvent("x")}. */
public final class LoglineAssertions {
  private LoglineAssertions() {}

  public static CapturedEventsAssert assertThat(CapturedEvents actual) {
    return new CapturedEventsAssert(actual);
  }
}
