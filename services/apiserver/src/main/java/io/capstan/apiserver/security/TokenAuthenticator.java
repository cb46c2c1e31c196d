package io.capstan.apiserver.security;

import java.util.Optional;

/**
 * One kind of bearer token. Returns empty when the token is not of its kind (the chain asks the
 * next one); throws {@link AuthenticationException} when it is of its kind but invalid.
 */
public interface TokenAuthenticator {
  Optional<UserInfo> authenticate(String token);
}
