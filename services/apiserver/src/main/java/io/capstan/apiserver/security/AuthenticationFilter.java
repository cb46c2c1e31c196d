package io.capstan.apiserver.security;

import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.web.RequestInfos;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication, then authorization, before any handler runs. Until the security issue lands
 * the authorizer is simple: {@code system:masters} may do everything, everyone else is refused.
 */
@Component
@Order(10)
public class AuthenticationFilter extends OncePerRequestFilter {
  public static final String USER_ATTRIBUTE = UserInfo.class.getName();
  /** Paths Kubernetes serves to anonymous callers (probes and the version). */
  private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws ServletException, IOException {
    String path = req.getRequestURI();
    if (PUBLIC.contains(path) || path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
      chain.doFilter(req, resp);
      return;
    }
    X509Certificate[] certs = (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate");
    Optional<UserInfo> user = X509Authenticator.authenticate(certs);
    if (user.isEmpty()) {
      refuse(resp, new ApiException(401, "Unauthorized", "Unauthorized"));
      return;
    }
    req.setAttribute(USER_ATTRIBUTE, user.get());
    if (!user.get().groups().contains(UserInfo.MASTERS)) {
      refuse(resp, forbidden(user.get(), RequestInfos.of(req)));
      return;
    }
    chain.doFilter(req, resp);
  }

  /** Kubernetes' wording, so kubectl prints the familiar {@code Error from server (Forbidden): ...}. */
  static ApiException forbidden(UserInfo user, RequestInfo info) {
    if (!info.resourceRequest()) {
      return ApiException.forbidden("forbidden: User \"" + user.name() + "\" cannot " + info.verb()
          + " path \"" + info.path() + "\"");
    }
    String resource = info.resourceWithSubresource();
    StringBuilder msg = new StringBuilder();
    msg.append(info.name() == null ? resource : resource + " \"" + info.name() + "\"")
        .append(" is forbidden: User \"").append(user.name()).append("\" cannot ").append(info.verb())
        .append(" resource \"").append(resource).append("\" in API group \"").append(info.group()).append("\"");
    msg.append(info.namespace() == null ? " at the cluster scope" : " in the namespace \"" + info.namespace() + "\"");
    return new ApiException(403, "Forbidden", msg.toString(), info.group(), info.resource(), info.name(),
        java.util.List.of(), null);
  }

  private static void refuse(HttpServletResponse resp, ApiException e) throws IOException {
    resp.setStatus(e.code());
    resp.setContentType("application/json");
    resp.getOutputStream().write(Json.MAPPER.writeValueAsBytes(e.toStatus()));
  }
}
