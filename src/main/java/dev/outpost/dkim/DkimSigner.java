package dev.outpost.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs messages with one key: relaxed/relaxed canonicalisation, SHA-256, and the header fields
 * that matter for marketing mail. From is listed once more than it occurs ("over-signed"), so a
 * From field added on the way makes the signature fail instead of slipping past a reader (RFC
 * 6376 §8.15). The other fields are signed only where present, each occurrence once: listing an
 * absent one would also forbid adding it later, which mailing lists and forwarders do with
 * List-Unsubscribe and its kin.
 */
public final class DkimSigner {
  static final List<String> SIGNED_FIELDS = List.of("from", "to", "subject", "date", "message-id", "mime-version",
      "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post", "feedback-id");

  private final DkimKey key;

  public DkimSigner(DkimKey key) {
    this.key = key;
  }

  public DkimKey key() {
    return key;
  }

  /**
   * The DKIM-Signature field, folded, with its final CRLF.
   *
   * @param headerSection the header section exactly as it will be sent, in order
   * @param bodyHash the {@link BodyHasher} digest of the body that follows it
   * @param time the {@code t=} value
   */
  public String sign(byte[] headerSection, byte[] bodyHash, Instant time) {
    List<HeaderField> fields = HeaderField.parse(headerSection);
    List<String> names = headerNames(fields);
    SignatureField field = new SignatureField()
        .tag("v=1;").tag("a=" + key.algorithm().signatureTag() + ";").tag("c=relaxed/relaxed;")
        .tag("d=" + key.domain() + ";").tag("s=" + key.selector() + ";").tag("t=" + time.getEpochSecond() + ";")
        .headerList(names)
        .tag("bh=" + Base64.getEncoder().encodeToString(bodyHash) + ";")
        .base64Tag("b");
    byte[] input = signingInput(fields, names, field.value());
    return field.base64(Base64.getEncoder().encodeToString(signature(input))).field();
  }

  /** The names for {@code h=}: each signed field as often as it occurs, From once more. */
  static List<String> headerNames(List<HeaderField> fields) {
    Map<String, Integer> counts = new HashMap<>();
    for (HeaderField f : fields) counts.merge(f.lowerName(), 1, Integer::sum);
    List<String> names = new ArrayList<>();
    for (String name : SIGNED_FIELDS) {
      int n = counts.getOrDefault(name, 0) + (name.equals("from") ? 1 : 0);
      for (int i = 0; i < n; i++) names.add(name);
    }
    return names;
  }

  /**
   * What the signature covers (RFC 6376 §3.7, §5.4.2): the named fields, each name taking the
   * last occurrence not yet used, a name with none left contributing nothing; then the
   * DKIM-Signature field itself with an empty {@code b=} and no final CRLF.
   */
  static byte[] signingInput(List<HeaderField> fields, List<String> names, String signatureValue) {
    Map<String, Integer> used = new HashMap<>();
    StringBuilder input = new StringBuilder();
    for (String name : names) {
      int skip = used.merge(name, 1, Integer::sum);
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (fields.get(i).lowerName().equals(name) && --skip == 0) {
          input.append(RelaxedCanonicalizer.header(fields.get(i)));
          break;
        }
      }
    }
    input.append(RelaxedCanonicalizer.header("dkim-signature", signatureValue));
    return input.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** RSA signs the input with SHA-256; Ed25519 signs the input's SHA-256 hash (RFC 8463 §3). */
  byte[] signature(byte[] input) {
    try {
      return switch (key.algorithm()) {
        case RSA -> {
          Signature rsa = Signature.getInstance("SHA256withRSA");
          rsa.initSign(key.privateKey());
          rsa.update(input);
          yield rsa.sign();
        }
        case ED25519 -> {
          Signature ed = Signature.getInstance("Ed25519");
          ed.initSign(key.privateKey());
          ed.update(MessageDigest.getInstance("SHA-256").digest(input));
          yield ed.sign();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with " + key + " failed", e);
    }
  }

  /** Several fields, one after another, as they go in front of the message. */
  static byte[] concat(List<String> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) out.writeBytes(f.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }
}
