package io.capstan.apiserver.certificates;

import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.security.AuthenticationFilter;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.web.ObjectResponder;
import io.capstan.apiserver.web.RequestBodies;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code PUT .../certificatesigningrequests/<name>/approval} ({@code kubectl certificate
 * approve|deny}): replaces the status conditions and nothing else. Besides {@code update} on the
 * subresource (checked by the filter) the caller needs {@code approve} on
 * {@code signers/<signerName>} (or {@code <domain>/*}), as Kubernetes' CertificateApproval
 * admission requires.
 */
@RestController
public class ApprovalController {
  private static final Set<String> TYPES = Set.of("Approved", "Denied", "Failed");
  private final GenericRegistry registry;
  private final Served csrs;
  private final AuthorizerChain authorizer;
  private final Clock clock;

  public ApprovalController(GenericRegistry registry, ResourceCatalog catalog, AuthorizerChain authorizer, Clock clock) {
    this.registry = registry;
    this.csrs = catalog.find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow();
    this.authorizer = authorizer;
    this.clock = clock;
  }

  @PutMapping("/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval")
  public void approval(@PathVariable String name, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode body = RequestBodies.object(req, RequestBodies.read(req));
    String bodyName = body.path("metadata").path("name").asString("");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
    }
    JsonNode conditions = body.path("status").path("conditions");
    validate(conditions);
    UserInfo user = AuthenticationFilter.user(req);
    ObjectNode current = registry.get(csrs, null, name);
    String signer = current.path("spec").path("signerName").asString("");
    SignerPermission.require(authorizer, user, "approve", signer);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String rv = body.path("metadata").path("resourceVersion").asString("");
    ObjectNode updated = registry.patch(csrs, null, name, stored -> {
      if (!rv.isEmpty() && !rv.equals(stored.path("metadata").path("resourceVersion").asString(""))) {
        throw ApiException.conflict("certificates.k8s.io", "certificatesigningrequests", name,
            "the object has been modified; please apply your changes to the latest version and try again");
      }
      ArrayNode out = Json.objectAt(stored, "status").putArray("conditions");
      for (JsonNode c : conditions) {
        ObjectNode copy = ((ObjectNode) c).deepCopy();
        if (copy.path("status").asString("").isEmpty()) copy.put("status", "True");
        if (copy.path("lastUpdateTime").asString("").isEmpty()) copy.put("lastUpdateTime", now);
        if (copy.path("lastTransitionTime").asString("").isEmpty()) copy.put("lastTransitionTime", now);
        out.add(copy);
      }
      return stored;
    }, true, false);
    ObjectResponder.write(resp, 200, updated);
  }

  static void validate(JsonNode conditions) {
    boolean approved = false;
    boolean denied = false;
    for (int i = 0; i < conditions.size(); i++) {
      String type = conditions.get(i).path("type").asString("");
      String status = conditions.get(i).path("status").asString("True");
      if (!TYPES.contains(type)) {
        throw ApiException.invalid("certificates.k8s.io", "CertificateSigningRequest", "", List.of(
            new ApiException.Cause("FieldValueNotSupported", "Unsupported value: \"" + type
                + "\": supported values: \"Approved\", \"Denied\", \"Failed\"", "status.conditions[" + i + "].type")));
      }
      if (type.equals("Approved") && status.equals("True")) approved = true;
      if (type.equals("Denied") && status.equals("True")) denied = true;
    }
    if (approved && denied) {
      throw ApiException.invalid("certificates.k8s.io", "CertificateSigningRequest", "", List.of(
          new ApiException.Cause("FieldValueInvalid", "Invalid value: \"Approved\": Approved and Denied conditions are mutually exclusive",
              "status.conditions")));
    }
  }
}
