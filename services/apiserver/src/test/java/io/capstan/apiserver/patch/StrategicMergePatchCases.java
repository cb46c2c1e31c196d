package io.capstan.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The table {@link StrategicMergePatchTest} runs: cases written from Kubernetes' documented
 * behaviour ("Update API Objects in Place Using kubectl patch", the strategic-merge-patch design
 * doc, the preserve-order proposal) and from the patches kubectl 1.32 sends (apply, set image,
 * rollout restart). Each has a kind (its schema), original, patch, and either the expected
 * object or an expected error (HTTP code and a fragment of the message).
 *
 * <p>{@link KubectlPatchOracleTest} replays every case through upstream's own implementation
 * ({@code kubectl patch --local}). Where Capstan deliberately answers otherwise, the case says what
 * upstream does under {@code upstream} ({@code result}, or {@code error: true}) and why under
 * {@code why}.
 */
final class StrategicMergePatchCases {
  private StrategicMergePatchCases() {}

  /** The cases, each named by its {@code name}. */
  static Stream<Named<JsonNode>> all() {
    List<Named<JsonNode>> out = new ArrayList<>();
    YAMLMapper.builder().build().readTree(YAML).forEach(c -> out.add(Named.of(c.get("name").stringValue(), c)));
    return out.stream();
  }

  /** The case's schema from {@link FakeSchemas#kubernetes()}; {@code kind} reads "apps/v1/Deployment". */
  static JsonNode schema(FakeSchemas schemas, JsonNode c) {
    String kind = c.get("kind").stringValue();
    int slash = kind.lastIndexOf('/');
    return schemas.root(kind.substring(0, slash), kind.substring(slash + 1)).orElseThrow();
  }

  static final String YAML = """
      # --- kubectl patch task page -------------------------------------------------------------
      - name: containers merge by name; the added container comes first (the doc's patch-demo output)
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: patch-demo-ctr, image: nginx}]}}}}
        patch: {spec: {template: {spec: {containers: [{name: patch-demo-ctr-2, image: redis}]}}}}
        expected: {spec: {template: {spec: {containers: [
          {name: patch-demo-ctr-2, image: redis}, {name: patch-demo-ctr, image: nginx}]}}}}

      - name: tolerations have no patch strategy, so the list is replaced
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}]}}}}
        patch: {spec: {template: {spec: {tolerations: [{effect: NoSchedule, key: disktype, value: ssd}]}}}}
        expected: {spec: {template: {spec: {tolerations: [{effect: NoSchedule, key: disktype, value: ssd}]}}}}

      - name: retainKeys on the deployment strategy - switching to Recreate drops rollingUpdate
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}}
        patch: {spec: {strategy: {$retainKeys: [type], type: Recreate}}}
        expected: {spec: {strategy: {type: Recreate}}}

      - name: without retainKeys, Recreate keeps rollingUpdate (validation then refuses the object)
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}}
        patch: {spec: {strategy: {type: Recreate}}}
        expected: {spec: {strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}}}

      # --- merging lists of maps -------------------------------------------------------------------
      - name: replacing an image keeps the container's other fields
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [
          {name: web, image: "nginx:1.0", ports: [{containerPort: 80}], env: [{name: A, value: "1"}]}]}}}}
        patch: {spec: {template: {spec: {containers: [{name: web, image: "nginx:1.1"}]}}}}
        expected: {spec: {template: {spec: {containers: [
          {name: web, image: "nginx:1.1", ports: [{containerPort: 80}], env: [{name: A, value: "1"}]}]}}}}

      - name: adding an env var merges env by name
        kind: v1/Pod
        original: {spec: {containers: [{name: web, env: [{name: A, value: "1"}]}]}}
        patch: {spec: {containers: [{name: web, env: [{name: B, value: "2"}]}]}}
        expected: {spec: {containers: [{name: web, env: [{name: B, value: "2"}, {name: A, value: "1"}]}]}}

      - name: changing an env var keeps its place
        kind: v1/Pod
        original: {spec: {containers: [{name: web, env: [{name: A, value: "1"}, {name: B, value: "2"}]}]}}
        patch: {spec: {containers: [{name: web, env: [{name: B, value: "3"}]}]}}
        expected: {spec: {containers: [{name: web, env: [{name: A, value: "1"}, {name: B, value: "3"}]}]}}

      - name: a null inside a merged element deletes that field only
        kind: v1/Pod
        original: {spec: {containers: [{name: web, image: nginx, imagePullPolicy: Always}]}}
        patch: {spec: {containers: [{name: web, imagePullPolicy: null}]}}
        expected: {spec: {containers: [{name: web, image: nginx}]}}

      - name: container ports merge by containerPort
        kind: v1/Pod
        original: {spec: {containers: [{name: web, ports: [{containerPort: 80, name: http}]}]}}
        patch: {spec: {containers: [{name: web, ports: [{containerPort: 80, protocol: TCP}, {containerPort: 443, name: https}]}]}}
        expected: {spec: {containers: [{name: web, ports: [
          {containerPort: 80, name: http, protocol: TCP}, {containerPort: 443, name: https}]}]}}

      - name: service ports merge by port
        kind: v1/Service
        original: {spec: {ports: [{port: 80, targetPort: 8080}], selector: {app: web}}}
        patch: {spec: {ports: [{port: 443, targetPort: 8443}]}}
        expected: {spec: {ports: [{port: 443, targetPort: 8443}, {port: 80, targetPort: 8080}], selector: {app: web}}}

      - name: ownerReferences merge by uid
        kind: v1/ConfigMap
        original: {metadata: {ownerReferences: [{apiVersion: v1, kind: Pod, name: a, uid: u1}]}}
        patch: {metadata: {ownerReferences: [{apiVersion: v1, kind: Pod, name: b, uid: u2}]}}
        expected: {metadata: {ownerReferences: [
          {apiVersion: v1, kind: Pod, name: b, uid: u2}, {apiVersion: v1, kind: Pod, name: a, uid: u1}]}}

      - name: status conditions merge by type (kubectl patch --subresource=status)
        kind: apps/v1/Deployment
        original: {status: {replicas: 1, conditions: [{type: Available, status: "True"}]}}
        patch: {status: {conditions: [{type: Available, status: "False", reason: MinimumReplicasUnavailable}]}}
        expected: {status: {replicas: 1, conditions: [{type: Available, status: "False", reason: MinimumReplicasUnavailable}]}}

      - name: volumes are merge,retainKeys - apply switching a volume's source clears the old one
        kind: v1/Pod
        original: {spec: {volumes: [{name: cfg, configMap: {name: cm}}, {name: tmp, emptyDir: {}}]}}
        patch: {spec: {volumes: [{name: cfg, $retainKeys: [emptyDir, name], emptyDir: {medium: Memory}}]}}
        expected: {spec: {volumes: [{name: cfg, emptyDir: {medium: Memory}}, {name: tmp, emptyDir: {}}]}}

      # --- $patch directives -----------------------------------------------------------------------
      - name: "$patch: delete removes the container with that name (design doc)"
        kind: v1/Pod
        original: {spec: {containers: [{name: nginx, image: nginx-0.9}, {name: log-tailer, image: log-tailer-1.0}]}}
        patch: {spec: {containers: [{name: nginx, image: nginx-1.0}, {$patch: delete, name: log-tailer}]}}
        expected: {spec: {containers: [{name: nginx, image: nginx-1.0}]}}

      - name: "$patch: delete removes every element with that key (design doc note)"
        kind: v1/Pod
        original: {spec: {containers: [{name: a, image: "1"}, {name: b}, {name: a, image: "2"}]}}
        patch: {spec: {containers: [{$patch: delete, name: a}]}}
        expected: {spec: {containers: [{name: b}]}}

      - name: "$patch: replace as a list element replaces the list (design doc)"
        kind: v1/Pod
        original: {spec: {containers: [{name: nginx, image: nginx-0.9, ports: [{containerPort: 80}]}, {name: log-tailer}]}}
        patch: {spec: {containers: [{name: nginx, image: nginx-1.0}, {$patch: replace}]}}
        expected: {spec: {containers: [{name: nginx, image: nginx-1.0}]}}

      - name: "a lone $patch: replace element empties a merge list"
        kind: v1/Pod
        original: {spec: {containers: [{name: a}, {name: b}]}}
        patch: {spec: {containers: [{$patch: replace}]}}
        expected: {spec: {containers: []}}

      - name: "$patch: replace in a map replaces the whole map"
        kind: v1/Pod
        original: {metadata: {labels: {app: web, tier: frontend}}}
        patch: {metadata: {labels: {$patch: replace, app: api}}}
        expected: {metadata: {labels: {app: api}}}

      - name: "$patch: replace on the pod spec takes the patch literally, lists and all (design doc)"
        kind: v1/Pod
        original: {spec: {restartPolicy: Always, containers: [{name: a, image: a}, {name: b, image: b}]}}
        patch: {spec: {$patch: replace, containers: [{name: nginx, image: nginx-1.0}]}}
        expected: {spec: {containers: [{name: nginx, image: nginx-1.0}]}}

      - name: "$patch: delete on a map empties it (upstream answers {} where the map was)"
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}}
        patch: {spec: {strategy: {rollingUpdate: {$patch: delete}}}}
        expected: {spec: {strategy: {type: RollingUpdate, rollingUpdate: {}}}}

      - name: "$patch: delete on a map the object lacks adds nothing"
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: Recreate}}}
        patch: {spec: {strategy: {rollingUpdate: {$patch: delete}}}}
        expected: {spec: {strategy: {type: Recreate}}}

      - name: "$patch: merge on a map merges, as a map does anyway"
        kind: v1/Pod
        original: {metadata: {labels: {app: web}}}
        patch: {metadata: {labels: {$patch: merge, tier: frontend}}}
        expected: {metadata: {labels: {app: web, tier: frontend}}}
        upstream: {error: true}
        why: upstream names merge a directive but refuses it in a patch (a 500 on its server)

      # --- maps ------------------------------------------------------------------------------------
      - name: maps merge recursively and null deletes a key
        kind: v1/Pod
        original: {metadata: {labels: {app: web, tier: frontend}, annotations: {a: "1"}}}
        patch: {metadata: {labels: {tier: null, track: stable}}}
        expected: {metadata: {labels: {app: web, track: stable}, annotations: {a: "1"}}}

      - name: an atomic map (nodeSelector) still merges, SMP reads only patch strategies
        kind: v1/Pod
        original: {spec: {nodeSelector: {disk: ssd}}}
        patch: {spec: {nodeSelector: {zone: a}}}
        expected: {spec: {nodeSelector: {disk: ssd, zone: a}}}

      - name: a field the object lacks is added without its nulls
        kind: apps/v1/Deployment
        original: {spec: {replicas: 1}}
        patch: {spec: {strategy: {type: Recreate, rollingUpdate: null}}}
        expected: {spec: {replicas: 1, strategy: {type: Recreate}}}

      - name: "a $patch: delete element in a list the object lacks leaves an empty list"
        kind: v1/Pod
        original: {spec: {containers: [{name: web}]}}
        patch: {spec: {containers: [{name: web, env: [{name: E, $patch: delete}]}]}}
        expected: {spec: {containers: [{name: web, env: []}]}}

      - name: a value of another type replaces the field
        kind: v1/ConfigMap
        original: {data: {a: "1"}}
        patch: {data: "oops"}
        expected: {data: "oops"}

      # --- primitive lists -------------------------------------------------------------------------
      - name: finalizers (merge strategy) are a set - union, duplicates collapse
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b]}}
        patch: {metadata: {finalizers: [b, c]}}
        expected: {metadata: {finalizers: [a, b, c]}}

      - name: a finalizer the server lacks comes first, as upstream orders it
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b]}}
        patch: {metadata: {finalizers: [c]}}
        expected: {metadata: {finalizers: [c, a, b]}}

      - name: "$deleteFromPrimitiveList/finalizers removes values (design doc)"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b, c]}}
        patch: {metadata: {$deleteFromPrimitiveList/finalizers: [b, c]}}
        expected: {metadata: {finalizers: [a]}}

      - name: "$deleteFromPrimitiveList deletes every copy of a value (design doc note)"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b, a]}}
        patch: {metadata: {$deleteFromPrimitiveList/finalizers: [a]}}
        expected: {metadata: {finalizers: [b]}}

      - name: "$deleteFromPrimitiveList of an absent value leaves the list alone"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b]}}
        patch: {metadata: {$deleteFromPrimitiveList/finalizers: [z]}}
        expected: {metadata: {finalizers: [a, b]}}

      - name: kubectl apply swapping finalizer b for c (order, delete list and additions together)
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b]}}
        patch: {metadata: {$setElementOrder/finalizers: [a, c], $deleteFromPrimitiveList/finalizers: [b], finalizers: [c]}}
        expected: {metadata: {finalizers: [a, c]}}

      - name: container args have no strategy, so they are replaced, order kept
        kind: v1/Pod
        original: {spec: {containers: [{name: web, args: [--a, --b]}]}}
        patch: {spec: {containers: [{name: web, args: [--b]}]}}
        expected: {spec: {containers: [{name: web, args: [--b]}]}}

      # --- $setElementOrder ------------------------------------------------------------------------
      - name: "$setElementOrder/containers reorders the list (design doc)"
        kind: v1/Pod
        original: {spec: {containers: [{name: a, image: a}, {name: b, image: b}, {name: c, image: c}]}}
        patch: {spec: {$setElementOrder/containers: [{name: b}, {name: c}, {name: a}]}}
        expected: {spec: {containers: [{name: b, image: b}, {name: c, image: c}, {name: a, image: a}]}}

      - name: "$setElementOrder/finalizers reorders a primitive list (design doc)"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, b, c]}}
        patch: {metadata: {$setElementOrder/finalizers: [b, c, a]}}
        expected: {metadata: {finalizers: [b, c, a]}}

      - name: "$setElementOrder naming a value the list lacks adds nothing"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a, c]}}
        patch: {metadata: {$setElementOrder/finalizers: [c, b, a]}}
        expected: {metadata: {finalizers: [c, a]}}

      - name: kubectl apply adding a container between two puts it where the manifest has it
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: a, image: a}, {name: c, image: c}]}}}}
        patch: {spec: {template: {spec: {$setElementOrder/containers: [{name: a}, {name: b}, {name: c}],
                                         containers: [{name: b, image: b}]}}}}
        expected: {spec: {template: {spec: {containers: [{name: a, image: a}, {name: b, image: b}, {name: c, image: c}]}}}}

      - name: kubectl apply adding a list the object lacks
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: a}]}}}}
        patch: {spec: {template: {spec: {$setElementOrder/volumes: [{name: v}], volumes: [{name: v, emptyDir: {}}]}}}}
        expected: {spec: {template: {spec: {containers: [{name: a}], volumes: [{name: v, emptyDir: {}}]}}}}

      - name: kubectl apply keeps a container the server added, after the manifest's ones
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: a}, {name: b}, {name: injected-sidecar}]}}}}
        patch: {spec: {template: {spec: {$setElementOrder/containers: [{name: a}, {name: b}, {name: c}],
                                         containers: [{name: c, image: c}]}}}}
        expected: {spec: {template: {spec: {containers: [{name: a}, {name: b}, {name: c, image: c}, {name: injected-sidecar}]}}}}

      - name: kubectl apply putting an env var in the middle, ordered by the manifest
        kind: v1/Pod
        original: {spec: {containers: [{name: web, env: [{name: A, value: "1"}, {name: C, value: "3"}]}]}}
        patch: {spec: {$setElementOrder/containers: [{name: web}], containers: [{name: web,
                $setElementOrder/env: [{name: A}, {name: B}, {name: C}], env: [{name: B, value: "2"}]}]}}
        expected: {spec: {containers: [{name: web, env: [{name: A, value: "1"}, {name: B, value: "2"}, {name: C, value: "3"}]}]}}

      - name: ports ordered by a numeric merge key
        kind: v1/Pod
        original: {spec: {containers: [{name: web, ports: [{containerPort: 443}, {containerPort: 80}]}]}}
        patch: {spec: {containers: [{name: web, $setElementOrder/ports: [{containerPort: 80}, {containerPort: 443}]}]}}
        expected: {spec: {containers: [{name: web, ports: [{containerPort: 80}, {containerPort: 443}]}]}}

      # --- what kubectl 1.32 sends -----------------------------------------------------------------
      - name: kubectl apply after a container is removed from the manifest
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: a, image: a}, {name: b, image: b}]}}}}
        patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}}}
        expected: {spec: {template: {spec: {containers: [{name: a, image: a}]}}}}

      - name: kubectl apply changing an image (kubectl-wire.md section 3)
        kind: apps/v1/Deployment
        original:
          metadata: {name: web, annotations: {kubectl.kubernetes.io/last-applied-configuration: "old\\n"}}
          spec: {replicas: 2, template: {spec: {containers: [
            {name: busybox, image: busybox, imagePullPolicy: Always, resources: {}}]}}}
        patch: {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new\\n"}},
                "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"busybox"}],
                                            "containers":[{"image":"busybox:1.36","name":"busybox"}]}}}}
        expected:
          metadata: {name: web, annotations: {kubectl.kubernetes.io/last-applied-configuration: "new\\n"}}
          spec: {replicas: 2, template: {spec: {containers: [
            {name: busybox, image: "busybox:1.36", imagePullPolicy: Always, resources: {}}]}}}

      - name: kubectl apply replacing container b by c
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [{name: a, image: a}, {name: b, image: b}]}}}}
        patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"}],
                                            "containers":[{"image":"c","name":"c"},{"$patch":"delete","name":"b"}]}}}}
        expected: {spec: {template: {spec: {containers: [{name: a, image: a}, {name: c, image: c}]}}}}

      - name: kubectl apply switching the strategy to Recreate
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}}
        patch: {"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}
        expected: {spec: {strategy: {type: Recreate}}}

      - name: kubectl set image on one of two containers keeps both, in order
        kind: apps/v1/Deployment
        original: {spec: {template: {spec: {containers: [
          {name: web, image: "nginx:1.26", ports: [{containerPort: 80}]}, {name: sidecar, image: envoy}]}}}}
        patch: {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
                                            "containers":[{"image":"nginx:1.27","name":"web"}]}}}}
        expected: {spec: {template: {spec: {containers: [
          {name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}, {name: sidecar, image: envoy}]}}}}

      - name: kubectl rollout restart stamps the pod template
        kind: apps/v1/Deployment
        original: {spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}}
        patch: {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-05-01T10:00:00Z"}}}}}
        expected: {spec: {template: {
          metadata: {labels: {app: web}, annotations: {kubectl.kubernetes.io/restartedAt: "2025-05-01T10:00:00Z"}},
          spec: {containers: [{name: web}]}}}}

      - name: a second rollout restart replaces the stamp
        kind: apps/v1/Deployment
        original: {spec: {template: {metadata: {annotations: {kubectl.kubernetes.io/restartedAt: "2025-05-01T10:00:00Z"}}}}}
        patch: {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-05-02T10:00:00Z"}}}}}
        expected: {spec: {template: {metadata: {annotations: {kubectl.kubernetes.io/restartedAt: "2025-05-02T10:00:00Z"}}}}}

      # --- errors: 400, never 500 ------------------------------------------------------------------
      - name: "$retainKeys must name every field the patch sets"
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate}}}
        patch: {spec: {strategy: {$retainKeys: [type], type: Recreate, rollingUpdate: {maxSurge: 1}}}}
        error: {code: 400, message: "invalid patch format of retainKeys"}

      - name: "$retainKeys must be a list"
        kind: apps/v1/Deployment
        original: {spec: {strategy: {type: RollingUpdate}}}
        patch: {spec: {strategy: {$retainKeys: type, type: Recreate}}}
        error: {code: 400, message: "invalid patch format of retainKeys"}

      - name: "$setElementOrder must agree with the order of the patch list"
        kind: v1/Pod
        original: {spec: {containers: [{name: a}, {name: c}, {name: b}]}}
        patch: {spec: {$setElementOrder/containers: [{name: a}, {name: b}, {name: c}], containers: [{name: c, image: c}, {name: a, image: a}]}}
        error: {code: 400, message: "doesn't match $setElementOrder list"}

      - name: "$setElementOrder needs a list name"
        kind: v1/Pod
        original: {spec: {containers: [{name: a}]}}
        patch: {spec: {$setElementOrder: [{name: a}]}}
        error: {code: 400, message: "invalid patch format of setElementOrder list"}

      - name: "$deleteFromPrimitiveList needs a list name"
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a]}}
        patch: {metadata: {$deleteFromPrimitiveList: [a]}}
        error: {code: 400, message: "invalid patch format of primitive list"}

      - name: an element of a merge list without its merge key
        kind: v1/Pod
        original: {spec: {containers: [{name: a, image: a}]}}
        patch: {spec: {containers: [{image: b}]}}
        error: {code: 400, message: "does not contain declared merge key: name"}

      - name: "$patch: delete without the merge key"
        kind: v1/Pod
        original: {spec: {containers: [{name: a}]}}
        patch: {spec: {containers: [{$patch: delete}]}}
        error: {code: 400, message: "does not contain declared merge key: name"}

      - name: an unknown $patch value
        kind: v1/Pod
        original: {metadata: {labels: {app: web}}}
        patch: {metadata: {labels: {$patch: remove}}}
        error: {code: 400, message: "unknown patch type"}

      - name: an unknown $patch value in a list element
        kind: v1/Pod
        original: {spec: {containers: [{name: a}]}}
        patch: {spec: {containers: [{$patch: upsert, name: a}]}}
        error: {code: 400, message: "unknown patch type"}

      - name: "$patch: merge as a list element is refused, as upstream"
        kind: v1/Pod
        original: {spec: {containers: [{name: a}]}}
        patch: {spec: {containers: [{$patch: merge}]}}
        error: {code: 400, message: "merging lists cannot yet be specified"}

      - name: an unknown directive
        kind: apps/v1/Deployment
        original: {spec: {replicas: 1}}
        patch: {spec: {$frobnicate: true}}
        error: {code: 400, message: "unknown directive $frobnicate"}
        upstream: {result: {spec: {$frobnicate: true, replicas: 1}}}
        why: upstream stores it as a field, which its typed decoding then drops or rejects

      - name: an unknown directive inside a field the object lacks
        kind: apps/v1/Deployment
        original: {spec: {replicas: 1}}
        patch: {spec: {strategy: {$frobnicate: true}}}
        error: {code: 400, message: "unknown directive $frobnicate"}
        upstream: {result: {spec: {replicas: 1, strategy: {$frobnicate: true}}}}
        why: upstream stores it as a field, which its typed decoding then drops or rejects

      - name: a list of lists
        kind: v1/ConfigMap
        original: {metadata: {finalizers: [a]}}
        patch: {metadata: {finalizers: [[b]]}}
        error: {code: 400, message: "lists of lists are not supported"}

      - name: a merge list mixing maps and strings
        kind: v1/Pod
        original: {spec: {containers: [{name: a}]}}
        patch: {spec: {containers: [b]}}
        error: {code: 400, message: "list element types are not identical"}
      """;
}
