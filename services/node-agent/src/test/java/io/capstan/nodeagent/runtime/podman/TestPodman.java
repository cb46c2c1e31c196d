package io.capstan.nodeagent.runtime.podman;

import io.capstan.testing.PodmanService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** A runtime on the suite's Podman service with a network of its own (random name and /24). */
public final class TestPodman {
  private TestPodman() {}

  public static PodmanRuntime runtime(String node) throws IOException {
    PodmanService service = PodmanService.shared();
    int r = ThreadLocalRandom.current().nextInt(1 << 16);
    String suffix = Integer.toString(r, 36);
    var network = new PodmanRuntime.Network("capstan-t" + suffix, "cpt" + suffix,
        "10." + (200 + (r >> 8) % 50) + "." + (r & 0xff) + ".0/24", "10." + (200 + (r >> 8) % 50) + "." + (r & 0xff) + ".1");
    PodmanRuntime runtime = new PodmanRuntime(service.socket(), network, node);
    runtime.prepare();
    BusyboxImage.ensure(runtime, Path.of("/bin/busybox"), service.stateDir());
    return runtime;
  }
}
