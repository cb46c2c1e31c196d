package io.capstan.cli.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.cli.pki.ClusterPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

  @TempDir Path dir;

  @Test
  void rendersOneClusterUserAndCurrentContext() {
    String yaml = new Kubeconfig("capstan", "https://127.0.0.1:6443", "CA", "me", "CRT", "KEY").render();

    assertThat(yaml)
        .isEqualTo(
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: capstan
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: Q0E=
            users:
            - name: me
              user:
                client-certificate-data: Q1JU
                client-key-data: S0VZ
            contexts:
            - name: capstan
              context:
                cluster: capstan
                user: me
            current-context: capstan
            preferences: {}
            """);
  }

  @Test
  void adminKubeconfigEmbedsTheClusterPemFilesAndIsPrivate() throws Exception {
    ClusterPki pki = new ClusterPki(dir.resolve("pki"));
    pki.ensure();
    Path file = dir.resolve("admin.kubeconfig");

    Kubeconfig.forAdmin(pki, URI.create("https://127.0.0.1:6443")).writeTo(file);

    String yaml = Files.readString(file);
    assertThat(field(yaml, "certificate-authority-data"))
        .isEqualTo(Files.readString(pki.certificate("ca")));
    assertThat(field(yaml, "client-certificate-data"))
        .isEqualTo(Files.readString(pki.certificate("admin")));
    assertThat(field(yaml, "client-key-data"))
        .isEqualTo(Files.readString(pki.privateKey("admin")));
    assertThat(yaml).contains("- name: capstan-admin", "current-context: capstan");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  private static String field(String yaml, String name) {
    Matcher m = Pattern.compile(name + ": (\\S+)").matcher(yaml);
    assertThat(m.find()).as(name).isTrue();
    return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.US_ASCII);
  }
}
