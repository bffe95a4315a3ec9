package dev.outpost.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;

  @Test
  void makesASelfSignedCertificateOnFirstStartAndReusesItAfter() throws Exception {
    ServerTls first = ServerTls.selfSigned(dataDir, "mta.test", NOW);
    ServerTls second = ServerTls.selfSigned(dataDir, "mta.test", NOW);

    assertThat(second.certificate()).isEqualTo(first.certificate());
    X509Certificate c = first.certificate();
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=mta.test");
    assertThat(c.getSubjectAlternativeNames()).containsExactly(List.of(2, "mta.test"));
    assertThat(Duration.between(NOW.instant(), c.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3649));
    Path key = dataDir.resolve("tls/selfsigned.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dataDir.resolve("tls/selfsigned.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void makesANewCertificateWhenTheHostnameChangesOrItNearlyExpired() throws Exception {
    X509Certificate original = ServerTls.selfSigned(dataDir, "mta.test", NOW).certificate();

    X509Certificate renamed = ServerTls.selfSigned(dataDir, "mail.test", NOW).certificate();
    Clock nineYearsLater = Clock.offset(NOW, Duration.ofDays(3640));
    X509Certificate renewed = ServerTls.selfSigned(dataDir, "mail.test", nineYearsLater).certificate();

    assertThat(renamed).isNotEqualTo(original);
    assertThat(renamed.getSubjectX500Principal().getName()).isEqualTo("CN=mail.test");
    assertThat(renewed).isNotEqualTo(renamed);
  }

  @Test
  void loadsAChainAndAPkcs8Key() throws Exception {
    CertifiedKey pair = SelfSignedCertificate.generate("mta.test", NOW.instant());
    Path cert = write("mta.crt", PemFiles.toPem(pair.leaf()));
    Path key = write("mta.key", PemFiles.toPem(pair.key()));

    assertThat(ServerTls.fromPem(cert, key).certificate()).isEqualTo(pair.leaf());
  }

  @Test
  void loadsAPkcs1RsaKey() throws Exception {
    CertifiedKey rsa = SelfSignedCertificate.generate("mta.test", NOW.instant());
    Path rsaKey = write("rsa.key", traditional(rsa.key()));
    assertThat(Files.readString(rsaKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(ServerTls.fromPem(write("rsa.crt", PemFiles.toPem(rsa.leaf())), rsaKey).certificate())
        .isEqualTo(rsa.leaf());
  }

  @Test
  void loadsAnEcKeyAsOpensslWritesIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
    Path key = dataDir.resolve("ec.key");
    Path cert = dataDir.resolve("ec.crt");
    run("openssl", "ecparam", "-genkey", "-name", "prime256v1", "-out", key.toString());
    run("openssl", "req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=mta.test", "-days", "2",
        "-out", cert.toString());
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PARAMETERS-----").contains("EC PRIVATE KEY");

    assertThat(ServerTls.fromPem(cert, key).certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=mta.test");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }

  @Test
  void refusesAKeyThatIsNotTheCertificates() throws Exception {
    Path cert = write("mta.crt", PemFiles.toPem(SelfSignedCertificate.generate("mta.test", NOW.instant()).leaf()));
    Path key = write("other.key", PemFiles.toPem(SelfSignedCertificate.generate("mta.test", NOW.instant()).key()));

    assertThatThrownBy(() -> ServerTls.fromPem(cert, key))
        .isInstanceOf(IOException.class)
        .hasMessage("the private key in " + key + " does not match the certificate in " + cert
            + " (they are not a pair; check that both files are from the same issuance)");
  }

  @Test
  void namesTheFileThatCannotBeUsed() throws Exception {
    CertifiedKey pair = SelfSignedCertificate.generate("mta.test", NOW.instant());
    Path cert = write("mta.crt", PemFiles.toPem(pair.leaf()));
    Path key = write("mta.key", PemFiles.toPem(pair.key()));
    Path garbage = write("garbage.pem", "hello\n");
    Path missing = dataDir.resolve("missing.crt");

    assertThatThrownBy(() -> ServerTls.fromPem(missing, key))
        .hasMessage("cannot read certificate file " + missing + ": no such file");
    assertThatThrownBy(() -> ServerTls.fromPem(garbage, key))
        .hasMessage(garbage + ": no certificate found (expected a PEM file with -----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> ServerTls.fromPem(cert, cert))
        .hasMessage(cert + ": no private key found (expected -----BEGIN PRIVATE KEY-----,"
            + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    Path broken = write("broken.crt", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> ServerTls.fromPem(broken, key)).hasMessageStartingWith(broken + " is not valid PEM: ");
  }

  @Test
  void offersOnlyTls13And12WithAeadCiphers() throws Exception {
    ServerTls tls = ServerTls.selfSigned(dataDir, "mta.test", NOW);

    assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(tls.parameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(tls.cipherSuites()).isNotEmpty().allMatch(s -> s.contains("GCM") || s.contains("CHACHA20"));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dataDir.resolve(name), text);
  }

  private static String traditional(Object key) throws IOException {
    var out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }
}
