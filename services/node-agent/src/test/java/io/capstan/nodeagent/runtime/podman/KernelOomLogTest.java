package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing the kernel's oom-kill records, as this host's kernel writes them under Podman with cgroupfs. */
class KernelOomLogTest {
  static final String ID = "904d6dacc755c90245c5495c19db2bf0574c805057c7fd9eb2d68bbcb6cf5bbf";

  @Test
  void theKilledTasksMemoryCgroupNamesTheContainer() {
    String record = "6,4570,32381989685,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=libpod-" + ID
        + ",mems_allowed=0,oom_memcg=/libpod_parent/libpod-" + ID + ",task_memcg=/libpod_parent/abc/libpod-" + ID
        + ",task=tail,pid=6445,uid=0\n";
    assertThat(KernelOomLog.containerOf(record)).contains(ID);
    KernelOomLog log = new KernelOomLog();
    log.accept(record);
    assertThat(log.killedIn(ID)).isTrue();
    log.forget(ID);
    assertThat(log.killedIn(ID)).isFalse();
  }

  @Test
  void systemdScopesAndForeignRecordsAreHandled() {
    assertThat(KernelOomLog.containerOf("6,1,2,-;oom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/machine.slice/libpod-"
        + ID + ".scope,task=x,pid=1,uid=0")).contains(ID);
    assertThat(KernelOomLog.containerOf("6,1,2,-;oom-kill:constraint=CONSTRAINT_NONE,task_memcg=/user.slice,task=x"))
        .isEmpty();
    assertThat(KernelOomLog.containerOf("3,4571,1,-;Memory cgroup out of memory: Killed process 6445 (tail)")).isEmpty();
  }
}
