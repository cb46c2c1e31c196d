package io.capstan.e2e.support;

import io.capstan.auth.signer.PkiSigner;
import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The auth service's CSR signer for an apiserver of the suite, in this JVM, started once and
 * stopped at exit — as {@code capstan up} runs the auth service beside the apiserver, which does
 * not sign. Node agents need it (their HTTPS serving certificate comes from a CSR), and so does
 * any test that has a certificate issued.
 */
public final class SuiteSigner {
  private static final Map<ApiServerProcess, PkiSigner> SIGNERS = new IdentityHashMap<>();

  private SuiteSigner() {}

  public static synchronized void ensure(ApiServerProcess api) {
    if (SIGNERS.containsKey(api)) return;
    PkiSigner signer;
    try {
      signer = PkiSigner.start(api.url(), api.pki());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the suite's CSR signer", e);
    }
    SIGNERS.put(api, signer);
    Runtime.getRuntime().addShutdownHook(new Thread(signer::close, "suite-signer-stop"));
  }
}
