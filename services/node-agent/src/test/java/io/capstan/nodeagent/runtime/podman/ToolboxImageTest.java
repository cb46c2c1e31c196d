package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading ldd's output as Debian's glibc prints it. */
class ToolboxImageTest {
  @Test
  void everyLibraryAndTheLoaderButNotTheVdso() {
    String ldd = """
        \tlinux-vdso.so.1 (0x00007fcf5b53c000)
        \tlibcurl.so.4 => /lib/x86_64-linux-gnu/libcurl.so.4 (0x00007fcf5b437000)
        \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007fcf5b418000)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007fcf5b53e000)
        """;
    assertThat(ToolboxImage.libraries(ldd)).containsExactly(Path.of("/lib/x86_64-linux-gnu/libcurl.so.4"),
        Path.of("/lib/x86_64-linux-gnu/libz.so.1"), Path.of("/lib64/ld-linux-x86-64.so.2"));
  }
}
