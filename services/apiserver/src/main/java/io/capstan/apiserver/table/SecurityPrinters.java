package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Rows of RBAC bindings and CSRs (Kubernetes' printRoleBinding, printCertificateSigningRequest). */
final class SecurityPrinters {
  private SecurityPrinters() {}

  static TableConvertor bindings(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Role", "Role references either a ClusterRole or a Role."),
        Columns.age(),
        Columns.wide("Users", "Users in the binding"),
        Columns.wide("Groups", "Groups in the binding"),
        Columns.wide("ServiceAccounts", "ServiceAccounts in the binding"));
    return new KindConvertor(cols, (o, now) -> Arrays.asList(name(o),
        str(o, "roleRef.kind") + "/" + str(o, "roleRef.name"), age(o, now),
        subjects(o, "User"), subjects(o, "Group"), subjects(o, "ServiceAccount")), clock);
  }

  private static String subjects(JsonNode binding, String kind) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : binding.path("subjects")) {
      if (!kind.equals(s.path("kind").asString(""))) continue;
      String ns = s.path("namespace").asString("");
      out.add(kind.equals("ServiceAccount") ? ns + "/" + s.path("name").asString("") : s.path("name").asString(""));
    }
    return String.join(", ", out);
  }

  static TableConvertor certificateSigningRequests(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.age(),
        Columns.string("SignerName", "Name of the signer that was asked to sign the certificate."),
        Columns.string("Requestor", "Name of the user who requested the certificate."),
        Columns.string("RequestedDuration", "Duration the certificate was requested to be valid for."),
        Columns.string("Condition", "State of the request."));
    return new KindConvertor(cols, (o, now) -> Arrays.asList(name(o), age(o, now), str(o, "spec.signerName"),
        str(o, "spec.username"), requestedDuration(o), condition(o)), clock);
  }

  private static String requestedDuration(JsonNode csr) {
    JsonNode s = csr.path("spec").path("expirationSeconds");
    return s.isNumber() ? HumanDuration.format(Duration.ofSeconds(s.asLong())) : "<none>";
  }

  private static String condition(JsonNode csr) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : csr.path("status").path("conditions")) {
      if ("False".equals(c.path("status").asString("True"))) continue;
      out.add(c.path("type").asString(""));
    }
    if (out.isEmpty()) out.add("Pending");
    if (!csr.path("status").path("certificate").asString("").isEmpty()) out.add("Issued");
    return String.join(",", out);
  }
}
