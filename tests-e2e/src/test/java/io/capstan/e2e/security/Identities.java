package io.capstan.e2e.security;

import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kubeconfigs for other identities than the suite's admin, and openssl as an administrator runs it. */
final class Identities {
  private Identities() {}

  /** A kubeconfig presenting a client certificate and key (PEM bytes). */
  static Path certificateKubeconfig(ApiServerProcess api, Path dir, String user, byte[] certPem, byte[] keyPem) {
    Base64.Encoder b64 = Base64.getEncoder();
    return write(api, dir, user, """
            client-certificate-data: %s
            client-key-data: %s
        """.formatted(b64.encodeToString(certPem), b64.encodeToString(keyPem)));
  }

  /** A kubeconfig with a fresh key and a certificate for {@code subject} (e.g. {@code CN=x,O=y}) signed by the cluster CA. */
  static Path signedKubeconfig(ApiServerProcess api, Path dir, String subject, String name) throws Exception {
    java.security.KeyPair keys = Tls.keys();
    java.security.cert.X509Certificate cert = Tls.sign(subject, keys, Tls.certificate(api.pki().resolve("ca.crt")),
        Tls.key(api.pki().resolve("ca.key")));
    return certificateKubeconfig(api, dir, name, pem("CERTIFICATE", cert.getEncoded()),
        pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
  }

  /** PEM as kubectl and fabric8 read it (the JDK's EC key encoding is PKCS#8). */
  static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The auth service's identity ({@code system:capstan:auth}) with the certificate {@code capstan init} made. */
  static Path authKubeconfig(ApiServerProcess api, Path dir) throws Exception {
    return certificateKubeconfig(api, dir, "auth",
        Files.readAllBytes(api.pki().resolve("auth.crt")), Files.readAllBytes(api.pki().resolve("auth.key")));
  }

  /** A kubeconfig presenting a bearer token only. */
  static Path tokenKubeconfig(ApiServerProcess api, Path dir, String user, String token) {
    return write(api, dir, user, "        token: " + token + "\n");
  }

  private static Path write(ApiServerProcess api, Path dir, String user, String credentials) {
    try {
      String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(api.pki().resolve("ca.crt")));
      String kc = """
          apiVersion: v1
          kind: Config
          clusters:
          - name: capstan
            cluster:
              server: %s
              certificate-authority-data: %s
          users:
          - name: %s
            user:
          %s
          contexts:
          - name: capstan
            context:
              cluster: capstan
              user: %s
          current-context: capstan
          """.formatted(api.url(), ca, user, credentials.stripTrailing(), user);
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(user + "-" + System.nanoTime() + ".kubeconfig"), kc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command (openssl) in {@code dir}; fails the test on a non-zero exit. */
  static void run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
