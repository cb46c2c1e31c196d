package io.capstan.security.oidc;

/** A token that claims to be the issuer's but fails a check; the message says which (for logs and 401 bodies). */
public final class InvalidTokenException extends RuntimeException {
  public InvalidTokenException(String message) {
    super(message);
  }
}
