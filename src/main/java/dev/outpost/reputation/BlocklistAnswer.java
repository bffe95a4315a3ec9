package dev.outpost.reputation;

import java.util.List;

/** What one blocklist said about one subject. */
public sealed interface BlocklistAnswer {

  /** NXDOMAIN (or no A record): not on the list. */
  record NotListed() implements BlocklistAnswer {}

  /**
   * On the list.
   *
   * @param codes the A records returned, such as {@code 127.0.0.2}, which say why on most lists
   * @param reason the TXT record at the same name, or empty
   */
  record Listed(List<String> codes, String reason) implements BlocklistAnswer {
    public Listed {
      codes = List.copyOf(codes);
    }

    public String describe() {
      return String.join(", ", codes) + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  /**
   * The list could not answer: a DNS failure, or a return code that means the query was
   * refused or rate limited. Never a listing, so it never takes an address out of service.
   */
  record Error(String reason) implements BlocklistAnswer {}
}
