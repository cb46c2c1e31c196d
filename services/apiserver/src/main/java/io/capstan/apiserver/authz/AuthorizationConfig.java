package io.capstan.apiserver.authz;

import io.capstan.apiserver.authz.abac.AbacAuthorizer;
import io.capstan.apiserver.authz.node.NodeAuthorizer;
import io.capstan.apiserver.authz.node.NodePods;
import io.capstan.apiserver.authz.webhook.WebhookAuthorizer;
import io.capstan.apiserver.rbac.BootstrapPolicy;
import io.capstan.apiserver.rbac.RbacAuthorizer;
import io.capstan.apiserver.rbac.RbacInformers;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.webhook.WebhookClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The authorization chain, as kube-apiserver's {@code --authorization-mode}: {@code
 * capstan.authorization.modes} lists Node, RBAC, ABAC, Webhook and AlwaysAllow/AlwaysDeny in order
 * (default {@code Node,RBAC}); the first decisive answer wins and members of {@code system:masters}
 * are always allowed. ABAC reads {@code capstan.authorization.policy-file}; Webhook reads the
 * kubeconfig-format {@code capstan.authorization.webhook.config-file} and caches answers
 * ({@code authorized-ttl}, {@code unauthorized-ttl}). RBAC's review APIs and escalation checks work
 * whether or not RBAC is in the chain.
 */
@Configuration
public class AuthorizationConfig {

  @Bean
  public RbacAuthorizer rbacAuthorizer(RbacInformers informers) {
    return new RbacAuthorizer(informers.index());
  }

  @Bean(destroyMethod = "close")
  public NodePods nodePods(Storage storage, ResourceCatalog catalog,
      @Value("${capstan.authorization.modes:Node,RBAC}") List<String> modes) throws InterruptedException {
    return modes.stream().anyMatch("Node"::equalsIgnoreCase) ? NodePods.start(storage, catalog) : NodePods.none();
  }

  @Bean
  public AuthorizerChain authorizer(RbacAuthorizer rbac, ObjectProvider<NodePods> nodePods, Clock clock,
      @Value("${capstan.authorization.modes:Node,RBAC}") List<String> modes,
      @Value("${capstan.authorization.policy-file:}") String policyFile,
      @Value("${capstan.authorization.webhook.config-file:}") String webhookConfig,
      @Value("${capstan.authorization.webhook.authorized-ttl:5m}") Duration authorizedTtl,
      @Value("${capstan.authorization.webhook.unauthorized-ttl:30s}") Duration unauthorizedTtl) throws IOException {
    List<Authorizer> chain = new ArrayList<>();
    for (String mode : modes) {
      switch (mode.trim()) {
        case "Node" -> chain.add(new NodeAuthorizer(nodePods.getObject().store(), BootstrapPolicy.nodeRules()));
        case "RBAC" -> chain.add(rbac);
        case "ABAC" -> {
          if (policyFile.isBlank()) throw new IllegalStateException("authorization mode ABAC needs capstan.authorization.policy-file");
          chain.add(AbacAuthorizer.load(Path.of(policyFile)));
        }
        case "Webhook" -> {
          if (webhookConfig.isBlank()) {
            throw new IllegalStateException("authorization mode Webhook needs capstan.authorization.webhook.config-file");
          }
          chain.add(new WebhookAuthorizer(WebhookClient.fromKubeconfig(Path.of(webhookConfig), Duration.ofSeconds(10)),
              clock, authorizedTtl, unauthorizedTtl));
        }
        case "AlwaysAllow" -> chain.add(a -> Decision.allow("AlwaysAllow"));
        case "AlwaysDeny" -> chain.add(a -> Decision.deny("AlwaysDeny"));
        default -> throw new IllegalStateException("unknown authorization mode \"" + mode + "\"");
      }
    }
    return new AuthorizerChain(chain);
  }
}
