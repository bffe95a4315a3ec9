package dev.outpost.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The signatures of one message in the making: fed the body as it is written to the spool, then
 * asked for the DKIM-Signature fields once the final header section is known. All signers share
 * one body hash, as they share the body canonicalisation and its hash algorithm.
 */
public final class PendingSignature {
  private final List<DkimSigner> signers;
  private final BodyHasher body = new BodyHasher();

  PendingSignature(List<DkimSigner> signers) {
    this.signers = signers;
  }

  public void body(byte[] buffer, int offset, int length) {
    body.update(buffer, offset, length);
  }

  /**
   * The DKIM-Signature fields (RSA first), to be put in front of {@code headerSection}, which
   * must be the whole header section as it will be sent. Call once: it ends the body hash.
   */
  public byte[] fields(byte[] headerSection, Instant time) {
    byte[] bodyHash = body.digest();
    List<String> fields = new ArrayList<>(signers.size());
    for (DkimSigner s : signers) fields.add(s.sign(headerSection, bodyHash, time));
    return DkimSigner.concat(fields);
  }
}
