package io.capstan.apiserver.certificates;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Forbidden;
import io.capstan.apiserver.security.UserInfo;

/**
 * Kubernetes' per-signer checks: approving (verb {@code approve}) or signing ({@code sign}) a CSR
 * needs that verb on {@code signers} named the request's signerName, or its domain wildcard
 * ({@code example.com/*}).
 */
final class SignerPermission {
  private SignerPermission() {}

  static void require(Authorizer authorizer, UserInfo user, String verb, String signer) {
    Attributes exact = Attributes.resource(user, verb, "certificates.k8s.io", "signers", "", "", signer);
    if (authorizer.authorize(exact).allowed()) return;
    int slash = signer.indexOf('/');
    if (slash > 0) {
      Attributes domain = Attributes.resource(user, verb, "certificates.k8s.io", "signers", "", "",
          signer.substring(0, slash) + "/*");
      if (authorizer.authorize(domain).allowed()) return;
    }
    throw Forbidden.of(exact, "user not permitted to " + verb + " requests with signerName \"" + signer + "\"");
  }
}
