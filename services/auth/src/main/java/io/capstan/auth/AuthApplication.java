package io.capstan.auth;

import io.capstan.auth.approver.NodeCsrApprover;
import io.capstan.auth.signer.CertificateIssuer;
import io.capstan.auth.signer.CsrSigner;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The auth service: approves node client CSRs from bootstrap tokens, signs approved CSRs with the
 * cluster CA, and serves the TokenReview and SubjectAccessReview webhook endpoints, as {@code capstan.auth.kubeconfig}'s identity
 * ({@code system:capstan:auth}).
 */
@SpringBootApplication
public class AuthApplication {

  public static void main(String[] args) {
    SpringApplication.run(AuthApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(@Value("${capstan.auth.kubeconfig:.capstan/auth.kubeconfig}") String kubeconfig)
      throws IOException {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)))).build();
  }

  @Bean(destroyMethod = "close")
  NodeCsrApprover nodeCsrApprover(KubernetesClient client) {
    return new NodeCsrApprover(client);
  }

  /** The cluster CA key lives here and nowhere else that serves requests: the apiserver only verifies. */
  @Bean(destroyMethod = "close")
  CsrSigner csrSigner(KubernetesClient client,
      @Value("${capstan.auth.ca-cert-file:.capstan/pki/ca.crt}") String caCert,
      @Value("${capstan.auth.ca-key-file:.capstan/pki/ca.key}") String caKey) throws IOException {
    return new CsrSigner(client, CertificateIssuer.fromFiles(Path.of(caCert), Path.of(caKey)), Clock.systemUTC());
  }

  @Bean
  ApplicationRunner startApproverAndSigner(NodeCsrApprover approver, CsrSigner signer) {
    return args -> {
      approver.start();
      signer.start();
    };
  }
}
