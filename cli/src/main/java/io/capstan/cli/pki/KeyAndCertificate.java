package io.capstan.cli.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and the private key for its public key. */
public record KeyAndCertificate(X509Certificate certificate, PrivateKey privateKey) {}
