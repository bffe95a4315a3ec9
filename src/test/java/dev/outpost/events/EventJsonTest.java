package dev.outpost.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.bounce.BounceCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void everyFieldOfTheEventIsWrittenUnderItsDocumentedName() {
    DeliveryEvent bounced = new DeliveryEvent(42, Instant.parse("2030-01-15T10:00:00.250Z"), DeliveryEvent.Type.BOUNCED,
        "38GNZ8XGC0000SZG", "Gone@Example.NET", "news@acme.example", "acme", "spring-sale",
        "mx.example.net[192.0.2.25]:25", "550 5.1.1 no such user", "5.1.1", BounceCategory.UNKNOWN_USER,
        "198.51.100.7", "google", null);

    JsonNode e = MAPPER.valueToTree(EventJson.of(bounced));

    List<String> names = new ArrayList<>();
    e.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("id", "time", "type", "queue_id", "recipient", "sender", "account", "campaign",
        "remote_host", "reply", "status_code", "category", "advice", "source_ip", "site", "recipient_domain");
    assertThat(e.get("id").asLong()).isEqualTo(42);
    assertThat(e.get("time").asText()).isEqualTo("2030-01-15T10:00:00.250Z");
    assertThat(e.get("type").asText()).isEqualTo("bounced");
    assertThat(e.get("queue_id").asText()).isEqualTo("38GNZ8XGC0000SZG");
    assertThat(e.get("recipient").asText()).isEqualTo("gone@example.net");
    assertThat(e.get("sender").asText()).isEqualTo("news@acme.example");
    assertThat(e.get("account").asText()).isEqualTo("acme");
    assertThat(e.get("campaign").asText()).isEqualTo("spring-sale");
    assertThat(e.get("remote_host").asText()).isEqualTo("mx.example.net[192.0.2.25]:25");
    assertThat(e.get("reply").asText()).isEqualTo("550 5.1.1 no such user");
    assertThat(e.get("status_code").asText()).isEqualTo("5.1.1");
    assertThat(e.get("category").asText()).isEqualTo("unknown_user");
    assertThat(e.get("advice").asText()).isEqualTo(BounceCategory.UNKNOWN_USER.advice());
    assertThat(e.get("source_ip").asText()).isEqualTo("198.51.100.7");
    assertThat(e.get("site").asText()).isEqualTo("google");
    assertThat(e.get("recipient_domain").asText()).isEqualTo("example.net");
  }

  @Test
  void absentFieldsAreNullNotLeftOut() {
    DeliveryEvent received = DeliveryEvent.of(DeliveryEvent.Type.RECEIVED, Instant.parse("2030-01-15T10:00:00Z"))
        .build();

    JsonNode e = MAPPER.valueToTree(EventJson.of(received));

    assertThat(e.size()).isEqualTo(16);
    for (String name : List.of("queue_id", "recipient", "account", "campaign", "remote_host", "status_code",
        "category", "advice", "source_ip", "site", "recipient_domain")) {
      assertThat(e.get(name).isNull()).as(name).isTrue();
    }
  }
}
