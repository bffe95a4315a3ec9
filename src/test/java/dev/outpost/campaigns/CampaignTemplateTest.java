package dev.outpost.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.compose.Draft;
import dev.outpost.compose.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignTemplateTest {
  private static TemplateSpec spec(String subject, String text, String html) {
    return new TemplateSpec("News <news@acme.test>", null, subject, text, html, null);
  }

  @Test
  void variablesAreEscapedInHtmlOnlyAndMissingOnesRenderEmpty() {
    CampaignTemplate t = CampaignTemplate.compile(
        spec("Hi {{name}}", "Dear {{name}}, code {{code}}.{{missing}}", "<p>{{name}} {{{raw}}}</p>"), true);

    Draft d = t.render("ann@x.test", Map.of("name", "Ann & <Bob>", "code", 7, "raw", "<b>ok</b>"), "c1");

    assertThat(d.subject()).isEqualTo("Hi Ann & <Bob>");
    assertThat(d.text()).isEqualTo("Dear Ann & <Bob>, code 7.");
    assertThat(d.html()).isEqualTo("<p>Ann &amp; &lt;Bob&gt; <b>ok</b></p>");
    assertThat(d.to()).extracting(a -> a.address()).containsExactly("ann@x.test");
    assertThat(d.campaign()).isEqualTo("c1");
  }

  @Test
  void escapingCanBeTurnedOffAndEmailIsAVariable() {
    CampaignTemplate t = CampaignTemplate.compile(spec("For {{email}}", null, "<p>{{name}}</p>"), false);

    Draft d = t.render("ann@x.test", Map.of("name", "<i>Ann</i>"), "c1");

    assertThat(d.subject()).isEqualTo("For ann@x.test");
    assertThat(d.html()).isEqualTo("<p><i>Ann</i></p>");
    assertThat(d.text()).isNull();
  }

  @Test
  void sectionsIterateListsAndNestedObjects() {
    CampaignTemplate t = CampaignTemplate.compile(
        spec(null, "{{#items}}- {{title}}\n{{/items}}{{#vip}}VIP{{/vip}}{{^vip}}regular{{/vip}} {{address.city}}", null),
        true);

    Draft d = t.render("a@x.test", Map.of("items", List.of(Map.of("title", "one"), Map.of("title", "two")),
        "vip", false, "address", Map.of("city", "Köln")), "c1");

    assertThat(d.text()).isEqualTo("- one\n- two\nregular Köln");
  }

  @Test
  void aLineBreakInAVariableDoesNotEndTheSubject() {
    CampaignTemplate t = CampaignTemplate.compile(spec("Hi {{name}}", "x", null), true);

    assertThat(t.render("a@x.test", Map.of("name", "Ann\r\nBcc: evil@x.test"), "c1").subject())
        .isEqualTo("Hi Ann Bcc: evil@x.test");
  }

  @Test
  void templatesThatDoNotCompileOrReachOutsideAreRefusedNamingTheField() {
    assertField(spec("{{#open}}never closed", "x", null), "template.subject");
    assertField(spec("ok", "{{> /etc/passwd}}", null), "template.text");
    assertField(spec("ok", null, null), "template.text");
    assertField(new TemplateSpec("not an address", null, "s", "x", null, null), "template.from");
    var headers = new LinkedHashMap<String, String>();
    headers.put("X-Evil", "a\nb");
    assertField(new TemplateSpec("n@acme.test", null, "s", "x", null, headers), "template.headers.X-Evil");
  }

  @Test
  void javaObjectsAreNotReachable() {
    CampaignTemplate t = CampaignTemplate.compile(spec(null, "[{{name.class}}][{{name.bytes}}]", null), true);

    assertThat(t.render("a@x.test", Map.of("name", "Ann"), "c1").text()).isEqualTo("[][]");
  }

  private static void assertField(TemplateSpec spec, String field) {
    assertThatThrownBy(() -> CampaignTemplate.compile(spec, true))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
