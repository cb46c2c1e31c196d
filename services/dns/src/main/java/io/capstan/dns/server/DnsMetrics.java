package io.capstan.dns.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Queries by type and response code ({@code capstan_dns_queries_total{proto,type,rcode}}), plus
 * CoreDNS's names ({@code coredns_dns_requests_total{proto,type}},
 * {@code coredns_dns_responses_total{rcode}}, {@code coredns_dns_request_duration_seconds}) so
 * its dashboards work.
 */
public final class DnsMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer duration;

  public DnsMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration = Timer.builder("coredns_dns_request_duration_seconds").publishPercentileHistogram().register(registry);
  }

  public void record(String proto, int type, int rcode, long nanos) {
    String t = Type.string(type);
    String r = Rcode.string(rcode);
    counter("capstan_dns_queries_total", "proto", proto, "type", t, "rcode", r).increment();
    counter("coredns_dns_requests_total", "proto", proto, "type", t).increment();
    counter("coredns_dns_responses_total", "rcode", r).increment();
    duration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(name + String.join(",", tags), k -> Counter.builder(name).tags(tags).register(registry));
  }
}
