package dev.outpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code version.properties} at build time. */
public final class OutpostVersion implements IVersionProvider {

  public static String version() {
    try (InputStream in = OutpostVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String line() {
    return "outpost " + version() + " (Java " + Runtime.version() + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }
}
