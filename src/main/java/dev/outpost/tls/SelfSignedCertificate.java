package dev.outpost.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate used when {@code [tls]} names none: generated on first start into
 * {@code <data_dir>/tls/selfsigned.crt} and {@code selfsigned.key} (mode 0600) and reused on later
 * starts, so clients that pinned it keep working. It is made anew when the hostname changes or
 * when it is within 30 days of expiring.
 */
public final class SelfSignedCertificate {
  static final String CERTIFICATE_FILE = "selfsigned.crt";
  static final String KEY_FILE = "selfsigned.key";
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificate.class);

  private SelfSignedCertificate() {}

  /** The directory the files live in. */
  public static Path directory(Path dataDir) {
    return dataDir.resolve("tls");
  }

  static CertifiedKey loadOrCreate(Path dataDir, String hostname, Clock clock) throws IOException {
    Path dir = directory(dataDir);
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (Files.exists(certificateFile) && Files.exists(keyFile)) {
      try {
        CertifiedKey existing = PemFiles.read(certificateFile, keyFile);
        boolean forHost = isFor(existing.leaf(), hostname);
        boolean valid = stillValid(existing.leaf(), clock.instant());
        if (forHost && valid) return existing;
        LOG.info("replacing {}: {}", certificateFile, forHost ? "it expires within 30 days" : "it is not for " + hostname);
      } catch (IOException e) {
        LOG.warn("replacing the self-signed certificate: {}", e.getMessage());
      }
    }
    CertifiedKey created = generate(hostname, clock.instant());
    createPrivateDirectory(dir);
    // The key goes first so that a crash in between leaves no certificate without its key.
    writeAtomically(keyFile, PemFiles.toPem(created.key()), "rw-------");
    writeAtomically(certificateFile, PemFiles.toPem(created.leaf()), "rw-r--r--");
    LOG.info("created a self-signed certificate for {} in {}", hostname, certificateFile);
    return created;
  }

  static CertifiedKey generate(String hostname, Instant now) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostname).build();
      BigInteger serial = new BigInteger(127, new SecureRandom());
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sanFor(hostname)));
      // CA:TRUE with keyCertSign, as openssl req -x509 makes it, lets OpenSSL-based clients use the
      // file directly as their trust anchor (swaks --tls-ca-path).
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      return new CertifiedKey(pair.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralName sanFor(String hostname) {
    boolean address = hostname.contains(":") || hostname.matches("[0-9.]+");
    return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, hostname);
  }

  private static boolean isFor(X509Certificate certificate, String hostname) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) return false;
      for (List<?> entry : names) {
        if (entry.get(1) instanceof String name && name.equalsIgnoreCase(hostname)) return true;
      }
      return false;
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static boolean stillValid(X509Certificate certificate, Instant now) {
    return certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    try {
      Files.createDirectories(dir, posix("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(dir + " exists and is not a directory", e);
    }
  }

  /** Writes through a temporary file created with {@code permissions}, so the key is never readable by others. */
  private static void writeAtomically(Path file, String pem, String permissions) throws IOException {
    Path temp;
    try {
      temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp", posix(permissions));
    } catch (UnsupportedOperationException notPosix) {
      temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    }
    try {
      Files.writeString(temp, pem, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> posix(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
