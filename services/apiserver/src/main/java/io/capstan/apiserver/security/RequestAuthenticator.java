package io.capstan.apiserver.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' authentication chain, in order: the front proxy's identity headers (only with its
 * client certificate), client certificate, then bearer token (static token file, bootstrap tokens,
 * service-account JWTs, OIDC ID tokens, the TokenReview webhook). The first success wins; a credential that is
 * presented but invalid is a 401 ({@link AuthenticationException}), never a fall-through to the
 * next authenticator or to anonymous. Without any credential: anonymous when enabled, else empty.
 */
public final class RequestAuthenticator {
  private final RequestHeaderAuthenticator frontProxy;
  private final X509Authenticator x509;
  private final List<TokenAuthenticator> tokens;
  private final boolean anonymous;

  public RequestAuthenticator(X509Authenticator x509, List<TokenAuthenticator> tokens, boolean anonymous) {
    this(null, x509, tokens, anonymous);
  }

  /** @param frontProxy the authenticating front proxy's headers, or null when it is not configured */
  public RequestAuthenticator(RequestHeaderAuthenticator frontProxy, X509Authenticator x509, List<TokenAuthenticator> tokens,
      boolean anonymous) {
    this.frontProxy = frontProxy;
    this.x509 = x509;
    this.tokens = List.copyOf(tokens);
    this.anonymous = anonymous;
  }

  public Optional<UserInfo> authenticate(HttpServletRequest req) {
    X509Certificate[] certs = (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate");
    if (frontProxy != null) {
      Optional<UserInfo> proxied = frontProxy.authenticate(req, certs);
      if (proxied.isPresent()) return proxied.map(UserInfo::withAuthenticatedGroup);
    }
    Optional<UserInfo> user = x509.authenticate(certs);
    if (user.isPresent()) return user.map(UserInfo::withAuthenticatedGroup);
    String auth = req.getHeader("Authorization");
    if (auth != null) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
        throw new AuthenticationException("unsupported Authorization header");
      }
      return Optional.of(authenticateToken(auth.substring(7).trim()).withAuthenticatedGroup());
    }
    if (anonymous) return Optional.of(new UserInfo(UserInfo.ANONYMOUS, "", List.of(UserInfo.UNAUTHENTICATED)));
    return Optional.empty();
  }

  /** A bearer token through the token authenticators (also TokenReview's path). */
  public UserInfo authenticateToken(String token) {
    for (TokenAuthenticator t : tokens) {
      Optional<UserInfo> u = t.authenticate(token);
      if (u.isPresent()) return u.get();
    }
    throw new AuthenticationException("invalid bearer token");
  }
}
