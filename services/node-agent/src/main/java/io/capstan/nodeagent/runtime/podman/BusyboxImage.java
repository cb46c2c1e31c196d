package io.capstan.nodeagent.runtime.podman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code localhost/capstan/busybox} without a registry: a root filesystem of the host's
 * static busybox with every applet linked in, imported through the libpod API, tagged {@code :1}
 * (what the tests name) and {@code :latest} (what {@code kubectl run --image=localhost/capstan/busybox}
 * means). A {@code latest} image defaults to {@code imagePullPolicy: Always}; the node agent does
 * not pull {@code localhost/} images it has (see PodSyncer), so both names run without a registry.
 */
public final class BusyboxImage {
  public static final String REFERENCE = "localhost/capstan/busybox:1";
  public static final String LATEST = "localhost/capstan/busybox:latest";
  /** Debian's busybox-static on the host, which the image is built from (capstan installs it). */
  public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

  private BusyboxImage() {}

  /** Imports the image unless it is present. @return whether it was built */
  public static boolean ensure(PodmanRuntime podman, Path busybox, Path workDir) throws IOException {
    boolean built = false;
    if (podman.imageId(REFERENCE).isEmpty()) {
      podman.importImage(tar(busybox, workDir), REFERENCE,
          List.of("CMD [\"/bin/sh\"]", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
      built = true;
    }
    if (podman.imageId(LATEST).isEmpty()) podman.tagImage(REFERENCE, LATEST);
    return built;
  }

  /** The root filesystem as a tar. */
  public static byte[] tar(Path busybox, Path workDir) throws IOException {
    Path rootfs = workDir.resolve("busybox-rootfs");
    rootfs(busybox, rootfs);
    return tarOf(rootfs, workDir);
  }

  /** Lays out the busybox root filesystem in {@code rootfs} (emptied first). */
  static void rootfs(Path busybox, Path rootfs) throws IOException {
    if (Files.exists(rootfs)) run(List.of("rm", "-rf", rootfs.toString()));
    for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "tmp", "root", "proc", "sys", "dev", "var/www")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.copy(busybox, rootfs.resolve("bin/busybox"));
    Files.setPosixFilePermissions(rootfs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    // `busybox --list-full` names every applet's path (bin/sh, usr/bin/nc, ...): link each one.
    for (String applet : run(List.of(busybox.toString(), "--list-full")).split("\n")) {
      if (applet.isBlank()) continue;
      Path link = rootfs.resolve(applet.trim());
      if (Files.exists(link)) continue;
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of("/bin/busybox"));
    }
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    Files.writeString(rootfs.resolve("etc/hostname"), "busybox\n");
    Files.writeString(rootfs.resolve("etc/hosts"), "");
    Files.writeString(rootfs.resolve("etc/resolv.conf"), "");
  }

  /** {@code rootfs} as a tar; the directory is removed afterwards. */
  static byte[] tarOf(Path rootfs, Path workDir) throws IOException {
    Path tar = workDir.resolve(rootfs.getFileName() + ".tar");
    run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
    byte[] bytes = Files.readAllBytes(tar);
    Files.delete(tar);
    run(List.of("rm", "-rf", rootfs.toString()));
    return bytes;
  }

  static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + cmd, e);
    }
    return out;
  }
}
