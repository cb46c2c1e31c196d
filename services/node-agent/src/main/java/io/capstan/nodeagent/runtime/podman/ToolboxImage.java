package io.capstan.nodeagent.runtime.podman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@code localhost/capstan/toolbox:1} without a registry: the busybox image plus the host's
 * {@code curl} with every shared library {@code ldd} lists (and the dynamic loader) at the same
 * paths, and the host's CA bundle at curl's default path — a TLS client for pods, which busybox
 * lacks (its {@code wget} has no usable TLS). glibc 2.34+ carries the DNS and files resolvers in
 * libc itself, so names resolve through the pod's resolv.conf without NSS modules.
 */
public final class ToolboxImage {
  public static final String REFERENCE = "localhost/capstan/toolbox:1";
  static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
  /** {@code libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)} or {@code /lib64/ld-linux-x86-64.so.2 (0x...)}. */
  private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

  private ToolboxImage() {}

  /** Imports the image unless it is present. @return whether it was built */
  public static boolean ensure(PodmanRuntime podman, Path busybox, Path curl, Path workDir) throws IOException {
    if (podman.imageId(REFERENCE).isPresent()) return false;
    Path rootfs = workDir.resolve("toolbox-rootfs");
    BusyboxImage.rootfs(busybox, rootfs);
    copy(curl, rootfs, "usr/bin/curl");
    for (Path lib : libraries(BusyboxImage.run(List.of("ldd", curl.toString())))) copy(lib, rootfs, null);
    if (Files.isReadable(CA_BUNDLE)) copy(CA_BUNDLE, rootfs, null);
    podman.importImage(BusyboxImage.tarOf(rootfs, workDir), REFERENCE,
        List.of("CMD [\"/bin/sh\"]", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    return true;
  }

  /** The absolute library paths in {@code ldd}'s output (the vDSO has none). */
  static List<Path> libraries(String lddOutput) {
    List<Path> out = new ArrayList<>();
    for (String line : lddOutput.split("\n")) {
      Matcher m = LIBRARY.matcher(line);
      if (m.find()) out.add(Path.of(m.group(1)));
    }
    return out;
  }

  /** Copies the file's content (symlinks followed) to the same path, or {@code at}, inside {@code rootfs}. */
  private static void copy(Path file, Path rootfs, String at) throws IOException {
    Path target = rootfs.resolve(at != null ? at : file.toString().substring(1));
    Files.createDirectories(target.getParent());
    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
