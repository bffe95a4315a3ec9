package dev.outpost.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client for tests that read like a transcript: {@code send("EHLO x")}, then
 * {@code expectCode(250)}. It writes exactly the bytes it is given, so tests can pipeline, talk
 * out of turn or inject bare line feeds, which a well-behaved mail library would never do.
 */
public final class TranscriptClient implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private TranscriptClient(Socket socket) throws IOException {
    this.socket = socket;
    useStreams();
  }

  public static TranscriptClient connect(InetSocketAddress address, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    return new TranscriptClient(socket);
  }

  public static TranscriptClient connect(InetSocketAddress address) throws IOException {
    return connect(address, Duration.ofSeconds(10));
  }

  /** Sends {@code line} followed by CRLF. */
  public TranscriptClient send(String line) throws IOException {
    return sendRaw(line + "\r\n");
  }

  /** Sends the text exactly as given (UTF-8), with no line ending added. */
  public TranscriptClient sendRaw(String text) throws IOException {
    return sendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  public TranscriptClient sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one complete (possibly multi-line) reply. */
  public Response read() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line == null) throw new IOException("connection closed while waiting for a reply; got " + lines);
      if (line.length() < 3) throw new IOException("malformed reply line: " + line);
      lines.add(line);
      if (line.length() == 3 || line.charAt(3) == ' ') break;
    }
    return new Response(Integer.parseInt(lines.get(0).substring(0, 3)), lines);
  }

  /** Reads a reply and checks its code; returns it for further checks. */
  public Response expectCode(int code) throws IOException {
    Response r = read();
    if (r.code() != code) throw new AssertionError("expected " + code + " but got " + r.lines());
    return r;
  }

  /** True when the server has closed the connection (reads end of stream). */
  public boolean isClosedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  /** Upgrades the connection after a 220 to STARTTLS, trusting any certificate. */
  public TranscriptClient startTls(SSLContext context) throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    tls.setUseClientMode(true);
    tls.startHandshake();
    socket = tls;
    useStreams();
    return this;
  }

  public Socket socket() {
    return socket;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }

  private void useStreams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A reply as received: its code and its lines, each with code and separator. */
  public record Response(int code, List<String> lines) {
    /** The text of the last line after the code and separator. */
    public String text() {
      String last = lines.get(lines.size() - 1);
      return last.length() > 4 ? last.substring(4) : "";
    }

    /** Whether this is exactly the given reply from Outpost's catalog (code, status and text). */
    public boolean matches(int expectedCode, String enhanced, String text) {
      return code == expectedCode && text().equals(enhanced == null ? text : enhanced + " " + text);
    }
  }
}
