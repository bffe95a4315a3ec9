package dev.outpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lib/find-jdk.sh, which bin/outpost and bin/test use, against fake JDK installations. */
class FindJdkTest {
  private static final Path SCRIPT = Path.of("bin/lib/find-jdk.sh").toAbsolutePath();

  @TempDir Path jvm;
  @TempDir Path pathDir;

  record Result(int exitCode, String stdout, String stderr) {}

  @Test
  void prefersJavaHomeWhenItIsNewEnough() throws Exception {
    Path jdk21 = fakeJava(jvm.resolve("jdk-21"), "21.0.4", true);
    fakeJava(jvm.resolve("jdk-25"), "25.0.1", true);

    assertThat(run(Map.of("JAVA_HOME", jdk21.toString()))).isEqualTo(new Result(0, jdk21 + "\n", ""));
  }

  @Test
  void picksTheNewestJdkInTheJvmDirectoryWhenJavaHomeIsTooOld() throws Exception {
    Path jdk17 = fakeJava(jvm.resolve("jdk-17"), "17.0.2", true);
    fakeJava(jvm.resolve("jdk-21"), "21.0.4", true);
    Path jdk25 = fakeJava(jvm.resolve("jdk-25"), "25", true);
    fakeJava(jvm.resolve("jre-26"), "26", false);

    assertThat(run(Map.of("JAVA_HOME", jdk17.toString()))).isEqualTo(new Result(0, jdk25 + "\n", ""));
  }

  @Test
  void fallsBackToTheJavaOnPath() throws Exception {
    Path jdk = fakeJava(pathDir.resolve("jdk"), "21.0.1", true);
    Files.createSymbolicLink(pathDir.resolve("java"), jdk.resolve("bin/java"));

    assertThat(run(Map.of())).isEqualTo(new Result(0, jdk + "\n", ""));
  }

  @Test
  void saysWhatIsMissingWhenThereIsNoJdk21() throws Exception {
    Path jdk17 = fakeJava(jvm.resolve("jdk-17"), "1.8.0_292", true);
    Path jre21 = fakeJava(jvm.resolve("jre-21"), "21.0.4", false);
    Path onPath = fakeJava(pathDir.resolve("jdk"), "17.0.9", true);
    Files.createSymbolicLink(pathDir.resolve("java"), onPath.resolve("bin/java"));

    Result r = run(Map.of("JAVA_HOME", jdk17.toString()));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("Outpost needs a JDK 21 or newer; found: JAVA_HOME=" + jdk17 + " (8), "
        + jdk17 + " (8), " + jre21 + " (21, no javac), java on PATH: " + onPath + " (17); "
        + "install e.g. openjdk-21-jdk or set JAVA_HOME\n");
  }

  @Test
  void readsTheVersionFromJavaWhenThereIsNoReleaseFile() throws Exception {
    Path jdk = fakeJava(jvm.resolve("jdk"), "22.0.2", true);
    Files.delete(jdk.resolve("release"));

    assertThat(run(Map.of())).isEqualTo(new Result(0, jdk + "\n", ""));
  }

  @Test
  void findsTheJdk25OfThisMachineOverAJavaHomeOf17() throws Exception {
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(Files.isDirectory(jdk17) && Files.isDirectory(jdk25), "needs the JDKs of the CI machine");

    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.environment().put("JAVA_HOME", jdk17.toString());
    pb.environment().remove("OUTPOST_JVM_DIR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(jdk25 + "\n");
  }

  private Result run(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.environment().remove("JAVA_HOME");
    pb.environment().put("OUTPOST_JVM_DIR", jvm.toString());
    // The fake java comes first on PATH; the tools the script uses come from the system directories.
    pb.environment().put("PATH", pathDir + ":/usr/bin:/bin");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    return new Result(p.waitFor(), out, err);
  }

  /** A directory that looks like a Java installation of {@code version}, with or without javac. */
  private static Path fakeJava(Path home, String version, boolean withJavac) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    executable(home.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-01-01' >&2\n");
    if (withJavac) executable(home.resolve("bin/javac"), "#!/bin/sh\n");
    return home;
  }

  private static void executable(Path file, String script) throws IOException {
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
