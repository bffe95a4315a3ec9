package dev.outpost.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The client side of the control socket, as the CLI uses it: one request, one response. */
public final class ControlClient implements AutoCloseable {
  private final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;

  private ControlClient(SocketChannel channel) {
    this.channel = channel;
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
  }

  /**
   * Connects to the server whose data directory is {@code dataDir}.
   *
   * @throws ServerNotRunningException when no server answers there
   */
  public static ControlClient connect(Path dataDir) throws ServerNotRunningException {
    Path socket = ControlServer.socketPath(dataDir).toAbsolutePath();
    if (!Files.exists(socket)) throw new ServerNotRunningException(socket, "no control socket");
    try {
      return new ControlClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    } catch (IOException e) {
      throw new ServerNotRunningException(socket, e.getMessage());
    }
  }

  /** Sends {@code request} and reads the whole response. */
  public ControlResponse send(ControlRequest request) throws IOException, ControlProtocolException {
    out.write((request.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<ControlRecord> records = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("OK")) return ControlResponse.ok(records);
      if (line.startsWith("ERROR ")) return new ControlResponse.Error(line.substring(6));
      if (line.startsWith("FAILED ")) return new ControlResponse.Failed(line.substring(7));
      records.add(ControlRecord.decode(line));
    }
    throw new IOException("the server closed the control connection before its response ended");
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
