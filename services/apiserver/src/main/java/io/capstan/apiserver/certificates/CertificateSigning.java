package io.capstan.apiserver.certificates;

import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' CertificateSigning admission: a write that sets or changes a CSR's
 * {@code status.certificate} needs {@code sign} on its signer, so only the signer (the auth
 * service) can issue, whatever else may update CSR status.
 */
@Component
public class CertificateSigning implements RegistryHook {
  private final Authorizer authorizer;

  @Autowired
  public CertificateSigning(AuthorizerChain authorizer) {
    this((Authorizer) authorizer);
  }

  CertificateSigning(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public void beforeUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
    if (!"certificates.k8s.io".equals(type.group()) || !"certificatesigningrequests".equals(type.plural())) return;
    UserInfo user = RequestUser.current().orElse(null);
    if (user == null) return;
    String issued = object.path("status").path("certificate").asString("");
    if (issued.equals(old.path("status").path("certificate").asString(""))) return;
    SignerPermission.require(authorizer, user, "sign", old.path("spec").path("signerName").asString(""));
  }
}
