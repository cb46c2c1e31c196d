package io.capstan.client.leader;

/** Someone else wrote the Lease first (HTTP 409 Conflict or AlreadyExists). */
public class LeaseConflictException extends RuntimeException {

  public LeaseConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  public LeaseConflictException(String message) {
    super(message);
  }
}
