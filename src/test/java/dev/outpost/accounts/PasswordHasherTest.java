package dev.outpost.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  /** Cheap parameters for tests only; production uses {@link Argon2Parameters#PRODUCTION}. */
  static final Argon2Parameters CHEAP = new Argon2Parameters(64, 1, 1);

  private final PasswordHasher hasher = new PasswordHasher(CHEAP, new SecureRandom());

  @Test
  void aHashIsAPhcStringThatVerifiesItsPassword() {
    String phc = hasher.hash("correct horse battery staple");

    assertThat(phc).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.verify("correct horse battery staple", phc)).isTrue();
  }

  @Test
  void aWrongPasswordDoesNotVerify() {
    String phc = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify("correct horse battery stapler", phc)).isFalse();
    assertThat(hasher.verify("", phc)).isFalse();
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
  }

  @Test
  void aTamperedHashDoesNotVerifyWhereverItDiffers() {
    String phc = hasher.hash("secret password");
    int hashStart = phc.lastIndexOf('$') + 1;
    byte[] hash = Base64.getDecoder().decode(phc.substring(hashStart));
    // Both a first and a last byte changed must fail: the comparison looks at every byte
    // (MessageDigest.isEqual, whose time does not depend on where the bytes differ).
    byte[] first = hash.clone();
    first[0] ^= 1;
    byte[] last = hash.clone();
    last[last.length - 1] ^= 1;
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();

    assertThat(hasher.verify("secret password", phc.substring(0, hashStart) + b64.encodeToString(first))).isFalse();
    assertThat(hasher.verify("secret password", phc.substring(0, hashStart) + b64.encodeToString(last))).isFalse();
    assertThat(hasher.verify("secret password", phc.replace("t=1", "t=2"))).isFalse();
    assertThat(hasher.verify("secret password", phc.replace("argon2id", "argon2i"))).isFalse();
    assertThat(hasher.verify("secret password", "not a hash")).isFalse();
  }

  @Test
  void aHashAskingForAbsurdMemoryIsRejectedWithoutComputing() {
    String phc = hasher.hash("pw").replace("m=64", "m=99999999");

    assertThat(hasher.verify("pw", phc)).isFalse();
  }

  @Test
  void hashesWithOtherParametersNeedARehash() {
    PasswordHasher stronger = new PasswordHasher(new Argon2Parameters(128, 2, 1), new SecureRandom());
    String old = hasher.hash("pw");

    assertThat(hasher.needsRehash(old)).isFalse();
    assertThat(stronger.needsRehash(old)).isTrue();
    assertThat(stronger.verify("pw", old)).as("old hashes still verify").isTrue();
  }

  @Test
  void aKnownArgon2idVectorVerifies() {
    // Made by the reference implementation (Debian's argon2 package), so that our hashes are
    // the standard ones: echo -n password | argon2 somesalt -id -t 2 -m 6 -p 1 -e
    String phc = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI";

    assertThat(hasher.verify("password", phc)).isTrue();
  }
}
