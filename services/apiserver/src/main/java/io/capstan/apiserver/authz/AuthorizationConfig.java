package io.capstan.apiserver.authz;

import io.capstan.apiserver.rbac.RbacAuthorizer;
import io.capstan.apiserver.rbac.RbacInformers;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The authorization chain: system:masters, then RBAC from the informer-fed index. */
@Configuration
public class AuthorizationConfig {

  @Bean
  public RbacAuthorizer rbacAuthorizer(RbacInformers informers) {
    return new RbacAuthorizer(informers.index());
  }

  @Bean
  public AuthorizerChain authorizer(RbacAuthorizer rbac) {
    return new AuthorizerChain(List.of(rbac));
  }
}
