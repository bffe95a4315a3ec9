package dev.outpost.accounts;

/**
 * The cost of one Argon2id hash.
 *
 * @param memoryKiB memory in KiB (PHC {@code m})
 * @param iterations passes over the memory (PHC {@code t})
 * @param parallelism lanes (PHC {@code p})
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {
  /**
   * The production cost: OWASP's first Argon2id recommendation (19 MiB, 2 passes, 1 lane).
   * BouncyCastle verifies in about 40 ms on one core of a 2-core build machine (see
   * docs/accounts.md); one lane because BouncyCastle computes lanes one after another, so more
   * lanes would cost time without making an attacker's GPU slower.
   */
  public static final Argon2Parameters PRODUCTION = new Argon2Parameters(19 * 1024, 2, 1);

  public Argon2Parameters {
    if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("Argon2 needs m >= 8p KiB, t >= 1, p >= 1");
    }
  }
}
