package io.capstan.security.oidc;

import java.time.Instant;
import java.util.List;

/** Who a verified ID token names: the prefixed user name and groups, and until when the token holds. */
public record OidcIdentity(String username, List<String> groups, Instant expires) {
  public OidcIdentity {
    groups = List.copyOf(groups);
  }
}
