package dev.outpost.testkit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/** One connection to the sink: a plain SMTP server loop driven by the sink's current behaviour. */
final class SinkSession {
  private final SmtpSink sink;
  private final int number;
  /** Stops counting this connection as open; called before the 221, idempotent. */
  private final Runnable ending;
  private Socket socket;
  private SinkInput in;
  private OutputStream out;
  private boolean tls;
  private String sender;
  private String mailParameters;
  private String heloName;
  private final List<String> recipients = new ArrayList<>();

  SinkSession(SmtpSink sink, Socket socket, int number, Runnable ending) {
    this.sink = sink;
    this.socket = socket;
    this.number = number;
    this.ending = ending;
  }

  void run() {
    try {
      socket.setTcpNoDelay(true);
      attach();
      serve();
    } catch (IOException | InterruptedException e) {
      // The client went away or the sink is closing; either ends the session.
    } finally {
      sink.forget(socket);
      SmtpSink.closeQuietly(socket);
    }
  }

  private void serve() throws IOException, InterruptedException {
    if (!act(SinkStep.GREETING)) return;
    String greeting = sink.behaviour().replyFor(SinkStep.GREETING, "220 sink.localhost ESMTP Outpost test sink");
    reply(greeting);
    boolean refused = !greeting.startsWith("2");
    if (greeting.startsWith("421")) {
      out.flush();
      return;
    }
    while (true) {
      byte[] raw = in.readLine();
      if (raw == null) return;
      String line = text(raw);
      sink.recordCommand(line);
      String upper = line.toUpperCase(Locale.ROOT);
      String verb = upper.split(" ", 2)[0];
      if (refused && !verb.equals("QUIT")) {
        reply("503 5.5.1 not accepting mail");
        continue;
      }
      switch (verb) {
        case "EHLO" -> {
          if (!act(SinkStep.EHLO)) return;
          heloName = argument(line);
          resetTransaction();
          String scripted = sink.behaviour().replyFor(SinkStep.EHLO, null);
          reply(scripted != null ? scripted : ehloReply());
        }
        case "HELO" -> {
          heloName = argument(line);
          resetTransaction();
          reply("250 sink.localhost");
        }
        case "STARTTLS" -> {
          if (!sink.behaviour().startTls() || tls) {
            reply("502 5.5.1 STARTTLS not offered");
            continue;
          }
          if (!act(SinkStep.STARTTLS)) return;
          String ready = sink.behaviour().replyFor(SinkStep.STARTTLS, "220 2.0.0 Ready to start TLS");
          String inject = sink.behaviour().injectAfterStartTls();
          reply(inject == null ? ready : ready + "\r\n" + inject);
          out.flush();
          if (ready.startsWith("220")) upgrade();
        }
        case "MAIL" -> onMail(line);
        case "RCPT" -> onRcpt(line);
        case "DATA" -> {
          if (!onData()) return;
        }
        case "RSET" -> {
          resetTransaction();
          reply("250 2.0.0 Ok");
        }
        case "NOOP" -> reply("250 2.0.0 Ok");
        case "QUIT" -> {
          // The client may connect again the moment it reads the 221; this session is over by then.
          ending.run();
          reply("221 2.0.0 Bye");
          out.flush();
          return;
        }
        default -> reply("502 5.5.2 command not recognized");
      }
      if (socket.isClosed()) return;
    }
  }

  private String ehloReply() {
    SinkBehaviour b = sink.behaviour();
    List<String> keywords = new ArrayList<>();
    if (b.pipelining()) keywords.add("PIPELINING");
    keywords.add("SIZE 0");
    if (b.eightBitMime()) keywords.add("8BITMIME");
    if (b.smtpUtf8()) keywords.add("SMTPUTF8");
    if (b.startTls() && !tls) keywords.add("STARTTLS");
    keywords.add("ENHANCEDSTATUSCODES");
    keywords.add("DSN");
    StringBuilder s = new StringBuilder("250-sink.localhost");
    for (int i = 0; i < keywords.size(); i++) {
      s.append("\r\n250").append(i == keywords.size() - 1 ? ' ' : '-').append(keywords.get(i));
    }
    return s.toString();
  }

  private void onMail(String line) throws IOException, InterruptedException {
    if (sender != null) {
      reply("503 5.5.1 nested MAIL command");
      return;
    }
    int open = line.indexOf('<');
    int close = line.indexOf('>', open + 1);
    if (!line.toUpperCase(Locale.ROOT).startsWith("MAIL FROM:") || open < 0 || close < 0) {
      reply("501 5.5.4 syntax: MAIL FROM:<address>");
      return;
    }
    if (!act(SinkStep.MAIL)) return;
    String answer = sink.behaviour().replyFor(SinkStep.MAIL, "250 2.1.0 Ok");
    if (answer.startsWith("2")) {
      sender = line.substring(open + 1, close);
      mailParameters = line.substring(close + 1).trim();
    }
    reply(answer);
  }

  private void onRcpt(String line) throws IOException, InterruptedException {
    if (sender == null) {
      reply("503 5.5.1 need MAIL before RCPT");
      return;
    }
    int open = line.indexOf('<');
    int close = line.indexOf('>', open + 1);
    if (!line.toUpperCase(Locale.ROOT).startsWith("RCPT TO:") || open < 0 || close < 0) {
      reply("501 5.5.4 syntax: RCPT TO:<address>");
      return;
    }
    if (!act(SinkStep.RCPT)) return;
    String address = line.substring(open + 1, close);
    SinkBehaviour b = sink.behaviour();
    if (b.maxRecipients() > 0 && recipients.size() >= b.maxRecipients()) {
      reply("452 4.5.3 too many recipients");
      return;
    }
    String answer = b.replyForRecipient(address, "250 2.1.5 Ok");
    if (answer.startsWith("2")) recipients.add(address);
    reply(answer);
  }

  /** Returns false when the session must end (dropped at a step). */
  private boolean onData() throws IOException, InterruptedException {
    if (recipients.isEmpty()) {
      reply(sender == null ? "503 5.5.1 need MAIL command" : "554 5.5.1 no valid recipients");
      return true;
    }
    if (!act(SinkStep.DATA)) return false;
    String answer = sink.behaviour().replyFor(SinkStep.DATA, "354 End data with <CR><LF>.<CR><LF>");
    reply(answer);
    if (!answer.startsWith("354")) {
      resetTransaction();
      return true;
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (boolean first = true; ; first = false) {
      byte[] line = in.readLine();
      if (line == null) return false;
      if (isDot(line)) break;
      if (first && !act(SinkStep.DATA_CONTENT)) return false;
      int skip = line.length > 1 && line[0] == '.' ? 1 : 0;
      data.write(line, skip, line.length - skip);
    }
    if (!act(SinkStep.END_OF_DATA)) return false;
    String end = sink.behaviour().replyFor(SinkStep.END_OF_DATA, null);
    if (end == null) {
      sink.record(new ReceivedMessage(number, sender, mailParameters, recipients, data.toByteArray(),
          Instant.now(), tls, socket.getInetAddress(), heloName));
      end = "250 2.0.0 Ok: queued as S" + number + "." + sink.messages().size();
    }
    reply(end);
    resetTransaction();
    return true;
  }

  private static String argument(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? null : line.substring(space + 1).trim();
  }

  private static boolean isDot(byte[] line) {
    return (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n')
        || (line.length == 2 && line[0] == '.' && line[1] == '\n');
  }

  /**
   * Applies drop or stall at {@code step}. Returns false when the connection was dropped; a
   * stall blocks until the sink closes (the client's timeout is what the test observes).
   */
  private boolean act(SinkStep step) throws IOException, InterruptedException {
    SinkBehaviour b = sink.behaviour();
    if (b.dropsAt(step)) {
      out.flush();
      SmtpSink.closeQuietly(socket);
      return false;
    }
    if (b.stallsAt(step)) {
      out.flush();
      while (!sink.isClosed() && !socket.isClosed()) Thread.sleep(50);
      return false;
    }
    return true;
  }

  private void upgrade() throws IOException {
    SSLSocket ssl = (SSLSocket) sink.tlsContext().getSocketFactory()
        .createSocket(socket, null, socket.getPort(), true);
    ssl.setUseClientMode(false);
    ssl.startHandshake();
    sink.track(ssl);
    socket = ssl;
    tls = true;
    resetTransaction();
    attach();
  }

  private void attach() throws IOException {
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    in = new SinkInput(socket.getInputStream(), out);
  }

  private void resetTransaction() {
    sender = null;
    mailParameters = null;
    recipients.clear();
  }

  private void reply(String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] raw) {
    int end = raw.length;
    if (end > 0 && raw[end - 1] == '\n') end--;
    if (end > 0 && raw[end - 1] == '\r') end--;
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }
}
