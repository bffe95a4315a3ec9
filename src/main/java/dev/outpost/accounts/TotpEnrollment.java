package dev.outpost.accounts;

import java.util.List;

/**
 * What an operator is shown once at enrollment: the URI for an authenticator app (as text or a
 * QR code) and the recovery codes, each good for one login without the app.
 */
public record TotpEnrollment(String otpauthUri, List<String> recoveryCodes) {
  public TotpEnrollment {
    recoveryCodes = List.copyOf(recoveryCodes);
  }

  @Override
  public String toString() {
    return "TotpEnrollment[" + recoveryCodes.size() + " recovery codes]";
  }
}
