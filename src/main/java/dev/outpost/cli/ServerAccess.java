package dev.outpost.cli;

import dev.outpost.config.ConfigException;
import dev.outpost.config.OutpostConfig;
import dev.outpost.control.ControlClient;
import dev.outpost.control.ControlProtocolException;
import dev.outpost.control.ControlRecord;
import dev.outpost.control.ControlRequest;
import dev.outpost.control.ControlResponse;
import dev.outpost.control.ServerNotRunningException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a command against the running server through its control socket, found in the data
 * directory named by {@code --config}.
 *
 * <p>Exit codes as on {@link Main}: 2 for a bad configuration or a request the server refuses as
 * asked (an unknown queue id); 1 when the server is not running, fails the request, or the
 * connection breaks.
 */
final class ServerAccess {

  /** Prints the records of a successful response. */
  @FunctionalInterface
  interface Printer {
    void print(List<ControlRecord> records, PrintWriter out);
  }

  private ServerAccess() {}

  static int run(Main main, CommandSpec spec, ControlRequest request, Printer printer) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      OutpostConfig config = main.config();
      ControlResponse response;
      try (ControlClient client = ControlClient.connect(config.server().dataDir())) {
        response = client.send(request);
      }
      return switch (response) {
        case ControlResponse.Ok ok -> {
          printer.print(ok.records(), out);
          out.flush();
          yield 0;
        }
        case ControlResponse.Error e -> fail(err, e.message(), Main.EXIT_BAD_CONFIG);
        case ControlResponse.Failed f -> fail(err, "the server failed: " + f.message(), Main.EXIT_FAILED);
      };
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    } catch (ServerNotRunningException e) {
      return fail(err, e.getMessage(), Main.EXIT_FAILED);
    } catch (IOException | ControlProtocolException e) {
      return fail(err, "talking to the server failed: " + e.getMessage(), Main.EXIT_FAILED);
    }
  }

  private static int fail(PrintWriter err, String message, int code) {
    err.println("outpost: " + message);
    err.flush();
    return code;
  }
}
