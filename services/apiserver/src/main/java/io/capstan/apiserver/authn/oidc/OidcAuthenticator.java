package io.capstan.apiserver.authn.oidc;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.TokenAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.security.oidc.InvalidTokenException;
import io.capstan.security.oidc.OidcTokenVerifier;
import java.util.Optional;

/**
 * The apiserver's OIDC step in the authentication chain: a token of another issuer is left to the
 * next authenticator; one of ours that fails verification is a 401 (never a fall-through).
 */
public final class OidcAuthenticator implements TokenAuthenticator {
  private final OidcTokenVerifier verifier;

  public OidcAuthenticator(OidcTokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    try {
      return verifier.verify(token).map(id -> new UserInfo(id.username(), "", id.groups()));
    } catch (InvalidTokenException e) {
      throw new AuthenticationException(e.getMessage());
    }
  }
}
