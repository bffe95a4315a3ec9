package dev.outpost.reputation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DKIM of a sending domain: for each key Outpost signs with, the record at
 * {@code selector._domainkey.domain} publishes the same public key and key type.
 */
final class DkimCheck {
  static final String DEFAULT_SELECTOR = "outpost";

  private final ReputationDns dns;
  private final PublishedKeySource keys;

  DkimCheck(ReputationDns dns, PublishedKeySource keys) {
    this.dns = dns;
    this.keys = keys;
  }

  List<CheckResult> check(String domain) {
    List<DkimPublicKey> expected = keys.keysFor(domain);
    if (expected.isEmpty()) {
      return List.of(CheckResult.warn("DKIM", "no DKIM key is configured for " + domain + ", so its mail goes"
          + " out unsigned and cannot pass DMARC through DKIM",
          "run: bin/outpost dkim generate " + domain + " --selector " + DEFAULT_SELECTOR));
    }
    List<CheckResult> results = new ArrayList<>();
    for (DkimPublicKey key : expected) results.add(check(domain, key));
    return results;
  }

  private CheckResult check(String domain, DkimPublicKey key) {
    String owner = key.selector() + "._domainkey." + domain;
    String name = "DKIM " + key.selector();
    String publish = owner + ". IN TXT \"" + key.txtRecord() + "\"";
    List<String> published = switch (dns.txt(owner)) {
      case ReputationDns.TxtLookup.Found f -> f.records().stream().filter(DkimCheck::isKeyRecord).toList();
      case ReputationDns.TxtLookup.Failed f -> null;
    };
    if (published == null) {
      return CheckResult.fail(name, "the TXT lookup of " + owner + " failed; receivers may fail DKIM too", "");
    }
    if (published.isEmpty()) {
      return CheckResult.fail(name, "no DKIM key record at " + owner + ": signatures with selector "
          + key.selector() + " cannot be verified", publish);
    }
    if (published.size() > 1) {
      return CheckResult.fail(name, owner + " has " + published.size() + " key records; verifiers pick one"
          + " at random", "keep only: " + publish);
    }
    Map<String, String> tags = TagList.parse(published.get(0));
    String p = tags.getOrDefault("p", "").replaceAll("\\s+", "");
    String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (p.isEmpty()) {
      return CheckResult.fail(name, "the key at " + owner + " is revoked (empty p=)", publish);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      return CheckResult.fail(name, "the p= value at " + owner + " is not valid base64", publish);
    }
    if (!k.equals(key.keyType())) {
      return CheckResult.fail(name, owner + " says k=" + k + " but the configured key is " + key.keyType(),
          publish);
    }
    if (!key.matches(bytes)) {
      return CheckResult.fail(name, "the key published at " + owner + " is not the configured one: signatures"
          + " will fail verification", "replace it with: " + publish);
    }
    return CheckResult.pass(name, "the " + key.keyType() + " key at " + owner + " matches the configured key");
  }

  /** A DKIM key record: {@code v=DKIM1} first if present (RFC 6376 3.6.1), and a {@code p=} tag. */
  private static boolean isKeyRecord(String text) {
    Map<String, String> tags = TagList.parse(text);
    String v = tags.get("v");
    return tags.containsKey("p") && (v == null || v.equalsIgnoreCase("DKIM1"));
  }
}
