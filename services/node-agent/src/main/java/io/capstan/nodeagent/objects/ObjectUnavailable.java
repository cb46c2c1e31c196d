package io.capstan.nodeagent.objects;

/** An object could not be read: its watch failed to list or did not list in time. */
public final class ObjectUnavailable extends RuntimeException {
  public ObjectUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
