package dev.outpost.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.campaigns.CampaignStore.NewRecipient;
import dev.outpost.campaigns.RecipientUpload.Format;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientUploadTest {
  private final List<NewRecipient> accepted = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();

  private void read(Format format, String body) throws Exception {
    RecipientUpload.read(format, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        new RecipientUpload.Sink() {
          @Override
          public void accept(NewRecipient recipient) {
            accepted.add(recipient);
          }

          @Override
          public void reject(long line, String field, String message) {
            rejected.add(line + ":" + field);
          }
        });
  }

  @Test
  void ndjsonLinesWithVarsAndEachBadLineNamed() throws Exception {
    read(Format.NDJSON, """
        {"email": "Ann@Example.test", "vars": {"name": "Ann", "n": 1}}
        {"email": "bob@example.test"}

        {"email": "not an address"}
        {"mail": "x@example.test"}
        [1, 2]
        {"email": "c@example.test", "vars": "nope"}
        {broken
        {"email": 5}
        {"email": "last@example.test", "vars": null}""");

    assertThat(accepted).containsExactly(new NewRecipient("ann@example.test", "{\"name\":\"Ann\",\"n\":1}"),
        new NewRecipient("bob@example.test", null), new NewRecipient("last@example.test", null));
    assertThat(rejected).containsExactly("4:email", "5:mail", "6:null", "7:vars", "8:null", "9:email");
  }

  @Test
  void csvWithAHeaderRowQuotesAndLineBreaksInsideQuotes() throws Exception {
    read(Format.CSV, "first_name,Email,city\r\n"
        + "Ann,ann@example.test,\"Köln, \"\"Altstadt\"\"\"\r\n"
        + "\"Bob\nSmith\",bob@example.test,Berlin\r\n"
        + "too,few\r\n"
        + "Eve,bad@,Paris\r\n"
        + "\r\n"
        + "Cy,cy@example.test,\n");

    assertThat(accepted).containsExactly(
        new NewRecipient("ann@example.test", "{\"first_name\":\"Ann\",\"city\":\"Köln, \\\"Altstadt\\\"\"}"),
        new NewRecipient("bob@example.test", "{\"first_name\":\"Bob\\nSmith\",\"city\":\"Berlin\"}"),
        new NewRecipient("cy@example.test", "{\"first_name\":\"Cy\",\"city\":\"\"}"));
    assertThat(rejected).containsExactly("5:null", "6:email");
  }

  @Test
  void csvWithoutAnEmailColumnIsRefusedAtTheHeader() throws Exception {
    read(Format.CSV, "name,address\nAnn,ann@example.test\n");

    assertThat(accepted).isEmpty();
    assertThat(rejected).containsExactly("1:email");
  }

  @Test
  void anOverlongRecordIsSkippedAndTheNextOneRead() throws Exception {
    read(Format.NDJSON, "{\"email\": \"a@example.test\", \"vars\": {\"x\": \"" + "y".repeat(RecipientUpload.MAX_RECORD)
        + "\"}}\n{\"email\": \"b@example.test\"}\n");

    assertThat(accepted).extracting(NewRecipient::email).containsExactly("b@example.test");
    assertThat(rejected).containsExactly("1:null");
  }

  @Test
  void formatsByContentType() {
    assertThat(Format.of("application/x-ndjson; charset=utf-8")).isEqualTo(Format.NDJSON);
    assertThat(Format.of("text/csv")).isEqualTo(Format.CSV);
    assertThat(Format.of("application/json")).isNull();
  }
}
