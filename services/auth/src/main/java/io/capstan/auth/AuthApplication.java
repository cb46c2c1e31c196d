package io.capstan.auth;

import io.capstan.auth.approver.NodeCsrApprover;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The auth service: approves node client CSRs from bootstrap tokens and serves the TokenReview and
 * SubjectAccessReview webhook endpoints, as {@code capstan.auth.kubeconfig}'s identity
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

  @Bean
  ApplicationRunner startApprover(NodeCsrApprover approver) {
    return args -> approver.start();
  }
}
