package dev.outpost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final ApiKeys keys = new ApiKeys(new SecureRandom());

  @Test
  void aKeyIsThePrefixAnd32RandomBytesAndIsStoredAsItsSha256() {
    IssuedApiKey issued = keys.issue("acme", ApiKeyScope.ACCOUNT, Instant.EPOCH);

    assertThat(issued.secret()).matches("op_live_[A-Za-z0-9_-]{43}");
    assertThat(issued.stored().hash()).isEqualTo(ApiKeys.hash(issued.secret())).matches("[0-9a-f]{64}");
    assertThat(issued.stored().hint()).isEqualTo(issued.secret().substring(0, 14));
    assertThat(issued.stored().toString()).doesNotContain(issued.secret());
    assertThat(issued.toString()).doesNotContain(issued.secret());
  }

  @Test
  void sha256IsTheStandardOne() {
    assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void everyKeyIsNew() {
    assertThat(keys.issue("a", ApiKeyScope.ADMIN, Instant.EPOCH).secret())
        .isNotEqualTo(keys.issue("a", ApiKeyScope.ADMIN, Instant.EPOCH).secret());
  }
}
