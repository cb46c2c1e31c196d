package io.capstan.nodeagent.volume;

import io.capstan.nodeagent.pod.ClusterObjects;
import io.capstan.nodeagent.pod.FieldPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pod volumes as host directories under {@code <state>/pods/<uid>/volumes/<name>}, bound into
 * containers: emptyDir (a tmpfs for medium Memory), hostPath, and configMap, secret, downwardAPI
 * and projected content (service-account tokens included) written atomically and rewritten when
 * the source changes or a token is refreshed ({@link #sync} is called on every pod sync, so
 * updates land within a sync period).
 */
public final class VolumeManager {

  /** A volume cannot be made yet (its configMap or secret is missing): the pod waits. */
  /** The lifetime of a projected token whose source names none (the API's default). */
  static final long DEFAULT_TOKEN_SECONDS = 3600;

  public static final class VolumeNotReady extends Exception {
    public VolumeNotReady(String message) {
      super(message);
    }

    public VolumeNotReady(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Path podsDir;
  private final ClusterObjects objects;
  private final Map<String, Quantity> allocatable;
  private final BoundTokenCache tokens;

  public VolumeManager(Path stateDir, ClusterObjects objects, Map<String, Quantity> allocatable) {
    this(stateDir, objects, allocatable, Clock.systemUTC());
  }

  public VolumeManager(Path stateDir, ClusterObjects objects, Map<String, Quantity> allocatable, Clock clock) {
    this.podsDir = stateDir.resolve("pods");
    this.objects = objects;
    this.allocatable = allocatable;
    this.tokens = new BoundTokenCache(objects, clock);
  }

  /** Creates or refreshes every volume of {@code pod}; returns volume name → host path. */
  public Map<String, Path> sync(Pod pod, String podIp, String hostIp) throws VolumeNotReady, IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume v : volumes) {
      Path dir = podsDir.resolve(pod.getMetadata().getUid()).resolve("volumes").resolve(v.getName());
      if (v.getHostPath() != null) {
        Path p = Path.of(v.getHostPath().getPath());
        String type = v.getHostPath().getType();
        if ("DirectoryOrCreate".equals(type)) Files.createDirectories(p);
        else if ("FileOrCreate".equals(type) && !Files.exists(p)) {
          Files.createDirectories(p.getParent());
          Files.createFile(p);
        } else if (!Files.exists(p) && type != null && !type.isEmpty()) {
          throw new VolumeNotReady("hostPath " + p + " does not exist (type " + type + ")");
        } else if (!Files.exists(p)) Files.createDirectories(p);
        out.put(v.getName(), p);
      } else if (v.getEmptyDir() != null) {
        boolean fresh = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (fresh) Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        if ("Memory".equals(v.getEmptyDir().getMedium()) && fresh) mountTmpfs(dir, v.getEmptyDir().getSizeLimit());
        out.put(v.getName(), dir);
      } else if (v.getConfigMap() != null) {
        var src = v.getConfigMap();
        AtomicDirectory.write(dir, configMapFiles(pod, src.getName(), src.getItems(), src.getOptional()));
        out.put(v.getName(), dir);
      } else if (v.getSecret() != null) {
        var src = v.getSecret();
        AtomicDirectory.write(dir, secretFiles(pod, src.getSecretName(), src.getItems(), src.getOptional()));
        out.put(v.getName(), dir);
      } else if (v.getDownwardAPI() != null) {
        AtomicDirectory.write(dir, downwardFiles(pod, v.getDownwardAPI().getItems(), podIp, hostIp));
        out.put(v.getName(), dir);
      } else if (v.getProjected() != null) {
        AtomicDirectory.write(dir, projectedFiles(pod, v.getProjected(), podIp, hostIp));
        out.put(v.getName(), dir);
      } else {
        throw new VolumeNotReady("volume \"" + v.getName() + "\": this kind of volume is not supported by the node agent");
      }
    }
    return out;
  }

  /**
   * A projected volume: the files of every source in one directory (Kubernetes' projected volume),
   * the service-account token bound to the pod and refreshed by {@link BoundTokenCache}.
   */
  private Map<String, byte[]> projectedFiles(Pod pod, ProjectedVolumeSource projected, String podIp, String hostIp)
      throws VolumeNotReady {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (VolumeProjection source : projected.getSources()) {
      if (source.getConfigMap() != null) {
        var cm = source.getConfigMap();
        files.putAll(configMapFiles(pod, cm.getName(), cm.getItems(), cm.getOptional()));
      } else if (source.getSecret() != null) {
        var sec = source.getSecret();
        files.putAll(secretFiles(pod, sec.getName(), sec.getItems(), sec.getOptional()));
      } else if (source.getDownwardAPI() != null) {
        files.putAll(downwardFiles(pod, source.getDownwardAPI().getItems(), podIp, hostIp));
      } else if (source.getServiceAccountToken() != null) {
        var t = source.getServiceAccountToken();
        long seconds = t.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : t.getExpirationSeconds();
        files.put(t.getPath(), tokens.token(pod, t.getAudience(), seconds).getBytes(StandardCharsets.UTF_8));
      } else {
        throw new VolumeNotReady("projected volume source is not supported by the node agent");
      }
    }
    return files;
  }

  private Map<String, byte[]> configMapFiles(Pod pod, String name, List<KeyToPath> items, Boolean optional)
      throws VolumeNotReady {
    Optional<ConfigMap> cm = read("configmap", name, () -> objects.configMap(pod.getMetadata().getNamespace(), name));
    if (cm.isEmpty() && !Boolean.TRUE.equals(optional)) throw new VolumeNotReady("configmap \"" + name + "\" not found");
    Map<String, byte[]> all = new LinkedHashMap<>();
    cm.ifPresent(c -> {
      if (c.getData() != null) c.getData().forEach((k, val) -> all.put(k, val.getBytes(StandardCharsets.UTF_8)));
      if (c.getBinaryData() != null) c.getBinaryData().forEach((k, val) -> all.put(k, Base64.getDecoder().decode(val)));
    });
    return select(all, items);
  }

  private Map<String, byte[]> secretFiles(Pod pod, String name, List<KeyToPath> items, Boolean optional)
      throws VolumeNotReady {
    Optional<Secret> s = read("secret", name, () -> objects.secret(pod.getMetadata().getNamespace(), name));
    if (s.isEmpty() && !Boolean.TRUE.equals(optional)) throw new VolumeNotReady("secret \"" + name + "\" not found");
    Map<String, byte[]> all = new LinkedHashMap<>();
    s.ifPresent(sec -> {
      if (sec.getData() != null) sec.getData().forEach((k, val) -> all.put(k, Base64.getDecoder().decode(val)));
      if (sec.getStringData() != null) sec.getStringData().forEach((k, val) -> all.put(k, val.getBytes(StandardCharsets.UTF_8)));
    });
    return select(all, items);
  }

  /** A read that failed (refused, not listed in time) is a volume not ready, so the pod gets a FailedMount event. */
  private static <T> Optional<T> read(String kind, String name, Supplier<Optional<T>> read) throws VolumeNotReady {
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw new VolumeNotReady("cannot read " + kind + " \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private Map<String, byte[]> downwardFiles(Pod pod, List<DownwardAPIVolumeFile> items, String podIp, String hostIp) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (var item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      String value = item.getFieldRef() != null
          ? FieldPaths.field(pod, item.getFieldRef().getFieldPath(), podIp, hostIp)
          : FieldPaths.resource(pod, item.getResourceFieldRef(), pod.getSpec().getContainers().get(0), allocatable);
      files.put(item.getPath(), (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static Map<String, byte[]> select(Map<String, byte[]> all, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) return all;
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (KeyToPath i : items) if (all.containsKey(i.getKey())) out.put(i.getPath(), all.get(i.getKey()));
    return out;
  }

  private static void mountTmpfs(Path dir, Quantity size) throws IOException {
    String opts = size == null ? "mode=1777" : "mode=1777,size=" + size.getNumericalAmount().toBigInteger();
    run(List.of("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir.toString()));
  }

  /** Unmounts and deletes everything of pod {@code uid}. */
  public void cleanup(String uid) throws IOException {
    tokens.forget(uid);
    Path dir = podsDir.resolve(uid);
    if (!Files.exists(dir)) return;
    Path volumes = dir.resolve("volumes");
    if (Files.isDirectory(volumes)) {
      try (var list = Files.list(volumes)) {
        for (Path v : list.toList()) {
          if (isMountPoint(v)) run(List.of("umount", v.toString()));
        }
      }
    }
    AtomicDirectory.deleteTree(dir);
  }

  private static boolean isMountPoint(Path p) throws IOException {
    String abs = p.toAbsolutePath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] cols = line.split(" ");
      if (cols.length > 1 && cols[1].equals(abs)) return true;
    }
    return false;
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}
