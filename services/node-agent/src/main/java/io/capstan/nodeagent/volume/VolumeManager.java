package io.capstan.nodeagent.volume;

import io.capstan.nodeagent.pod.ClusterObjects;
import io.capstan.nodeagent.pod.FieldPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pod volumes as host directories under {@code <state>/pods/<uid>/volumes/<name>}, bound into
 * containers: emptyDir (a tmpfs for medium Memory), hostPath, and configMap, secret and
 * downwardAPI content written atomically and rewritten when the source changes ({@link #sync}
 * is called on every pod sync, so updates land within a sync period).
 */
public final class VolumeManager {

  /** A volume cannot be made yet (its configMap or secret is missing): the pod waits. */
  public static final class VolumeNotReady extends Exception {
    public VolumeNotReady(String message) {
      super(message);
    }
  }

  private final Path podsDir;
  private final ClusterObjects objects;
  private final Map<String, Quantity> allocatable;

  public VolumeManager(Path stateDir, ClusterObjects objects, Map<String, Quantity> allocatable) {
    this.podsDir = stateDir.resolve("pods");
    this.objects = objects;
    this.allocatable = allocatable;
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
        Optional<ConfigMap> cm = objects.configMap(pod.getMetadata().getNamespace(), src.getName());
        if (cm.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
          throw new VolumeNotReady("configmap \"" + src.getName() + "\" not found");
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        cm.ifPresent(c -> {
          if (c.getData() != null) c.getData().forEach((k, val) -> all.put(k, val.getBytes(StandardCharsets.UTF_8)));
          if (c.getBinaryData() != null) c.getBinaryData().forEach((k, val) -> all.put(k, Base64.getDecoder().decode(val)));
        });
        AtomicDirectory.write(dir, select(all, src.getItems()));
        out.put(v.getName(), dir);
      } else if (v.getSecret() != null) {
        var src = v.getSecret();
        Optional<Secret> s = objects.secret(pod.getMetadata().getNamespace(), src.getSecretName());
        if (s.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
          throw new VolumeNotReady("secret \"" + src.getSecretName() + "\" not found");
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        s.ifPresent(sec -> {
          if (sec.getData() != null) sec.getData().forEach((k, val) -> all.put(k, Base64.getDecoder().decode(val)));
          if (sec.getStringData() != null) sec.getStringData().forEach((k, val) -> all.put(k, val.getBytes(StandardCharsets.UTF_8)));
        });
        AtomicDirectory.write(dir, select(all, src.getItems()));
        out.put(v.getName(), dir);
      } else if (v.getDownwardAPI() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (var item : v.getDownwardAPI().getItems()) {
          String value = item.getFieldRef() != null
              ? FieldPaths.field(pod, item.getFieldRef().getFieldPath(), podIp, hostIp)
              : FieldPaths.resource(pod, item.getResourceFieldRef(), pod.getSpec().getContainers().get(0), allocatable);
          files.put(item.getPath(), (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
        }
        AtomicDirectory.write(dir, files);
        out.put(v.getName(), dir);
      } else {
        throw new VolumeNotReady("volume \"" + v.getName() + "\": this kind of volume is not supported by the node agent");
      }
    }
    return out;
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
