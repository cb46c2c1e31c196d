package io.capstan.apiserver.security;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.authz.Forbidden;
import io.capstan.apiserver.web.RequestInfos;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication, impersonation, then authorization, before any handler runs; the handler sees
 * the effective user as a request attribute and through {@link RequestUser}.
 */
@Component
@Order(10)
public class AuthenticationFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);
  public static final String USER_ATTRIBUTE = UserInfo.class.getName();
  /** Paths Kubernetes serves to anonymous callers (probes and the version). */
  private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

  private final RequestAuthenticator authenticator;
  private final AuthorizerChain authorizer;

  public AuthenticationFilter(RequestAuthenticator authenticator, AuthorizerChain authorizer) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws ServletException, IOException {
    String path = req.getRequestURI();
    if (PUBLIC.contains(path) || path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
      chain.doFilter(req, resp);
      return;
    }
    UserInfo user;
    try {
      Optional<UserInfo> authenticated = authenticator.authenticate(req);
      if (authenticated.isEmpty()) {
        refuse(resp, unauthorized());
        return;
      }
      user = authenticated.get();
    } catch (AuthenticationException e) {
      log.debug("authentication failed for {} {}: {}", req.getMethod(), path, e.getMessage());
      refuse(resp, unauthorized());
      return;
    }
    try {
      user = Impersonation.apply(req, user, authorizer);
      Attributes attributes = Attributes.of(user, RequestInfos.of(req), req.getParameter("fieldSelector"));
      Decision d = authorizer.authorize(attributes);
      if (!d.allowed()) {
        refuse(resp, Forbidden.of(attributes, d.reason()));
        return;
      }
    } catch (ApiException e) {
      refuse(resp, e);
      return;
    }
    req.setAttribute(USER_ATTRIBUTE, user);
    try (RequestUser.Scope ignored = RequestUser.bind(user)) {
      chain.doFilter(req, resp);
    }
  }

  /** The effective user of a request that passed this filter. */
  public static UserInfo user(HttpServletRequest req) {
    Object u = req.getAttribute(USER_ATTRIBUTE);
    if (u instanceof UserInfo info) return info;
    throw new ApiException(401, "Unauthorized", "Unauthorized");
  }

  private static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized");
  }

  private static void refuse(HttpServletResponse resp, ApiException e) throws IOException {
    resp.setStatus(e.code());
    resp.setContentType("application/json");
    resp.getOutputStream().write(Json.MAPPER.writeValueAsBytes(e.toStatus()));
  }
}
