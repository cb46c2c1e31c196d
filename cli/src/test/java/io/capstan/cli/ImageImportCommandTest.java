package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanImages;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.testing.PodmanService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan image import} against the suite's real Podman service. */
class ImageImportCommandTest {

  @TempDir Path home;
  private PodmanImages images;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void linkClusterSocketToTheSuitesPodman() throws Exception {
    PodmanService service = PodmanService.shared();
    BusyboxImage.ensure(new PodmanRuntime(service.socket(), null, "cli-test"), Path.of("/bin/busybox"),
        service.stateDir());
    images = new PodmanImages(service.socket());
    // The command finds the socket where `capstan up` puts it: .capstan/podman/podman.sock.
    Files.createDirectories(home.resolve(".capstan/podman"));
    Files.createSymbolicLink(home.resolve(".capstan/podman/podman.sock"), service.socket());
  }

  private int capstan(String... args) {
    CommandLine cli = new CommandLine(new CapstanCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.execute(all);
  }

  @Test
  void importsAnArchiveSavedFromPodmanAndTagsItWithName() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String saved = "localhost/capstan/import-src-" + id + ":v1";
    String named = "localhost/capstan/imported-" + id + ":v2";
    images.tag(BusyboxImage.REFERENCE, saved);
    Path archive = home.resolve("busybox.tar");
    images.save(saved, archive);
    images.remove(saved);
    assertThat(images.references()).doesNotContain(saved);

    int code = capstan("image", "import", archive.toString(), "--name", named);

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList()).contains(saved, named);
    assertThat(images.references()).contains(saved, named);
    images.remove(saved);
    images.remove(named);
  }

  @Test
  void missingFileIsAnErrorNamingIt() {
    int code = capstan("image", "import", home.resolve("nope.tar").toString());

    assertThat(code).isEqualTo(ImageImportCommand.BAD_ARCHIVE);
    assertThat(err.toString()).contains("nope.tar: no such file");
  }

  @Test
  void aFileThatIsNotATarIsRefusedBeforePodman() throws Exception {
    Path notTar = Files.writeString(home.resolve("notes.tar"), "just text\n".repeat(100));

    assertThat(capstan("image", "import", notTar.toString())).isEqualTo(ImageImportCommand.BAD_ARCHIVE);
    assertThat(err.toString()).contains("not a tar archive");
  }

  @Test
  void aTarThatIsNotAnImageIsRefusedByPodman() throws Exception {
    Path dir = Files.createDirectories(home.resolve("plain"));
    Files.writeString(dir.resolve("hello.txt"), "hello\n");
    Path tar = home.resolve("plain.tar");
    Process p = new ProcessBuilder("tar", "--format=ustar", "-C", dir.toString(), "-cf", tar.toString(), ".")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();

    assertThat(capstan("image", "import", tar.toString())).isEqualTo(ImageImportCommand.BAD_ARCHIVE);
    assertThat(err.toString()).contains("is not a loadable image archive");
  }

  @Test
  void noPodmanServiceIsAnErrorSayingSo() throws Exception {
    Files.delete(home.resolve(".capstan/podman/podman.sock"));
    Path tar = home.resolve("busybox.tar");
    images.save(BusyboxImage.REFERENCE, tar);

    assertThat(capstan("image", "import", tar.toString())).isEqualTo(ImageImportCommand.NO_SERVICE);
    assertThat(err.toString()).contains("Podman service is not running");
  }
}
