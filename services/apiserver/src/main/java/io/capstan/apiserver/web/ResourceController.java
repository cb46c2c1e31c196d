package io.capstan.apiserver.web;

import io.capstan.apiserver.apply.ManagedFieldsTracker;
import io.capstan.apiserver.apply.ServerSideApply;
import io.capstan.apiserver.apply.WriteScope;
import io.capstan.apiserver.eviction.PodEviction;
import io.capstan.apiserver.node.PodLogProxy;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.apiserver.patch.Patches;
import io.capstan.apiserver.protobuf.ProtobufBodies;
import io.capstan.apiserver.validation.FieldValidation;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.registry.ListResult;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every resource path under {@code /api} and {@code /apis}: routes by {@link RequestInfo} to the
 * generic registry, its subresources and the watch stream. Discovery paths have their own,
 * more specific mappings.
 */
@RestController
public class ResourceController {
  private final ResourceCatalog catalog;
  private final GenericRegistry registry;
  private final ObjectResponder responder;
  private final WatchStreamer watches;
  private final SelectorFilter selectors;
  private final ScaleSubresource scale;
  private final PodLogProxy podLogs;
  private final PodEviction evictions;
  private final Patches patches;
  private final FieldValidation fieldValidation;
  private final ServerSideApply serverSideApply;
  private final SchemaLookup schemas;
  private final Clock clock;

  public ResourceController(ResourceCatalog catalog, GenericRegistry registry, ObjectResponder responder,
      WatchStreamer watches, SelectorFilter selectors, ScaleSubresource scale, Patches patches,
      FieldValidation fieldValidation, ServerSideApply serverSideApply, SchemaLookup schemas, Clock clock,
      PodLogProxy podLogs, PodEviction evictions) {
    this.podLogs = podLogs;
    this.evictions = evictions;
    this.patches = patches;
    this.fieldValidation = fieldValidation;
    this.serverSideApply = serverSideApply;
    this.schemas = schemas;
    this.clock = clock;
    this.catalog = catalog;
    this.registry = registry;
    this.responder = responder;
    this.watches = watches;
    this.selectors = selectors;
    this.scale = scale;
  }

  @RequestMapping({"/api/**", "/apis/**"})
  public void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    RequestInfo info = RequestInfos.of(req);
    if (!info.resourceRequest()) throw notFound();
    Served served = catalog.find(info.group(), info.version(), info.resource()).orElseThrow(ResourceController::notFound);
    ResourceType type = served.type();
    if (!type.namespaced() && info.namespace() != null) throw notFound();
    if (type.namespaced() && info.namespace() == null && info.name() != null) throw notFound();
    if (type.namespaced() && info.namespace() == null && !info.verb().equals("list") && !info.verb().equals("watch")) {
      throw notFound();
    }
    try (WriteContext.Binding ignored = writeContext(req, served, info).bind()) {
      route(req, resp, served, info);
    }
  }

  private void route(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info)
      throws IOException {
    ResourceType type = served.type();
    if (info.subresource() != null) {
      subresource(req, resp, served, info);
      return;
    }
    if (!type.verbs().contains(info.verb())) {
      throw ApiException.methodNotSupported(type.group(), type.plural(), info.verb());
    }
    boolean dryRun = dryRun(req);
    switch (info.verb()) {
      case "get" -> responder.object(req, resp, served, registry.get(served, info.namespace(), info.name()), 200);
      case "list" -> responder.list(req, resp, served, registry.list(served, info.namespace(), listOptions(req, type)));
      case "watch" -> watches.serve(req, resp, served, info, selectors.filter(req, type));
      case "create" -> {
        ObjectNode body = validatedBody(req, resp, type);
        responder.object(req, resp, served, registry.create(served, info.namespace(), body, dryRun), 201);
      }
      case "update" -> {
        ObjectNode body = validatedBody(req, resp, type);
        responder.object(req, resp, served, registry.update(served, info.namespace(), info.name(), body, false, dryRun), 200);
      }
      case "patch" -> {
        Written w = patch(req, resp, served, info, false, dryRun);
        responder.object(req, resp, served, w.object(), w.status());
      }
      case "delete" -> responder.object(req, resp, served,
          registry.delete(served, info.namespace(), info.name(), deleteOptions(req, dryRun)), 200);
      case "deletecollection" -> deleteCollection(req, resp, served, info, dryRun);
      default -> throw ApiException.methodNotSupported(type.group(), type.plural(), info.verb());
    }
  }

  private void subresource(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info)
      throws IOException {
    ResourceType type = served.type();
    String sub = info.subresource();
    if (!type.subresources().contains(sub)) throw notFound();
    boolean dryRun = dryRun(req);
    switch (sub) {
      case "status" -> {
        switch (info.verb()) {
          case "get" -> responder.object(req, resp, served, registry.get(served, info.namespace(), info.name()), 200);
          case "update" -> {
            ObjectNode body = validatedBody(req, resp, type);
            responder.object(req, resp, served,
                registry.update(served, info.namespace(), info.name(), body, true, dryRun), 200);
          }
          case "patch" -> {
            Written w = patch(req, resp, served, info, true, dryRun);
            responder.object(req, resp, served, w.object(), w.status());
          }
          default -> throw ApiException.methodNotSupported(type.group(), type.plural() + "/status", info.verb());
        }
      }
      case "scale" -> scale.handle(req, resp, served, info, dryRun);
      case "log" -> podLogs.serve(req, resp, served, info);
      case "binding" -> {
        if (!info.verb().equals("create")) throw ApiException.methodNotSupported("", "pods/binding", info.verb());
        ObjectNode body = RequestBodies.object(req, RequestBodies.read(req));
        PodBinding.bind(registry, served, info.namespace(), info.name(), body, dryRun);
        ObjectResponder.write(resp, 201, created());
      }
      case "eviction" -> {
        if (!info.verb().equals("create")) throw ApiException.methodNotSupported("", "pods/eviction", info.verb());
        ObjectNode body = RequestBodies.object(req, RequestBodies.read(req));
        evictions.evict(served, info.namespace(), info.name(), body, dryRun);
        ObjectResponder.write(resp, 201, created());
      }
      case "finalize" -> {
        if (!info.verb().equals("update")) throw ApiException.methodNotSupported("", "namespaces/finalize", info.verb());
        ObjectNode body = RequestBodies.object(req, RequestBodies.read(req));
        JsonNode finalizers = body.path("spec").path("finalizers");
        responder.object(req, resp, served, registry.patch(served, null, info.name(), current -> {
          if (finalizers.isArray()) Json.objectAt(current, "spec").set("finalizers", finalizers);
          else Json.objectAt(current, "spec").remove("finalizers");
          return current;
        }, false, dryRun), 200);
      }
      default -> {
        if (type.group().isEmpty() && type.plural().equals("pods")) {
          ObjectNode pod = registry.get(served, info.namespace(), info.name());
          if (Json.text(pod, "spec.nodeName") == null) {
            throw ApiException.badRequest("pod " + info.name() + " does not have a host assigned");
          }
        }
        throw new ApiException(503, "ServiceUnavailable", "the " + sub
            + " subresource needs a node agent, which this cluster does not run yet");
      }
    }
  }

  /** The {@code Status} Success that binding and eviction answer with, as Kubernetes does. */
  private static ObjectNode created() {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    return status;
  }

  /** The field manager and scope of this request's writes, for managedFields. */
  private static WriteContext writeContext(HttpServletRequest req, Served served, RequestInfo info) {
    String manager = ManagedFieldsTracker.managerFor(req.getParameter("fieldManager"), req.getHeader("User-Agent"));
    boolean apply = Patches.APPLY.equals(RequestBodies.mediaType(req)) && "PATCH".equals(req.getMethod());
    WriteScope scope = "status".equals(info.subresource()) ? WriteScope.subresource("status", "spec")
        : served.strategy().hasStatus() ? WriteScope.mainResource("status") : WriteScope.MAIN;
    return new WriteContext(manager, apply, scope);
  }

  /** A written object and the status code to answer with (201 when an apply created it). */
  record Written(ObjectNode object, int status) {}

  private Written patch(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info,
      boolean statusOnly, boolean dryRun) {
    byte[] body = RequestBodies.read(req);
    String mediaType = RequestBodies.mediaType(req);
    if (Patches.APPLY.equals(mediaType)) {
      return serverSideApply(req, resp, served, info, body, dryRun);
    }
    ResourceType type = served.type();
    String mode = req.getParameter("fieldValidation");
    List<String> warnings = new ArrayList<>();
    ObjectNode result = registry.patch(served, info.namespace(), info.name(), current -> {
      ObjectNode patched = patches.apply(mediaType, current, body);
      warnings.clear(); // the function reruns when a concurrent writer won
      warnings.addAll(fieldValidation.check(patched, type.apiVersion(), type.kind(), mode));
      fieldValidation.dropUnknownFields(patched, type.apiVersion(), type.kind());
      return patched;
    }, statusOnly, dryRun);
    warn(resp, warnings);
    return new Written(result, 200);
  }

  /**
   * Server-side apply: creates the object when absent (201), else merges the configuration under
   * the field manager's ownership, with conflicts unless {@code force=true}.
   */
  private Written serverSideApply(HttpServletRequest req, HttpServletResponse resp, Served served,
      RequestInfo info, byte[] body, boolean dryRun) {
    ResourceType type = served.type();
    String manager = req.getParameter("fieldManager");
    ServerSideApply.requireFieldManager(manager);
    ObjectNode applied = ServerSideApply.parse(body);
    ServerSideApply.requireType(applied, type.apiVersion(), type.kind());
    String appliedName = Json.text(applied, "metadata.name");
    if (appliedName != null && !appliedName.equals(info.name())) {
      throw ApiException.badRequest("the name of the object (" + appliedName
          + ") does not match the name on the URL (" + info.name() + ")");
    }
    Json.objectAt(applied, "metadata").put("name", info.name());
    boolean force = "true".equals(req.getParameter("force"));
    String mode = req.getParameter("fieldValidation");
    warn(resp, fieldValidation.check(applied, type.apiVersion(), type.kind(), mode));
    fieldValidation.dropUnknownFields(applied, type.apiVersion(), type.kind());
    ObjectNode live;
    try {
      live = registry.get(served, info.namespace(), info.name());
    } catch (ApiException e) {
      if (e.code() != 404) throw e;
      live = null;
    }
    if (live == null) {
      ObjectNode created = serverSideApply.apply(null, applied, manager, force, schemas, clock.instant()).object();
      return new Written(registry.create(served, info.namespace(), created, dryRun), 201);
    }
    return new Written(registry.patch(served, info.namespace(), info.name(),
        current -> serverSideApply.apply(current, applied, manager, force, schemas, clock.instant()).object(),
        false, dryRun), 200);
  }

  /**
   * A create or update body after field validation ({@code fieldValidation=Strict|Warn|Ignore}):
   * duplicate and unknown fields fail (Strict) or become Warning headers, and unknown fields are
   * dropped before storing, as Kubernetes does.
   */
  private ObjectNode validatedBody(HttpServletRequest req, HttpServletResponse resp, ResourceType type) {
    byte[] raw = RequestBodies.read(req);
    ObjectNode body = RequestBodies.object(req, raw);
    // Duplicates can only be seen in JSON text; a protobuf body cannot carry them.
    byte[] json = RequestBodies.mediaType(req).equals(ProtobufBodies.MEDIA_TYPE) ? null : raw;
    warn(resp, fieldValidation.checkBody(json, body, type.apiVersion(), type.kind(), req.getParameter("fieldValidation")));
    fieldValidation.dropUnknownFields(body, type.apiVersion(), type.kind());
    return body;
  }

  /** Kubernetes' warning headers, which kubectl prints as {@code Warning: ...}. */
  static void warn(HttpServletResponse resp, List<String> warnings) {
    for (String w : warnings) {
      resp.addHeader("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
  }

  private void deleteCollection(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info,
      boolean dryRun) throws IOException {
    ListResult all = registry.list(served, info.namespace(), new ListOptions(selectors.filter(req, served.type()), 0, null));
    DeleteOptions options = deleteOptions(req, dryRun);
    for (ObjectNode o : all.items()) {
      try {
        registry.delete(served, Json.text(o, "metadata.namespace"), Json.text(o, "metadata.name"), options);
      } catch (ApiException e) {
        if (e.code() != 404) throw e; // deleted concurrently: the goal is reached
      }
    }
    responder.list(req, resp, served, all);
  }

  private ListOptions listOptions(HttpServletRequest req, ResourceType type) {
    Predicate<ObjectNode> filter = selectors.filter(req, type);
    long limit = 0;
    String limitParam = req.getParameter("limit");
    if (limitParam != null && !limitParam.isEmpty()) {
      try {
        limit = Math.max(0, Long.parseLong(limitParam));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit must be an integer, got \"" + limitParam + "\"");
      }
    }
    String cont = req.getParameter("continue");
    boolean anyVersion = "0".equals(req.getParameter("resourceVersion")) && (cont == null || cont.isEmpty());
    return new ListOptions(filter, limit, cont, anyVersion);
  }

  private static DeleteOptions deleteOptions(HttpServletRequest req, boolean dryRun) {
    byte[] body = RequestBodies.read(req);
    JsonNode json = body.length == 0 ? null : RequestBodies.json(body);
    return DeleteOptions.from(json, req.getParameter("propagationPolicy"), req.getParameter("gracePeriodSeconds"), dryRun);
  }

  static boolean dryRun(HttpServletRequest req) {
    String[] values = req.getParameterValues("dryRun");
    if (values == null) return false;
    for (String v : values) {
      if (!v.equals("All")) {
        throw ApiException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
      }
    }
    return true;
  }

  static ApiException notFound() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }
}
