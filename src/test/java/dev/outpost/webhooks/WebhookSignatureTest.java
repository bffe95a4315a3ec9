package dev.outpost.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  /** The vector was computed with the Python of docs/webhooks.md, so the two cannot drift apart. */
  @Test
  void theHeaderIsTheTimestampAndTheHexHmacOfTimestampDotBody() {
    byte[] body = "{\"webhook_id\":\"wh_1\",\"delivery_id\":\"dl_1\",\"events\":[]}".getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookSignature.header("whsec_test-secret", 1_900_000_000L, body))
        .isEqualTo("t=1900000000,v1=55252f57f7d98201b8a7c0234f582bc9e90d76ca85e838569785837c7be8ea94");
  }

  @Test
  void anotherTimeOrSecretOrBodySignsDifferently() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String signature = WebhookSignature.header("s1", 100, body);

    assertThat(WebhookSignature.header("s1", 101, body).substring(6)).isNotEqualTo(signature.substring(6));
    assertThat(WebhookSignature.header("s2", 100, body)).isNotEqualTo(signature);
    assertThat(WebhookSignature.header("s1", 100, "{ }".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(signature);
  }

  @Test
  void secretsAreLongRandomAndPrintable() {
    String a = WebhookIds.secret();
    assertThat(a).startsWith("whsec_").hasSize(49).matches("[A-Za-z0-9_-]+");
    assertThat(WebhookIds.secret()).isNotEqualTo(a);
    assertThat(WebhookIds.webhook()).matches("wh_[0-9a-f]{16}");
    assertThat(WebhookIds.delivery()).matches("dl_[0-9a-f]{16}");
  }
}
