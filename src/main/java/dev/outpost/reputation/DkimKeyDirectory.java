package dev.outpost.reputation;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The DKIM keys under {@code <data_dir>/dkim/<domain>/<selector>.key}, where {@code outpost dkim
 * generate} stores them: PEM private keys (PKCS#8, or PKCS#1 for RSA), RSA or Ed25519. The public
 * half is derived from each, so what is compared with DNS is exactly what signing uses.
 *
 * <p>A key file that cannot be read is skipped with its problem in the selector's place, so one
 * broken file does not hide the others: see {@link #problems(String)}.
 */
public final class DkimKeyDirectory implements PublishedKeySource {
  private static final String SUFFIX = ".key";

  private final Path root;

  /** @param dataDir {@code server.data_dir}; the keys are in its {@code dkim} folder */
  public DkimKeyDirectory(Path dataDir) {
    this.root = dataDir.resolve("dkim");
  }

  @Override
  public List<DkimPublicKey> keysFor(String domain) {
    List<DkimPublicKey> keys = new ArrayList<>();
    for (Path file : keyFiles(domain)) {
      try {
        keys.add(read(selectorOf(file), file));
      } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
        // Left out here and reported by problems(), which the check shows next to the keys.
      }
    }
    return keys;
  }

  /** One line for each key file of {@code domain} that could not be read. */
  public List<String> problems(String domain) {
    List<String> problems = new ArrayList<>();
    for (Path file : keyFiles(domain)) {
      try {
        read(selectorOf(file), file);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        problems.add(file + ": " + e.getMessage());
      }
    }
    return problems;
  }

  private List<Path> keyFiles(String domain) {
    List<Path> files = new ArrayList<>();
    Path dir = root.resolve(domain.toLowerCase(Locale.ROOT));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : entries) files.add(p);
    } catch (IOException noDirectory) {
      return List.of();
    }
    files.sort(null);
    return files;
  }

  private static String selectorOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - SUFFIX.length());
  }

  static DkimPublicKey read(String selector, Path file) throws IOException, GeneralSecurityException {
    Object pem;
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      pem = parser.readObject();
    }
    PrivateKeyInfo info = switch (pem) {
      case PrivateKeyInfo p -> p;
      case PEMKeyPair pair -> pair.getPrivateKeyInfo();
      case null -> throw new GeneralSecurityException("no PEM private key in the file");
      default -> throw new GeneralSecurityException("not a private key: " + pem.getClass().getSimpleName());
    };
    if (info.getPrivateKeyAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)) {
      byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      return new DkimPublicKey(selector, "ed25519", new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey()
          .getEncoded());
    }
    if (new JcaPEMKeyConverter().getPrivateKey(info) instanceof RSAPrivateCrtKey rsa) {
      BigInteger modulus = rsa.getModulus();
      byte[] spki = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus,
          rsa.getPublicExponent())).getEncoded();
      return new DkimPublicKey(selector, "rsa", spki);
    }
    throw new GeneralSecurityException("neither an RSA nor an Ed25519 key");
  }
}
