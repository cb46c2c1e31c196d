package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @TempDir Path dir;

  @Test
  void explicitHomeWinsThenEnvironmentThenTheLauncherAboveTheWorkingDirectory() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("capstan"), "#!/bin/bash\n");
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Path deep = Files.createDirectories(repo.resolve("services/apiserver/src"));

    assertThat(Workspace.locate(dir, "/elsewhere", deep).home()).isEqualTo(dir);
    assertThat(Workspace.locate(null, "/elsewhere", deep).home()).isEqualTo(Path.of("/elsewhere"));
    assertThat(Workspace.locate(null, null, deep).home()).isEqualTo(repo);
    assertThat(Workspace.locate(null, "", dir).home()).isEqualTo(dir);
  }

  @Test
  void stateLivesUnderDotCapstan() {
    Workspace workspace = new Workspace(Path.of("/srv/capstan"));

    assertThat(workspace.pidFile("etcd")).isEqualTo(Path.of("/srv/capstan/.capstan/run/etcd.pid"));
    assertThat(workspace.logFile("etcd")).isEqualTo(Path.of("/srv/capstan/.capstan/logs/etcd.log"));
    assertThat(workspace.kubeconfig())
        .isEqualTo(Path.of("/srv/capstan/.capstan/admin.kubeconfig"));
  }
}
