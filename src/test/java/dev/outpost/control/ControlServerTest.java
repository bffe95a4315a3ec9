package dev.outpost.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.server.RunningOutpost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket of a real running Outpost, spoken to line by line. */
class ControlServerTest {
  @TempDir Path dir;

  @Test
  void answersRequestsInTurnOnOneConnection() throws Exception {
    try (RunningOutpost server = RunningOutpost.start(dir);
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("control.sock")))) {
      var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      OutputStream out = Channels.newOutputStream(channel);

      assertThat(exchange(in, out, "OUTPOST/1 ping")).containsExactly("pong\tprotocol=OUTPOST/1", "OK");
      assertThat(exchange(in, out, "OUTPOST/1 queue.summary")).containsExactly("OK");
      assertThat(exchange(in, out, "OUTPOST/1 queue.frobnicate")).singleElement().asString()
          .startsWith("ERROR unknown command \"queue.frobnicate\"; known: ping, queue.summary");
      assertThat(exchange(in, out, "OUTPOST/1 queue.show id=NOPE")).containsExactly("ERROR no message NOPE in the queue");
      assertThat(exchange(in, out, "OUTPOST/1 limits")).first().asString().startsWith("connections\topen=0\tmax=");
    }
  }

  @Test
  void theSocketIsTheOwnersAloneAndGoesAwayOnStop() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (RunningOutpost server = RunningOutpost.start(dir)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
      try (ControlClient client = ControlClient.connect(dir)) {
        assertThat(client.send(new ControlRequest.Ping())).isInstanceOf(ControlResponse.Ok.class);
      }
    }
    assertThat(socket).doesNotExist();
    assertThatThrownBy(() -> ControlClient.connect(dir)).isInstanceOf(ServerNotRunningException.class)
        .hasMessage("the server is not running (no control socket at " + socket.toAbsolutePath() + ")");
  }

  @Test
  void aStaleSocketIsReplacedAndALiveOneRefused() throws Exception {
    Path socket = dir.resolve("control.sock");
    ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    dead.bind(UnixDomainSocketAddress.of(socket));
    dead.close();
    assertThat(socket).exists();

    try (RunningOutpost server = RunningOutpost.start(dir);
        ControlClient client = ControlClient.connect(dir)) {
      assertThat(client.send(new ControlRequest.Ping())).isInstanceOf(ControlResponse.Ok.class);
      Path other = Files.createDirectory(dir.resolve("other"));
      Files.createSymbolicLink(other.resolve("control.sock"), socket);
      assertThatThrownBy(() -> ControlServer.start(other, null)).isInstanceOf(IOException.class)
          .hasMessageContaining("another Outpost is running with this data directory");
    }
  }

  private static List<String> exchange(BufferedReader in, OutputStream out, String request) throws IOException {
    out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
      if (line.equals("OK") || line.startsWith("ERROR ") || line.startsWith("FAILED ")) break;
    }
    return lines;
  }
}
