package io.capstan.gateway;

import com.unboundid.ldap.sdk.LDAPException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every request to the apiserver as the authenticating front proxy: the caller proves who
 * they are (see {@link CallerAuthenticator}), and the apiserver hears it as
 * {@code X-Remote-User}/{@code X-Remote-Group} over the gateway's front-proxy certificate. Identity
 * and credential headers from the caller are never passed on (a caller could otherwise claim any
 * identity or impersonate), nor are the gateway's cookies. A browser without a session is sent to
 * the login page; any other caller gets a 401. Responses stream back as they come, so watches work.
 */
public final class ApiProxyServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ApiProxyServlet.class);
  /** Hop-by-hop headers and the ones the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authorization", "te",
      "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "authorization", "cookie");

  private final URI apiserver;
  private final HttpClient upstream;
  private final CallerAuthenticator callers;

  public ApiProxyServlet(URI apiserver, HttpClient upstream, CallerAuthenticator callers) {
    this.apiserver = apiserver;
    this.upstream = upstream;
    this.callers = callers;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<Caller> who;
    try {
      who = callers.authenticate(req);
    } catch (LDAPException e) {
      log.warn("LDAP unavailable: {}", e.getMessage());
      status(resp, 503, "ServiceUnavailable", "the directory is unavailable");
      return;
    }
    String query = req.getQueryString();
    if (who.isEmpty()) {
      if (callers.canLogIn() && "GET".equals(req.getMethod()) && accepts(req, "text/html")) {
        String then = req.getRequestURI() + (query == null ? "" : "?" + query);
        resp.sendRedirect("/oauth2/login?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8));
        return;
      }
      callers.challenges().forEach(c -> resp.addHeader("WWW-Authenticate", c));
      status(resp, 401, "Unauthorized", "Unauthorized");
      return;
    }
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
    } catch (IOException e) {
      log.warn("cannot reach the apiserver at {}: {}", apiserver, e.toString());
      status(resp, 503, "ServiceUnavailable", "the apiserver cannot be reached");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status(resp, 503, "ServiceUnavailable", "interrupted while forwarding");
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

  /** A Kubernetes Status body, so kubectl prints the reason as it does for the apiserver's own errors. */
  private static void status(HttpServletResponse resp, int code, String reason, String message) throws IOException {
    resp.setStatus(code);
    resp.setContentType("application/json");
    resp.getWriter().write("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
  }

  private static boolean accepts(HttpServletRequest req, String type) {
    String accept = req.getHeader("Accept");
    return accept != null && accept.contains(type);
  }
}
