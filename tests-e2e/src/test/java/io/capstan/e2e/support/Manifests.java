package io.capstan.e2e.support;

/** YAML manifests of the kinds the tests create with {@code kubectl create -f}. */
public final class Manifests {

  private Manifests() {}

  public static String deployment(String namespace, String name, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
          namespace: %2$s
          labels:
            app: %1$s
        spec:
          replicas: %3$d
          selector:
            matchLabels:
              app: %1$s
          template:
            metadata:
              labels:
                app: %1$s
            spec:
              containers:
              - name: main
                image: %4$s
                ports:
                - containerPort: 80
        """.formatted(name, namespace, replicas, image);
  }

  public static String service(String namespace, String name, int port) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          selector:
            app: %1$s
          ports:
          - port: %3$d
            targetPort: 80
        """.formatted(name, namespace, port);
  }

  /** A ConfigMap whose data keys are {@code k0..k(keys-1)}, each with {@code value}. */
  public static String configMap(String namespace, String name, int keys, String value) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < keys; i++) data.append("  k").append(i).append(": \"").append(value).append("\"\n");
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
        data:
        %s""".formatted(name, namespace, data);
  }

  /** A bare pod (no owner, no node); {@code app} may be null for a pod without labels. */
  public static String pod(String namespace, String name, String app) {
    String labels = app == null ? "" : "  labels:\n    app: " + app + "\n";
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
        %s\
        spec:
          containers:
          - name: main
            image: busybox:1.36
        """.formatted(name, namespace, labels);
  }

  /** Several manifests in one multi-document YAML file. */
  public static String all(String... documents) {
    return String.join("---\n", documents);
  }
}
