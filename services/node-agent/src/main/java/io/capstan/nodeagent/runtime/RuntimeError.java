package io.capstan.nodeagent.runtime;

/** A runtime call that failed; {@link #status()} is the HTTP status (0 when there was none). */
public class RuntimeError extends RuntimeException {
  private final int status;

  public RuntimeError(String message, int status) {
    super(message);
    this.status = status;
  }

  public RuntimeError(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public int status() {
    return status;
  }
}
