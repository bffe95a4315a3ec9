package dev.outpost.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signed message of RFC 8463 Appendix A.3, checked byte for byte: the body hash, the
 * Ed25519 signature (deterministic, so it must come out exactly as published) and the RSA
 * signature (verified with the published public key).
 */
class Rfc8463VectorTest {
  private static final List<String> H =
      List.of("from", "to", "subject", "date", "message-id", "from", "subject", "date");

  @Test
  void ed25519SignatureIsReproducedExactly() throws Exception {
    PrivateKey key = ed25519(Rfc8463Example.ED25519_SEED);
    var signer = new DkimSigner(new DkimKey("football.example.com", "brisbane", DkimAlgorithm.ED25519, key,
        KeyMaterial.publicKey(DkimAlgorithm.ED25519, key)));

    byte[] signature = signer.signature(input(Rfc8463Example.ED25519_SIGNATURE));

    assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(Rfc8463Example.ED25519_B);
    assertThat(Base64.getEncoder().encodeToString(signer.key().publicKey())).isEqualTo(Rfc8463Example.ED25519_PUBLIC);
  }

  @Test
  void rsaSignatureVerifiesWithThePublishedKey() throws Exception {
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Rfc8463Example.RSA_PUBLIC))));
    rsa.update(input(Rfc8463Example.RSA_SIGNATURE));

    assertThat(rsa.verify(Base64.getDecoder().decode(Rfc8463Example.RSA_B))).isTrue();
  }

  @Test
  void aChangedHeaderNoLongerVerifies() throws Exception {
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Rfc8463Example.RSA_PUBLIC))));
    byte[] input = input(Rfc8463Example.RSA_SIGNATURE);
    byte[] tampered = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("dinner", "lunch").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(Arrays.equals(input, tampered)).isFalse();
    rsa.update(tampered);

    assertThat(rsa.verify(Base64.getDecoder().decode(Rfc8463Example.RSA_B))).isFalse();
  }

  /** The signing input for the published signature field, its b= value removed as a verifier does. */
  private static byte[] input(String signatureField) {
    byte[] header = Rfc8463Example.crlf(signatureField + Rfc8463Example.HEADER);
    List<HeaderField> fields = HeaderField.parse(header);
    String value = fields.get(0).value();
    String blank = value.substring(0, value.indexOf(" b=") + 3);
    return DkimSigner.signingInput(fields, H, blank);
  }

  static PrivateKey ed25519(String seedBase64) throws Exception {
    byte[] prefix = HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] seed = Base64.getDecoder().decode(seedBase64);
    byte[] der = Arrays.copyOf(prefix, prefix.length + seed.length);
    System.arraycopy(seed, 0, der, prefix.length, seed.length);
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
  }
}
