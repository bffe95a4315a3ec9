package dev.outpost.dkim;

import java.util.Locale;

/**
 * The two signing algorithms Outpost offers. RSA is what every receiver verifies; Ed25519
 * (RFC 8463) is smaller and faster but not yet verified everywhere, so it is added as a second
 * signature beside an RSA one, never instead of it.
 */
public enum DkimAlgorithm {
  RSA("rsa", "rsa-sha256"),
  ED25519("ed25519", "ed25519-sha256");

  private final String keyType;
  private final String signatureTag;

  DkimAlgorithm(String keyType, String signatureTag) {
    this.keyType = keyType;
    this.signatureTag = signatureTag;
  }

  /** The {@code k=} value of the DNS record, and the name used on the command line and on disk. */
  public String keyType() {
    return keyType;
  }

  /** The {@code a=} value of the DKIM-Signature field. */
  public String signatureTag() {
    return signatureTag;
  }

  /** The algorithm named {@code rsa} or {@code ed25519} (any case). */
  public static DkimAlgorithm named(String name) {
    for (DkimAlgorithm a : values()) {
      if (a.keyType.equals(name.toLowerCase(Locale.ROOT))) return a;
    }
    throw new DkimKeyException("unknown DKIM algorithm \"" + name + "\" (use rsa or ed25519)");
  }
}
