package io.capstan.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.security.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed service-account JWTs: what verifies, and every way a token is refused. */
class ServiceAccountTokensTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final ServiceAccountTokens tokens = new ServiceAccountTokens(ServiceAccountKey.generated(), ServiceAccountTokens.DEFAULT_ISSUER);

  private String token(List<String> audiences, Instant expires) {
    return tokens.issue(new ServiceAccountTokens.Claims("ns", "robot", "uid-1", "Pod", "p1", "pod-uid",
        audiences, expires, "jti-1"), NOW);
  }

  @Test
  void aFreshTokenVerifiesWithItsClaims() {
    String t = token(List.of("api"), NOW.plusSeconds(3600));
    ServiceAccountTokens.Claims c = tokens.verify(t, List.of("api"), NOW.plusSeconds(10));

    assertThat(c.namespace()).isEqualTo("ns");
    assertThat(c.serviceAccount()).isEqualTo("robot");
    assertThat(c.serviceAccountUid()).isEqualTo("uid-1");
    assertThat(c.boundKind()).isEqualTo("pod");
    assertThat(c.boundName()).isEqualTo("p1");
    assertThat(c.audiences()).containsExactly("api");
    assertThat(ServiceAccountTokens.looksLikeJwt(t)).isTrue();
    assertThat(ServiceAccountTokens.looksLikeJwt("abcdef.0123456789abcdef")).isFalse();
  }

  @Test
  void expiredTamperedForeignAndWrongAudienceTokensAreRefused() {
    String t = token(List.of("api"), NOW.plusSeconds(600));
    assertThatThrownBy(() -> tokens.verify(t, List.of("api"), NOW.plusSeconds(600)))
        .isInstanceOf(AuthenticationException.class).hasMessage("token has expired");
    assertThatThrownBy(() -> tokens.verify(t, List.of("vault"), NOW))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("audiences");

    String[] parts = t.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("robot", "admin");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    assertThatThrownBy(() -> tokens.verify(tampered, List.of("api"), NOW))
        .isInstanceOf(AuthenticationException.class).hasMessage("invalid token signature");

    ServiceAccountTokens other = new ServiceAccountTokens(ServiceAccountKey.generated(), ServiceAccountTokens.DEFAULT_ISSUER);
    assertThatThrownBy(() -> other.verify(t, List.of("api"), NOW))
        .isInstanceOf(AuthenticationException.class).hasMessage("invalid token signature");
    assertThatThrownBy(() -> tokens.verify("a.b.c", List.of("api"), NOW)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aKeyFileWithoutItsPublicHalfLoadsAndSigns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("sa.key");
    ServiceAccountKey written = ServiceAccountKey.loadOrCreate(file);
    assertThat(java.nio.file.Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    ServiceAccountKey again = ServiceAccountKey.loadOrCreate(file);

    assertThat(again.publicKey().getEncoded()).isEqualTo(written.publicKey().getEncoded());
    ServiceAccountTokens a = new ServiceAccountTokens(written, ServiceAccountTokens.DEFAULT_ISSUER);
    ServiceAccountTokens b = new ServiceAccountTokens(again, ServiceAccountTokens.DEFAULT_ISSUER);
    String t = a.issue(new ServiceAccountTokens.Claims("ns", "sa", "u", null, null, null, List.of("api"),
        NOW.plusSeconds(3600), null), NOW);
    assertThat(b.verify(t, List.of("api"), NOW).serviceAccount()).isEqualTo("sa");
  }

  @Test
  void theSec1KeyCapstanInitWritesLoads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // capstan init writes SEC 1 "EC PRIVATE KEY" with the named curve and no public key
    String sec1 = """
        -----BEGIN EC PRIVATE KEY-----
        MDECAQEEIBqZbCnNQ7cNoyVhMJ3ZkAJnoPBZK7eJ9kTqvGPxs9xroAoGCCqGSM49
        AwEH
        -----END EC PRIVATE KEY-----
        """;
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("sa.key"), sec1);
    ServiceAccountKey key = ServiceAccountKey.loadOrCreate(file);

    ServiceAccountTokens t = new ServiceAccountTokens(key, ServiceAccountTokens.DEFAULT_ISSUER);
    String token = t.issue(new ServiceAccountTokens.Claims("ns", "sa", "u", null, null, null, List.of("api"),
        NOW.plusSeconds(3600), null), NOW);
    assertThat(t.verify(token, List.of("api"), NOW).namespace()).isEqualTo("ns");
  }
}
