package dev.logline.servlet.internal;

/** A whole-request refusal: HTTP status, a stable code and a message naming the limit. No stack trace. */
public final class IngestError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public IngestError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
