package dev.outpost.config;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code [relay]}: who may relay without authentication, like Postfix's mynetworks, and which
 * domains Outpost accepts mail for from anyone.
 */
public record RelayConfig(List<CidrRange> trustedNetworks, List<String> localDomains) {

  public RelayConfig {
    trustedNetworks = List.copyOf(trustedNetworks);
    localDomains = List.copyOf(localDomains);
  }

  public static RelayConfig defaults() {
    return new RelayConfig(List.of(CidrRange.parse("127.0.0.0/8"), CidrRange.parse("::1/128")), List.of());
  }

  public boolean isTrusted(InetAddress client) {
    for (CidrRange range : trustedNetworks) {
      if (range.contains(client)) return true;
    }
    return false;
  }
}
