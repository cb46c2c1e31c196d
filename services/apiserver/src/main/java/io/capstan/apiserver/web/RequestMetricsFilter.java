package io.capstan.apiserver.web;

import io.capstan.apiserver.request.RequestInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Kubernetes' request metrics under their own names, so existing dashboards work:
 * {@code apiserver_request_total{verb,resource,code}} and {@code apiserver_request_duration_seconds}.
 */
@Component
@Order(5)
public class RequestMetricsFilter extends OncePerRequestFilter {
  private final MeterRegistry meters;

  public RequestMetricsFilter(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(req, resp);
    } finally {
      RequestInfo info = RequestInfos.of(req);
      String verb = metricVerb(info);
      String resource = info.resourceRequest() ? info.resource() : "";
      String subresource = info.subresource() == null ? "" : info.subresource();
      Counter.builder("apiserver.request")
          .tags("verb", verb, "resource", resource, "subresource", subresource, "group", nz(info.group()),
              "code", Integer.toString(resp.getStatus()))
          .register(meters).increment();
      if (!"WATCH".equals(verb)) {
        Timer.builder("apiserver.request.duration")
            .tags("verb", verb, "resource", resource, "subresource", subresource, "group", nz(info.group()))
            .publishPercentileHistogram()
            .register(meters).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
  }

  private static String metricVerb(RequestInfo info) {
    if (!info.resourceRequest()) return info.verb().toUpperCase();
    return switch (info.verb()) {
      case "create" -> "POST";
      case "update" -> "PUT";
      default -> info.verb().toUpperCase();
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
