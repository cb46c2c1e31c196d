package io.capstan.apiserver.security;

/**
 * A credential was presented but is not valid (bad signature, expired, unknown token). The request
 * is answered 401: Kubernetes never falls through to the next authenticator in that case.
 */
public class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message);
  }
}
