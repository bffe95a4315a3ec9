package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimKeyDirectoryTest {
  @TempDir Path dataDir;

  /** Writes {@code key}'s private half where {@code outpost dkim generate} stores it. */
  static void store(Path dataDir, String domain, String selector, KeyPair key) throws Exception {
    Path dir = Files.createDirectories(dataDir.resolve("dkim").resolve(domain));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(key.getPrivate());
    }
    Files.writeString(dir.resolve(selector + ".key"), pem.toString());
  }

  @Test
  void rsaAndEd25519KeysGiveThePublicKeysToPublish() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    store(dataDir, "example.test", "s1", rsa);
    store(dataDir, "example.test", "s2", ed);
    Files.writeString(dataDir.resolve("dkim/example.test/broken.key"), "not a key");

    DkimKeyDirectory keys = new DkimKeyDirectory(dataDir);

    byte[] x509 = ed.getPublic().getEncoded();
    assertThat(keys.keysFor("example.test")).containsExactly(
        new DkimPublicKey("s1", "rsa", rsa.getPublic().getEncoded()),
        new DkimPublicKey("s2", "ed25519", Arrays.copyOfRange(x509, x509.length - 32, x509.length)));
    assertThat(keys.problems("example.test")).singleElement().asString().contains("broken.key");
    assertThat(keys.keysFor("other.test")).isEmpty();
  }
}
