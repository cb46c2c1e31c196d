package io.capstan.proxy.address;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service IPs as /32 addresses on the loopback interface, through iproute2 ({@code ip addr add
 * <ip>/32 dev lo label lo:<tag>}; needs root or CAP_NET_ADMIN). The label marks the addresses as
 * this proxy's: addresses with it that an earlier, crashed run left behind are adopted at start,
 * so they are removed once no service needs them. An address that already exists without the
 * label belongs to someone else and is never removed.
 */
public final class LoopbackAddresses implements ServiceAddresses {
  private static final Logger log = LoggerFactory.getLogger(LoopbackAddresses.class);
  private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/32 .*\\b(lo:[^\\s\\\\]+)");

  private final String device;
  private final String label;
  private final Set<String> held = new LinkedHashSet<>();

  /** @param label at most 15 characters, starting with {@code device + ":"} (the kernel's rule) */
  public LoopbackAddresses(String device, String label) throws IOException {
    if (!label.startsWith(device + ":") || label.length() > 15) {
      throw new IllegalArgumentException("label must start with " + device + ": and have at most 15 characters: " + label);
    }
    this.device = device;
    this.label = label;
    held.addAll(labelled());
    if (!held.isEmpty()) log.info("adopted {} service addresses on {} from an earlier run: {}", held.size(), device, held);
  }

  public static LoopbackAddresses onLo(String label) throws IOException {
    return new LoopbackAddresses("lo", label);
  }

  private List<String> labelled() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : ip("-4", "-o", "addr", "show", "dev", device).output().split("\n")) {
      Matcher m = INET.matcher(line);
      if (m.find() && m.group(2).equals(label)) out.add(m.group(1));
    }
    return out;
  }

  @Override
  public synchronized void add(String ip) throws IOException {
    if (held.contains(ip)) return;
    Result r = ip("addr", "add", ip + "/32", "dev", device, "label", label);
    if (r.exit() == 0) {
      held.add(ip);
    } else if (!r.output().contains("already assigned") && !r.output().contains("File exists")) {
      throw new IOException("ip addr add " + ip + "/32 dev " + device + " failed (" + r.exit() + "): " + r.output().trim());
    }
  }

  @Override
  public synchronized void remove(String ip) {
    if (!held.remove(ip)) return;
    try {
      Result r = ip("addr", "del", ip + "/32", "dev", device);
      if (r.exit() != 0 && !r.output().contains("Cannot assign")) {
        log.warn("ip addr del {}/32 dev {} failed ({}): {}", ip, device, r.exit(), r.output().trim());
      }
    } catch (IOException e) {
      log.warn("cannot remove {} from {}", ip, device, e);
    }
  }

  @Override
  public synchronized Set<String> held() {
    return Set.copyOf(held);
  }

  @Override
  public synchronized void close() {
    for (String ip : List.copyOf(held)) remove(ip);
  }

  private record Result(int exit, String output) {}

  private static Result ip(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish in 10 s");
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + String.join(" ", cmd), e);
    }
  }
}
