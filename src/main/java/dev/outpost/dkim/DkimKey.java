package dev.outpost.dkim;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signing key of a domain.
 *
 * @param domain the signing domain ({@code d=}), lower case, in A-label form
 * @param selector the selector ({@code s=}); the public key is published at
 *     {@code selector._domainkey.domain}
 * @param publicKey the {@code p=} bytes: a DER SubjectPublicKeyInfo for RSA, the raw 32-byte key
 *     for Ed25519 (RFC 8463 §4.2)
 */
public record DkimKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey,
    byte[] publicKey) {

  public DkimKey {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The name the TXT record lives at, absolute. */
  public String recordName() {
    return selector + "._domainkey." + domain + ".";
  }

  /** The TXT record's text, as one string: {@code v=DKIM1; k=rsa; p=...}. */
  public String recordText() {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(publicKey);
  }

  /**
   * The record as a zone file line. A TXT string holds at most 255 octets (RFC 1035 §3.3.14), so
   * a 2048-bit RSA key is split into several strings, which a resolver joins back into one.
   */
  public String zoneFileLine() {
    String text = recordText();
    StringBuilder line = new StringBuilder(recordName()).append(" IN TXT");
    for (int i = 0; i < text.length(); i += 255) {
      line.append(" \"").append(text, i, Math.min(text.length(), i + 255)).append('"');
    }
    return line.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DkimKey k && domain.equals(k.domain) && selector.equals(k.selector)
        && algorithm == k.algorithm && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return (domain + '/' + selector).hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "DkimKey[" + domain + ", " + selector + ", " + algorithm + "]";
  }
}
