package io.capstan.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.security.PrivateKey;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real API server jar on free ports, against the suite's etcd and Kafka (with a relay between
 * them, so watches are served by the Kafka-fed watch cache as in {@code capstan up}), with a
 * cluster PKI made by the real {@code capstan init}. Started once per test suite (see
 * {@link #shared()}); writes an admin kubeconfig that kubectl and client libraries use as they
 * would against {@code capstan up}.
 */
public final class ApiServerProcess implements AutoCloseable {

  private static ApiServerProcess shared;
  private static RelayProcess relay;

  private final List<String> command;
  private Process process;
  private final Path home;
  private final int port;
  private final Path log;

  private ApiServerProcess(EtcdProcess etcd, String bootstrapServers, Path home) throws IOException, InterruptedException {
    this(etcd, bootstrapServers, home, List.of());
  }

  private ApiServerProcess(EtcdProcess etcd, String bootstrapServers, Path home, List<String> extraArgs)
      throws IOException, InterruptedException {
    Path repo = repositoryRoot();
    this.home = home;
    Files.createDirectories(home);
    run(List.of("java", "-jar", jar(repo, "cli/target", "cli-"), "init"), home, repo);
    this.port = ChildProcess.freePort();
    int management = ChildProcess.freePort();
    this.log = home.resolve("apiserver.log");
    // Benchmarks at thousands of nodes hold more in the watch cache than tests do.
    List<String> command = new ArrayList<>(List.of("java",
        "-Xmx" + System.getProperty("capstan.test.apiserver-heap", "384m"), "-jar",
        jar(repo, "services/apiserver/target", "apiserver-"),
        "--capstan.pki-dir=" + pki(),
        "--capstan.etcd.endpoints=" + etcd.endpoint(),
        "--capstan.kafka.bootstrap-servers=" + bootstrapServers,
        // Compact etcd often (Kubernetes' default is 5 minutes) so tests can see history expire.
        "--capstan.etcd.compaction-interval=10s",
        "--server.port=" + port,
        // Suites run side by side on one machine, each with a service proxy on the host: a
        // kubernetes Service IP of its own keeps their proxies from fighting over 10.96.0.1:443.
        "--capstan.kubernetes-service-ip=10.96.0." + java.util.concurrent.ThreadLocalRandom.current().nextInt(2, 255),
        "--management.server.port=" + management,
        "--spring.config.import=",
        // An empty import alone still reaches for a config server on 127.0.0.1:8888 (a running capstan up).
        "--spring.cloud.config.enabled=false"));
    command.addAll(extraArgs);
    this.command = List.copyOf(command);
    this.process = launch();
    writeKubeconfig();
    awaitReady(Duration.ofSeconds(180));
  }

  private Process launch() throws IOException {
    return new ProcessBuilder(command)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Stops the API server and starts it again on the same port, as an operator's restart would:
   * its watch cache starts empty and every open watch is cut.
   */
  public synchronized void restart() {
    stop();
    start();
  }

  /** Stops the API server (SIGTERM, then SIGKILL); {@link #start()} brings it back on the same port. */
  public synchronized void stop() {
    ChildProcess.stop(process, Duration.ofSeconds(10));
  }

  /** Starts a stopped API server again and waits until it is ready. */
  public synchronized void start() {
    if (process.isAlive()) throw new IllegalStateException("the API server is running");
    try {
      process = launch();
      awaitReady(Duration.ofSeconds(180));
    } catch (IOException e) {
      throw new IllegalStateException("cannot restart the API server: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted restarting the API server", e);
    }
  }

  /** The suite-wide API server (and its etcd), stopped when the JVM exits. */
  public static synchronized ApiServerProcess shared() {
    if (shared == null) {
      try {
        Path home = Path.of("target").toAbsolutePath().resolve("cluster-" + ProcessHandle.current().pid());
        EtcdProcess etcd = EtcdProcess.shared();
        KafkaProcess kafka = KafkaProcess.shared();
        RelayProcess started = new RelayProcess(etcd.endpoint(), kafka.bootstrapServers()).start();
        try {
          shared = new ApiServerProcess(etcd, kafka.bootstrapServers(), home);
        } catch (IOException | InterruptedException | RuntimeException e) {
          started.close(); // no shutdown hook is registered yet: the relay would outlive the JVM
          throw e;
        }
        relay = started;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the API server: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted starting the API server", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shared.close();
        relay.close();
      }, "apiserver-stop"));
    }
    return shared;
  }

  /**
   * A second API server on the suite's etcd and Kafka with a PKI of its own (made by
   * {@code capstan init} in {@code home}) and extra flags, for features the shared one leaves off
   * (OIDC, webhooks, ABAC, authorization modes). {@code argsForPki} gets the PKI directory once it exists,
   * before the server starts, and returns the extra flags (it may write files they name). The caller closes it.
   */
  public static ApiServerProcess startConfigured(Path home, java.util.function.Function<Path, List<String>> argsForPki) {
    shared();
    try {
      Files.createDirectories(home);
      run(List.of("java", "-jar", jar(repositoryRoot(), "cli/target", "cli-"), "init"), home, repositoryRoot());
      List<String> args = argsForPki.apply(home.resolve(".capstan/pki"));
      return new ApiServerProcess(EtcdProcess.shared(), KafkaProcess.shared().bootstrapServers(), home, args);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the API server: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting the API server", e);
    }
  }

  public URI url() {
    return URI.create("https://127.0.0.1:" + port);
  }

  public Path pki() {
    return home.resolve(".capstan/pki");
  }

  public Path kubeconfig() {
    return home.resolve("admin.kubeconfig");
  }

  /** An SSL context trusting the cluster CA (no client certificate): for anonymous probes. */
  public SSLContext trustingContext() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers(), null);
    return ctx;
  }

  private TrustManager[] trustManagers() throws Exception {
    X509Certificate ca;
    try (var in = Files.newInputStream(pki().resolve("ca.crt"))) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  /** An SSL context presenting the admin client certificate (system:masters) and trusting the cluster CA. */
  public SSLContext adminContext() throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate cert;
    try (var in = Files.newInputStream(pki().resolve("admin.crt"))) {
      cert = (X509Certificate) cf.generateCertificate(in);
    }
    PrivateKey key;
    try (var parser = new PEMParser(Files.newBufferedReader(pki().resolve("admin.key")))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      key = pem instanceof PEMKeyPair pair ? converter.getPrivateKey(pair.getPrivateKeyInfo())
          : converter.getPrivateKey((PrivateKeyInfo) pem);
    }
    char[] pass = "capstan".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("admin", key, pass, new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), trustManagers(), null);
    return ctx;
  }

  private void writeKubeconfig() throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    String kc = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: capstan
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: capstan-admin
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: capstan
          context:
            cluster: capstan
            user: capstan-admin
        current-context: capstan
        """.formatted(url(), b64.encodeToString(Files.readAllBytes(pki().resolve("ca.crt"))),
        b64.encodeToString(Files.readAllBytes(pki().resolve("admin.crt"))),
        b64.encodeToString(Files.readAllBytes(pki().resolve("admin.key"))));
    Files.writeString(kubeconfig(), kc);
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http;
    try {
      http = HttpClient.newBuilder().sslContext(trustingContext()).connectTimeout(Duration.ofSeconds(1)).build();
    } catch (Exception e) {
      throw new IOException("cannot read the cluster CA", e);
    }
    ChildProcess.awaitReady(process, "the API server", timeout, Duration.ofMillis(200), log, () -> {
      try {
        return http.send(HttpRequest.newBuilder(url().resolve("/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the API server", e);
      }
    }, this::close);
  }

  private static void run(List<String> command, Path home, Path repo) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    pb.environment().put("CAPSTAN_HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** The repository root: the nearest directory upwards holding the capstan launcher. */
  public static Path repositoryRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("capstan")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
    }
    throw new IOException("cannot find the repository root (the directory holding ./capstan)");
  }

  private static String jar(Path repo, String dir, String prefix) throws IOException {
    try (var files = Files.list(repo.resolve(dir))) {
      return files.map(Path::toString)
          .filter(p -> p.substring(p.lastIndexOf('/') + 1).startsWith(prefix) && p.endsWith(".jar")
              && (!prefix.startsWith("apiserver") || p.endsWith("-exec.jar")))
          .findFirst()
          .orElseThrow(() -> new IOException("no " + prefix + "*.jar in " + dir + ": build it first (mvn package)"));
    }
  }

  @Override
  public synchronized void close() {
    ChildProcess.stop(process, Duration.ofSeconds(10));
  }
}
