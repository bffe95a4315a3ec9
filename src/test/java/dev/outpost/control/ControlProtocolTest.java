package dev.outpost.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.queue.MessageSelector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {

  @Test
  void everyRequestReadsBackAsItWasWritten() throws ControlProtocolException {
    List<ControlRequest> requests = List.of(
        new ControlRequest.Ping(),
        new ControlRequest.QueueSummary(),
        new ControlRequest.QueueList(null, 100),
        new ControlRequest.QueueList("example.com", 5),
        new ControlRequest.QueueShow("38GNZ8XGC0000SZG"),
        new ControlRequest.QueueRetry(new MessageSelector.All()),
        new ControlRequest.QueueRetry(new MessageSelector.ById("38GNZ8XGC0000SZG")),
        new ControlRequest.QueueHold(new MessageSelector.ByDomain("example.com")),
        new ControlRequest.QueueRelease(new MessageSelector.ByDomain("example.com")),
        new ControlRequest.QueueDelete(new MessageSelector.ById("X1"), true),
        new ControlRequest.QueueDelete(new MessageSelector.ByDomain("example.com"), false),
        new ControlRequest.Limits(),
        new ControlRequest.Status());
    for (ControlRequest request : requests) {
      assertThat(ControlRequest.parse(request.toLine())).isEqualTo(request);
    }
    assertThat(new ControlRequest.QueueHold(new MessageSelector.ByDomain("Example.COM")).toLine())
        .isEqualTo("OUTPOST/1 queue.hold domain=example.com");
  }

  @Test
  void badRequestsAreNamed() {
    assertProblem("queue.list", "a request starts with OUTPOST/1, then the command");
    assertProblem("OUTPOST/2 ping", "unsupported protocol version OUTPOST/2; this server speaks OUTPOST/1");
    assertProblem("OUTPOST/1", "missing command; known: ping, queue.summary");
    assertProblem("OUTPOST/1 queue.flush", "unknown command \"queue.flush\"; known: ping, queue.summary, queue.list");
    assertProblem("OUTPOST/1 queue.show", "missing id=");
    assertProblem("OUTPOST/1 queue.hold id=A domain=b.test", "name exactly one of id=ID, domain=DOMAIN or all");
    assertProblem("OUTPOST/1 queue.delete all", "queue.delete takes id= or domain=, never all");
    assertProblem("OUTPOST/1 queue.list limit=0", "limit must be a positive number, got \"0\"");
    assertProblem("OUTPOST/1 queue.summary bounce", "queue.summary takes no argument bounce");
    assertProblem("OUTPOST/1 queue.show id=a/../b", "bad value for id: \"a/../b\"");
  }

  @Test
  void recordsCarryAnyTextOnOneLine() throws ControlProtocolException {
    ControlRecord record = ControlRecord.of("message").put("id", "Q1").put("reply", "451 a\tb\\c\r\nnext line")
        .put("missing", null).flag("held", true).build();
    String line = record.encode();
    assertThat(line).doesNotContain("\n").isEqualTo("message\tid=Q1\treply=451 a\\tb\\\\c\\r\\nnext line\theld=yes");
    ControlRecord back = ControlRecord.decode(line);
    assertThat(back).isEqualTo(record);
    assertThat(back.get("missing")).isNull();
    assertThat(back.getFlag("held")).isTrue();
    assertThatThrownBy(() -> ControlRecord.decode("message\tbroken")).isInstanceOf(ControlProtocolException.class);
    assertThatThrownBy(() -> ControlRecord.of("ok").build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusLinesStayOnOneLine() {
    assertThat(ControlResponse.ok(List.of()).statusLine()).isEqualTo("OK");
    assertThat(new ControlResponse.Error("no message X\nin the queue").statusLine()).isEqualTo("ERROR no message X in the queue");
    assertThat(new ControlResponse.Failed("disk").statusLine()).isEqualTo("FAILED disk");
  }

  private static void assertProblem(String line, String message) {
    assertThatThrownBy(() -> ControlRequest.parse(line)).isInstanceOf(ControlProtocolException.class)
        .hasMessageStartingWith(message);
  }
}
