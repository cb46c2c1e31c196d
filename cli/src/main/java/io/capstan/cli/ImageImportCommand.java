package io.capstan.cli;

import io.capstan.cli.cluster.LocalCluster;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.podman.PodmanImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    description = {
      "Loads an image archive (docker-archive or oci-archive tar, as `podman save` writes it)"
          + " into the local cluster's Podman, so pods can use it without a registry.",
      "Prints the loaded image references."
    })
class ImageImportCommand implements Callable<Integer> {

  /** Exit code when the archive is unusable or Podman refuses it. */
  static final int BAD_ARCHIVE = 2;
  /** Exit code when the cluster's Podman service is not running. */
  static final int NO_SERVICE = 3;

  @ParentCommand ImageCommand image;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<tar>", description = "The image archive.")
  Path archive;

  @Option(names = "--name", paramLabel = "<ref>", description = "Also tag the loaded image as <ref> (repository[:tag]).")
  String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem = archiveProblem(archive);
    if (problem != null) {
      err.println("capstan image import: " + problem);
      return BAD_ARCHIVE;
    }
    Path socket = LocalCluster.forCurrentJvm(image.parent.workspace()).podmanDir().resolve("podman.sock");
    PodmanImages podman = new PodmanImages(socket);
    try {
      podman.version();
    } catch (RuntimeError e) {
      err.println("capstan image import: the cluster's Podman service is not running at " + socket
          + " (start it with ./capstan up): " + e.getMessage());
      return NO_SERVICE;
    }
    try {
      List<String> loaded = podman.load(archive);
      if (loaded.isEmpty()) {
        err.println("capstan image import: Podman loaded no image from " + archive);
        return BAD_ARCHIVE;
      }
      if (name != null) {
        if (loaded.size() > 1) {
          err.println("capstan image import: --name needs an archive of one image, " + archive + " holds " + loaded);
          return BAD_ARCHIVE;
        }
        podman.tag(loaded.get(0), name);
        out.println(name);
      }
      loaded.forEach(out::println);
      out.flush();
      return 0;
    } catch (RuntimeError e) {
      err.println("capstan image import: " + archive + " is not a loadable image archive: " + e.getMessage());
      return BAD_ARCHIVE;
    }
  }

  /** Why the file cannot be an image archive, checked before Podman sees it; null when it may be. */
  static String archiveProblem(Path archive) {
    if (!Files.exists(archive)) return archive + ": no such file";
    if (!Files.isRegularFile(archive)) return archive + ": not a regular file";
    // A POSIX tar names "ustar" at offset 257 of its first 512-byte header.
    byte[] header = new byte[512];
    try (InputStream in = Files.newInputStream(archive)) {
      if (in.readNBytes(header, 0, 512) < 512
          || !new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
        return archive + ": not a tar archive (podman save writes one)";
      }
    } catch (IOException e) {
      return archive + ": cannot read: " + e.getMessage();
    }
    return null;
  }
}
