package io.capstan.nodeagent.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node API serving a valid certificate: at start the saved one if it is still good for
 * the node's current addresses, else a new one from the issuer ({@link ServingCertificateRequester}); later,
 * {@link #renewIfDue()} (on a timer) requests a new one once 80% of its life has passed or the
 * node's addresses changed.
 */
public final class ServingCertificateRotation {
  private static final Logger log = LoggerFactory.getLogger(ServingCertificateRotation.class);

  /** The node's addresses a serving certificate must name. */
  public record Addresses(Set<String> ips, Set<String> dnsNames) {}

  /** Issues a new serving certificate for these addresses, waiting as long as that takes. */
  @FunctionalInterface
  public interface Issuer {
    ServingCertificate request(Set<String> ips, Set<String> dnsNames) throws InterruptedException;
  }

  private final NodeApiTls tls;
  private final Issuer requester;
  private final Supplier<Addresses> addresses;
  private final Path dir;
  private final Clock clock;
  private volatile ServingCertificate current;

  public ServingCertificateRotation(NodeApiTls tls, Issuer requester,
      Supplier<Addresses> addresses, Path dir, Clock clock) {
    this.tls = tls;
    this.requester = requester;
    this.addresses = addresses;
    this.dir = dir;
    this.clock = clock;
  }

  /** Serves the saved certificate if it is still good, else requests one and waits for it. */
  public void ensure() throws InterruptedException {
    Addresses a = addresses.get();
    Optional<ServingCertificate> saved = ServingCertificate.load(dir);
    if (saved.isPresent() && saved.get().usable(clock.instant(), tls.clientCas(), a.ips(), a.dnsNames())) {
      use(saved.get(), false);
      return;
    }
    use(requester.request(a.ips(), a.dnsNames()), true);
  }

  /** Requests a new certificate when the current one is due or names other addresses than the node's. */
  public void renewIfDue() throws InterruptedException {
    Addresses a = addresses.get();
    ServingCertificate c = current;
    if (c != null && c.usable(clock.instant(), tls.clientCas(), a.ips(), a.dnsNames())) return;
    log.info("renewing the node API's serving certificate");
    use(requester.request(a.ips(), a.dnsNames()), true);
  }

  private void use(ServingCertificate c, boolean save) {
    if (save) {
      try {
        c.save(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the serving certificate in " + dir, e);
      }
    }
    tls.serve(c);
    current = c;
    log.info("node API serves {} until {}", c.leaf().getSubjectX500Principal().getName(), c.leaf().getNotAfter());
  }
}
