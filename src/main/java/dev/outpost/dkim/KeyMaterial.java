package dev.outpost.dkim;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Private keys as stored on disk (unencrypted PKCS#8 PEM, as {@code openssl genpkey} writes
 * them, so an operator can bring a key made elsewhere) and the public halves derived from them.
 */
final class KeyMaterial {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  /** A private key with what the DNS record needs. */
  record Loaded(DkimAlgorithm algorithm, PrivateKey privateKey, byte[] publicKey) {}

  private KeyMaterial() {}

  static PrivateKey generate(DkimAlgorithm algorithm, int bits) {
    try {
      return switch (algorithm) {
        case RSA -> {
          if (bits < 1024 || bits > 8192) {
            throw new DkimKeyException("RSA keys must have 1024 to 8192 bits (2048 is recommended), not " + bits);
          }
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(bits);
          yield g.generateKeyPair().getPrivate();
        }
        case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm + " key generation", e);
    }
  }

  static String toPem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  /** Reads a PKCS#8 PEM key; the algorithm comes from the key itself, not from its file name. */
  static Loaded fromPem(String pem) throws GeneralSecurityException {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException("not a PKCS#8 PEM key (expected " + BEGIN + ")");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    ASN1ObjectIdentifier oid;
    try {
      oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed PKCS#8 key", e);
    }
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new Loaded(DkimAlgorithm.RSA, key, publicKey(DkimAlgorithm.RSA, key));
    }
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new Loaded(DkimAlgorithm.ED25519, key, publicKey(DkimAlgorithm.ED25519, key));
    }
    throw new GeneralSecurityException("unsupported key algorithm " + oid + " (DKIM keys are RSA or Ed25519)");
  }

  /** The {@code p=} bytes of the DNS record for this private key. */
  static byte[] publicKey(DkimAlgorithm algorithm, PrivateKey key) throws GeneralSecurityException {
    return switch (algorithm) {
      case RSA -> {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        BigInteger n = rsa.getModulus();
        yield KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, rsa.getPublicExponent()))
            .getEncoded();
      }
      case ED25519 -> {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
            .orElseThrow(() -> new GeneralSecurityException("the Ed25519 key does not reveal its seed"));
        yield new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
      }
    };
  }
}
