package io.capstan.gateway;

import com.unboundid.ldap.sdk.LDAPException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every request to the apiserver as the authenticating front proxy: the caller proves who
 * they are with HTTP Basic credentials checked by an LDAP bind, and the apiserver hears it as
 * {@code X-Remote-User}/{@code X-Remote-Group} over the gateway's front-proxy certificate. Identity
 * and credential headers from the caller are never passed on (a caller could otherwise claim any
 * identity or impersonate). Responses stream back as they come, so watches work.
 */
public final class ApiProxyServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ApiProxyServlet.class);
  /** Hop-by-hop headers and the ones the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authorization", "te",
      "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "authorization");

  private final URI apiserver;
  private final HttpClient upstream;
  private final LdapAuthenticator ldap;

  public ApiProxyServlet(URI apiserver, HttpClient upstream, LdapAuthenticator ldap) {
    this.apiserver = apiserver;
    this.upstream = upstream;
    this.ldap = ldap;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<LdapAuthenticator.Identity> who;
    try {
      who = basic(req.getHeader("Authorization"));
    } catch (LDAPException e) {
      log.warn("LDAP unavailable: {}", e.getMessage());
      resp.sendError(503, "the directory is unavailable");
      return;
    }
    if (who.isEmpty()) {
      resp.setHeader("WWW-Authenticate", "Basic realm=\"capstan\"");
      resp.sendError(401);
      return;
    }
    String query = req.getQueryString();
    URI target = apiserver.resolve(req.getRequestURI() + (query == null ? "" : "?" + query));
    HttpRequest.Builder b = HttpRequest.newBuilder(target);
    for (String name : Collections.list(req.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (NOT_FORWARDED.contains(lower) || lower.startsWith("x-remote-") || lower.startsWith("impersonate-")) continue;
      for (String v : Collections.list(req.getHeaders(name))) b.header(name, v);
    }
    b.header("X-Remote-User", who.get().user());
    for (String g : who.get().groups()) b.header("X-Remote-Group", g);
    byte[] body = req.getInputStream().readAllBytes();
    b.method(req.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<InputStream> r;
    try {
      r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      resp.sendError(503);
      return;
    }
    resp.setStatus(r.statusCode());
    r.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) values.forEach(v -> resp.addHeader(name, v));
    });
    try (InputStream in = r.body(); OutputStream out = resp.getOutputStream()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        // Watch events must reach the caller as they happen.
        if (in.available() == 0) out.flush();
      }
    }
  }

  private Optional<LdapAuthenticator.Identity> basic(String header) throws LDAPException {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return Optional.empty();
    return ldap.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
