package dev.outpost.dkim;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's dkimpy (package python3-dkim), an independent DKIM verifier, run as a child process.
 * Its DNS is a function that answers from the records given here, so no real DNS is asked. Where
 * it is missing, CI fails (it must be installed there, see .ci/run) and other machines skip.
 * Public for the tests of other packages that check what Outpost signed (the HTTP API, unsubscribe).
 */
public final class Dkimpy {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String SCRIPT = """
      import dkim, json, sys
      records = json.loads(sys.argv[1])
      def dns(name, timeout=5):
          return records.get(name.decode('ascii').rstrip('.').lower(), '').encode('ascii') or None
      message = sys.stdin.buffer.read()
      d = dkim.DKIM(message)
      count = sum(1 for line in message.split(b'\\r\\n\\r\\n')[0].split(b'\\r\\n') \
          if line.lower().startswith(b'dkim-signature:'))
      def check(i):
          try:
              return 'pass' if d.verify(idx=i, dnsfunc=dns) else 'fail'
          except dkim.DKIMException:
              return 'fail'
      print(' '.join(check(i) for i in range(count)))
      """;

  private Dkimpy() {}

  public static void require() {
    boolean present = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import dkim")).exit == 0;
    if (!present && "true".equals(System.getenv("CI"))) {
      fail("python3-dkim is not installed: the DKIM signatures cannot be checked by an independent verifier."
          + " .ci/run installs it; on a developer machine: apt-get install python3-dkim");
    }
    assumeTrue(present, "python3-dkim (Debian's dkimpy) is not installed");
  }

  /** "pass" or "fail" for each DKIM-Signature field of the message, top to bottom. */
  public static List<String> verify(byte[] message, Map<String, String> txtRecords) {
    String records = txtRecords.entrySet().stream()
        .map(e -> json(e.getKey().toLowerCase()) + ":" + json(e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
    Result r = run(List.of(PYTHON.toString(), "-c", SCRIPT, records), message);
    if (r.exit != 0) throw new AssertionError("dkimpy failed (exit " + r.exit + "): " + r.output);
    return List.of(r.output.trim().split(" "));
  }

  private static String json(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) {
    return run(command, new byte[0]);
  }

  private static Result run(List<String> command, byte[] stdin) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().write(stdin);
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
