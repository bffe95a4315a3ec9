package dev.outpost.cli;

import dev.outpost.Outpost;
import dev.outpost.config.ConfigException;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.OutpostConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost serve}: runs the server in the foreground until SIGTERM or SIGINT, which stop it
 * gracefully. A configuration with problems is reported in full and nothing is started.
 */
@Command(name = "serve", description = "Run the server in the foreground until stopped (SIGTERM, Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutpostConfig config;
    try {
      config = main.config();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      int n = e.problems().size();
      err.println("outpost: not started: " + n + " configuration problem" + (n == 1 ? "" : "s"));
      err.flush();
      return Main.EXIT_BAD_CONFIG;
    }

    Outpost outpost = Outpost.builder().config(config).build();
    // Registered before start so that a SIGTERM during start-up still stops gracefully: stop()
    // waits for start() to finish, then shuts down in order.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      outpost.stop();
      stopped.countDown();
    }, "outpost-shutdown"));
    try {
      outpost.start();
    } catch (IOException e) {
      outpost.stop();
      err.println("outpost: cannot start: " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILED;
    }
    Map<String, InetSocketAddress> bound = outpost.listenerAddresses();
    for (ListenerConfig listener : config.listeners()) {
      InetSocketAddress address = bound.get(listener.name());
      out.println("listening on " + (address == null ? listener.address() : format(address)) + " (" + listener.name() + ", tls="
          + lower(listener.tls()) + ", auth=" + lower(listener.auth()) + ")");
    }
    out.flush();

    stopped.await();
    return 0;
  }

  private static String format(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
