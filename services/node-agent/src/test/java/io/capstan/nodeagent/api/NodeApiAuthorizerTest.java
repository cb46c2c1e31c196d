package io.capstan.nodeagent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kubelet's request attributes and its cache of review answers. */
class NodeApiAuthorizerTest {

  @Test
  void pathsAndMethodsMapAsTheKubeletMapsThem() {
    assertThat(NodeApiAuthorizer.subresource("/stats/summary")).isEqualTo("stats");
    assertThat(NodeApiAuthorizer.subresource("/metrics/cadvisor")).isEqualTo("metrics");
    assertThat(NodeApiAuthorizer.subresource("/logs/syslog")).isEqualTo("log");
    assertThat(NodeApiAuthorizer.subresource("/spec/")).isEqualTo("spec");
    assertThat(NodeApiAuthorizer.subresource("/exec/ns/p/c")).isEqualTo("proxy");
    assertThat(NodeApiAuthorizer.subresource("/containerLogs/ns/p/c")).isEqualTo("proxy");
    assertThat(NodeApiAuthorizer.subresource("/portForward/ns/p")).isEqualTo("proxy");
    assertThat(NodeApiAuthorizer.subresource("/statsx")).isEqualTo("proxy");
    assertThat(NodeApiAuthorizer.verb("GET")).isEqualTo("get");
    assertThat(NodeApiAuthorizer.verb("POST")).isEqualTo("create");
    assertThat(NodeApiAuthorizer.verb("DELETE")).isEqualTo("delete");
  }

  @Test
  void answersAreCachedAllowedForMinutesDeniedForSeconds() {
    List<NodeApiAuthorizer.Attributes> asked = new ArrayList<>();
    MutableClock clock = new MutableClock();
    NodeApiAuthorizer authz = new NodeApiAuthorizer("n1", a -> {
      asked.add(a);
      return a.user().equals("admin");
    }, clock);
    var admin = authz.attributes(new Caller("admin", List.of("system:masters")), "GET", "/stats/summary");
    var bob = authz.attributes(new Caller("bob", List.of()), "POST", "/exec/ns/p/c");
    assertThat(admin).isEqualTo(new NodeApiAuthorizer.Attributes("admin", List.of("system:masters"), "get", "n1", "stats"));
    assertThat(authz.allowed(admin)).isTrue();
    assertThat(authz.allowed(bob)).isFalse();
    assertThat(authz.allowed(admin)).isTrue();
    assertThat(authz.allowed(bob)).isFalse();
    assertThat(asked).hasSize(2);
    clock.advance(NodeApiAuthorizer.DENIED_TTL.plusSeconds(1));
    assertThat(authz.allowed(admin)).isTrue();
    assertThat(authz.allowed(bob)).isFalse();
    assertThat(asked).hasSize(3).last().isEqualTo(bob);
    clock.advance(NodeApiAuthorizer.ALLOWED_TTL);
    assertThat(authz.allowed(admin)).isTrue();
    assertThat(asked).hasSize(4).last().isEqualTo(admin);
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
