package dev.outpost.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files of a server certificate: a chain of {@code CERTIFICATE} blocks,
 * and an unencrypted private key as PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1
 * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). Every error names the file.
 */
final class PemFiles {
  private PemFiles() {}

  /** Reads both files and checks that the key belongs to the first certificate. */
  static CertifiedKey read(Path certificateFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = readChain(certificateFile);
    PrivateKey key = readKey(keyFile);
    if (!matches(key, chain.getFirst())) {
      throw new IOException("the private key in " + keyFile + " does not match the certificate in "
          + certificateFile + " (they are not a pair; check that both files are from the same issuance)");
    }
    return new CertifiedKey(key, chain);
  }

  static List<X509Certificate> readChain(Path file) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = open(file, "certificate")) {
      for (Object o = next(parser, file); o != null; o = next(parser, file)) {
        if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
      }
    } catch (CertificateException e) {
      throw new IOException(file + ": a certificate cannot be decoded: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + ": no certificate found (expected a PEM file with -----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  static PrivateKey readKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = open(file, "private key")) {
      for (Object o = next(parser, file); o != null; o = next(parser, file)) {
        switch (o) {
          case PEMKeyPair pair -> {
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
          }
          case PrivateKeyInfo info -> {
            return converter.getPrivateKey(info);
          }
          case PEMEncryptedKeyPair e -> throw encrypted(file);
          case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted(file);
          default -> {
            // EC PARAMETERS blocks and certificates may share the file with the key
          }
        }
      }
    }
    throw new IOException(file + ": no private key found (expected -----BEGIN PRIVATE KEY-----,"
        + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
  }

  static String toPem(Object certificateOrKey) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificateOrKey instanceof PrivateKey key ? new JcaPKCS8Generator(key, null)
          : certificateOrKey);
    }
    return out.toString();
  }

  /** Whether {@code key} is the private half of the certificate's public key, by a test signature. */
  static boolean matches(PrivateKey key, X509Certificate certificate) throws IOException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IOException("unsupported private key type " + key.getAlgorithm()
          + " (use RSA, EC or Ed25519)");
    };
    try {
      byte[] probe = "outpost key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PEMParser open(Path file, String what) throws IOException {
    try {
      Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
      return new PEMParser(reader);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read " + what + " file " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read " + what + " file " + file + ": permission denied", e);
    }
  }

  private static Object next(PEMParser parser, Path file) throws IOException {
    try {
      return parser.readObject();
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not a PEM text file (a binary DER file can be converted with openssl)", e);
    } catch (IOException | RuntimeException e) {
      // BouncyCastle reports bad base64 and bad DER with unchecked exceptions of several kinds.
      throw new IOException(file + " is not valid PEM: " + e.getMessage(), e);
    }
  }

  private static IOException encrypted(Path file) {
    return new IOException(file + ": the private key is encrypted; Outpost needs it unencrypted"
        + " (protect the file with mode 0600 instead)");
  }
}
