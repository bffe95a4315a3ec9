package dev.outpost.reputation;

import java.util.Arrays;
import java.util.Base64;

/**
 * A DKIM public key that should be published for a domain.
 *
 * @param selector the selector: the key record is at {@code selector._domainkey.domain}
 * @param keyType {@code rsa} or {@code ed25519}, the {@code k=} tag
 * @param publicKey the {@code p=} value decoded: SubjectPublicKeyInfo DER for RSA (RFC 6376
 *     3.6.1), the raw 32-byte key for Ed25519 (RFC 8463 4.2)
 */
public record DkimPublicKey(String selector, String keyType, byte[] publicKey) {

  public DkimPublicKey {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  boolean matches(byte[] published) {
    return Arrays.equals(publicKey, published);
  }

  /** The TXT record text to publish. */
  public String txtRecord() {
    return "v=DKIM1; k=" + keyType + "; p=" + Base64.getEncoder().encodeToString(publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DkimPublicKey k && k.selector.equals(selector) && k.keyType.equals(keyType)
        && Arrays.equals(k.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return selector.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "DkimPublicKey[" + selector + ", " + keyType + "]";
  }
}
