package io.capstan.apiserver.web;

import io.capstan.apiserver.request.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;

/** The {@link RequestInfo} of a servlet request, parsed once and kept as a request attribute. */
public final class RequestInfos {
  private static final String ATTRIBUTE = RequestInfo.class.getName();

  private RequestInfos() {}

  public static RequestInfo of(HttpServletRequest req) {
    Object cached = req.getAttribute(ATTRIBUTE);
    if (cached instanceof RequestInfo info) return info;
    String watch = req.getParameter("watch");
    RequestInfo info = RequestInfo.parse(req.getMethod(), req.getRequestURI(),
        "true".equals(watch) || "1".equals(watch));
    req.setAttribute(ATTRIBUTE, info);
    return info;
  }
}
