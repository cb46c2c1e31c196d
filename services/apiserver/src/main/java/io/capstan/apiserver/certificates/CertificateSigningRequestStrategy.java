package io.capstan.apiserver.certificates;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.apiserver.strategy.FieldError;
import io.capstan.model.ApiException.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** certificates.k8s.io/v1 CertificateSigningRequest validation, as Kubernetes' {@code certificates/validation}. */
public final class CertificateSigningRequestStrategy implements ResourceStrategy {
  static final Set<String> USAGES = Set.of("signing", "digital signature", "content commitment", "key encipherment",
      "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any",
      "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system",
      "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc");

  @Override
  public void prepareForCreate(ObjectNode object) {
    object.remove("status");
  }

  @Override
  public List<Cause> validate(ObjectNode csr) {
    List<Cause> errors = new ArrayList<>();
    JsonNode spec = csr.path("spec");
    String request = spec.path("request").asString("");
    if (request.isEmpty()) {
      errors.add(FieldError.required("spec.request"));
    } else {
      try {
        CertificateRequests.parse(request);
      } catch (IllegalArgumentException e) {
        errors.add(FieldError.invalid("spec.request", "<omitted>", e.getMessage()));
      }
    }
    String signer = spec.path("signerName").asString("");
    if (signer.isEmpty()) {
      errors.add(FieldError.required("spec.signerName"));
    } else if (!signer.matches("[a-z0-9.-]+/[A-Za-z0-9._/-]+")) {
      errors.add(FieldError.invalid("spec.signerName", signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
    }
    JsonNode usages = spec.path("usages");
    if (usages.isEmpty()) errors.add(FieldError.required("spec.usages", "usages must be provided"));
    for (int i = 0; i < usages.size(); i++) {
      String u = usages.get(i).asString("");
      if (!USAGES.contains(u)) errors.add(FieldError.notSupported("spec.usages[" + i + "]", u, List.copyOf(USAGES)));
    }
    JsonNode exp = spec.path("expirationSeconds");
    if (exp.isNumber() && exp.asLong() < 600) {
      errors.add(FieldError.invalid("spec.expirationSeconds", exp.asLong(), "may not specify a duration less than 600 seconds (10 minutes)"));
    }
    return errors;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode csr, ObjectNode old) {
    List<Cause> errors = new ArrayList<>(validate(csr));
    if (!Objects.equals(csr.path("spec"), old.path("spec"))) {
      errors.add(FieldError.forbidden("spec", "field is immutable"));
    }
    return errors;
  }
}
