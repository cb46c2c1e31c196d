package io.capstan.gateway;

import com.unboundid.ldap.sdk.LDAPException;
import io.capstan.security.oidc.InvalidTokenException;
import io.capstan.security.oidc.OidcTokenVerifier;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling, by the first credential present: the SSO session cookie (browser login), a
 * bearer OIDC ID token (kubectl with {@code --token} or an exec plugin), or HTTP Basic checked by
 * an LDAP bind. Each way is on only when configured. A credential that is present but wrong is
 * "nobody" — never a fall-through to the next way.
 */
public final class CallerAuthenticator {
  static final String SESSION_COOKIE = "capstan_session";
  private static final Logger log = LoggerFactory.getLogger(CallerAuthenticator.class);

  private final Optional<OidcLogin> login;
  private final Optional<OidcTokenVerifier> bearer;
  private final Optional<LdapAuthenticator> ldap;

  public CallerAuthenticator(Optional<OidcLogin> login, Optional<OidcTokenVerifier> bearer, Optional<LdapAuthenticator> ldap) {
    if (login.isEmpty() && bearer.isEmpty() && ldap.isEmpty()) {
      throw new IllegalArgumentException("the gateway needs OIDC (capstan.gateway.oidc.*) or LDAP (capstan.gateway.ldap.*)");
    }
    this.login = login;
    this.bearer = bearer;
    this.ldap = ldap;
  }

  /** @throws LDAPException when the directory cannot be asked (a 503, not a 401) */
  public Optional<Caller> authenticate(HttpServletRequest req) throws LDAPException {
    String session = cookie(req, SESSION_COOKIE);
    if (session != null && login.isPresent()) return login.get().session(session);
    String authz = req.getHeader("Authorization");
    if (authz == null) return Optional.empty();
    if (authz.regionMatches(true, 0, "Bearer ", 0, 7) && bearer.isPresent()) {
      try {
        return bearer.get().verify(authz.substring(7).trim()).map(id -> new Caller(id.username(), id.groups()));
      } catch (InvalidTokenException e) {
        log.debug("bearer token refused: {}", e.getMessage());
        return Optional.empty();
      }
    }
    if (authz.regionMatches(true, 0, "Basic ", 0, 6) && ldap.isPresent()) return basic(authz.substring(6).trim());
    return Optional.empty();
  }

  /** The browser may be sent to the login page. */
  public boolean canLogIn() {
    return login.isPresent();
  }

  /** The {@code WWW-Authenticate} challenges for what is configured. */
  public List<String> challenges() {
    List<String> out = new ArrayList<>();
    if (bearer.isPresent()) out.add("Bearer realm=\"capstan\"");
    if (ldap.isPresent()) out.add("Basic realm=\"capstan\"");
    return out;
  }

  private Optional<Caller> basic(String encoded) throws LDAPException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return Optional.empty();
    return ldap.get().authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  static String cookie(HttpServletRequest req, String name) {
    if (req.getCookies() == null) return null;
    for (Cookie c : req.getCookies()) {
      if (name.equals(c.getName())) return c.getValue();
    }
    return null;
  }
}
