package io.capstan.apiserver.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticating front proxy (Kubernetes' request-header authenticator): identity headers
 * ({@code X-Remote-User}, {@code X-Remote-Group}, {@code X-Remote-Extra-<key>}) are believed only
 * on a connection whose client certificate is signed by the front-proxy CA and, when names are
 * configured, has one of the allowed common names. A client certificate from any other CA is not
 * this authenticator's (the x509 authenticator judges it); headers without such a certificate are
 * ignored, so nobody can claim an identity by sending them.
 */
public final class RequestHeaderAuthenticator {
  private final X509Certificate frontProxyCa;
  private final Set<String> allowedNames;
  private final List<String> userHeaders;
  private final List<String> groupHeaders;
  private final List<String> extraPrefixes;
  private final Clock clock;

  public RequestHeaderAuthenticator(X509Certificate frontProxyCa, Set<String> allowedNames, List<String> userHeaders,
      List<String> groupHeaders, List<String> extraPrefixes, Clock clock) {
    this.frontProxyCa = frontProxyCa;
    this.allowedNames = Set.copyOf(allowedNames);
    this.userHeaders = List.copyOf(userHeaders);
    this.groupHeaders = List.copyOf(groupHeaders);
    this.extraPrefixes = extraPrefixes.stream().map(p -> p.toLowerCase()).toList();
    this.clock = clock;
  }

  /** Empty when the request's certificate is not the front proxy's (or there is none). */
  public Optional<UserInfo> authenticate(HttpServletRequest req, X509Certificate[] chain) {
    if (chain == null || chain.length == 0) return Optional.empty();
    X509Certificate leaf = chain[0];
    try {
      leaf.verify(frontProxyCa.getPublicKey());
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("front proxy: certificate has expired or is not yet valid");
    }
    String cn = X509Authenticator.subject(leaf).name();
    if (!allowedNames.isEmpty() && !allowedNames.contains(cn)) {
      throw new AuthenticationException("front proxy: common name \"" + cn + "\" is not allowed");
    }
    String user = first(req, userHeaders);
    if (user == null || user.isEmpty()) throw new AuthenticationException("front proxy: no user header");
    List<String> groups = new ArrayList<>();
    for (String h : groupHeaders) {
      for (String v : Collections.list(req.getHeaders(h))) groups.add(v);
    }
    return Optional.of(new UserInfo(user, "", groups, extras(req)));
  }

  private Map<String, List<String>> extras(HttpServletRequest req) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String h : Collections.list(req.getHeaderNames())) {
      String lower = h.toLowerCase();
      for (String prefix : extraPrefixes) {
        if (lower.startsWith(prefix) && lower.length() > prefix.length()) {
          // Kubernetes percent-encodes extra keys into header names (keys may hold '/', which a header name cannot).
          String key = URLDecoder.decode(lower.substring(prefix.length()), StandardCharsets.UTF_8);
          extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(Collections.list(req.getHeaders(h)));
        }
      }
    }
    return extra;
  }

  private static String first(HttpServletRequest req, List<String> headers) {
    for (String h : headers) {
      String v = req.getHeader(h);
      if (v != null && !v.isEmpty()) return v;
    }
    return null;
  }
}
