package dev.outpost.reputation;

import dev.outpost.config.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks SpamAssassin's spamd for its verdict over its own protocol (SPAMC/1.5, the SYMBOLS
 * command): whether the message is spam, its score against the threshold, and the rules that hit.
 */
public final class SpamdClient {
  private static final Pattern STATUS = Pattern.compile("SPAMD/\\d\\.\\d+ (\\d+) (.*)");
  private static final Pattern SPAM = Pattern.compile("Spam: (True|False|Yes|No) ; (-?[0-9.]+) / (-?[0-9.]+)");
  private static final int MAX_RESPONSE = 64 * 1024;

  private final HostPort address;
  private final Duration timeout;

  public SpamdClient(HostPort address, Duration timeout) {
    this.address = address;
    this.timeout = timeout;
  }

  /** spamd's verdict on one message. */
  public record Verdict(boolean spam, double score, double threshold, List<String> rules) {}

  public Verdict check(byte[] message) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address.toSocketAddress(), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("SYMBOLS SPAMC/1.5\r\nContent-length: " + message.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(message);
      out.flush();
      socket.shutdownOutput();
      return parse(readAll(socket.getInputStream()));
    }
  }

  static Verdict parse(String response) throws IOException {
    String[] parts = response.split("\r\n\r\n", 2);
    String[] headers = parts[0].split("\r\n");
    Matcher status = STATUS.matcher(headers[0]);
    if (!status.matches()) throw new IOException("spamd answered \"" + headers[0] + "\"");
    if (!status.group(1).equals("0")) throw new IOException("spamd refused the check: " + status.group(2));
    for (String header : headers) {
      Matcher spam = SPAM.matcher(header);
      if (spam.matches()) {
        List<String> rules = parts.length < 2 || parts[1].isBlank() ? List.of()
            : List.of(parts[1].trim().split("\\s*,\\s*"));
        boolean isSpam = spam.group(1).equals("True") || spam.group(1).equals("Yes");
        return new Verdict(isSpam, Double.parseDouble(spam.group(2)), Double.parseDouble(spam.group(3)), rules);
      }
    }
    throw new IOException("spamd's answer has no Spam header");
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    int n;
    while ((n = in.read(chunk)) > 0) {
      if (buffer.size() + n > MAX_RESPONSE) throw new IOException("spamd's answer is too long");
      buffer.write(chunk, 0, n);
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }
}
