package dev.outpost.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key and the certificate chain for it, leaf first. */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

  public CertifiedKey {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) throw new IllegalArgumentException("a certificate chain needs at least one certificate");
  }

  public X509Certificate leaf() {
    return chain.getFirst();
  }
}
