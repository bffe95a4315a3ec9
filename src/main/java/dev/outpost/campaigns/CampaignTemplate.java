package dev.outpost.campaigns;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MapObjectHandler;
import dev.outpost.compose.Draft;
import dev.outpost.compose.Fields;
import dev.outpost.compose.InvalidFieldException;
import dev.outpost.compose.MailAddress;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A campaign's template, checked and compiled once, rendered for each recipient into a
 * {@link Draft}. Mustache (mustache.java) fills in each recipient's variables and its
 * {@code email}; a variable the recipient lacks renders empty. Variables are HTML-escaped in the
 * html part unless the campaign turns that off, and never in text or subject, which are not HTML.
 *
 * <p>Templates come from API callers, so they reach nothing but the recipient's own variables:
 * no partials (they would read files), and only map lookups, never methods of Java objects.
 * A compiled template is safe to render from many threads at once.
 */
public final class CampaignTemplate {
  private static final Pattern LINE_BREAKS = Pattern.compile("[\r\n]+");

  private final MailAddress from;
  private final MailAddress replyTo;
  private final Map<String, String> headers;
  private final Mustache subject;
  private final Mustache text;
  private final Mustache html;

  private CampaignTemplate(MailAddress from, MailAddress replyTo, Map<String, String> headers, Mustache subject,
      Mustache text, Mustache html) {
    this.from = from;
    this.replyTo = replyTo;
    this.headers = headers;
    this.subject = subject;
    this.text = text;
    this.html = html;
  }

  /**
   * Checks every field and compiles the templates.
   *
   * @throws InvalidFieldException naming the field under {@code template.}
   */
  public static CampaignTemplate compile(TemplateSpec spec, boolean escapeHtml) {
    if (spec == null) throw new InvalidFieldException("template", "a template is required");
    MailAddress from = MailAddress.parse(spec.from(), "template.from");
    MailAddress replyTo = spec.replyTo() == null ? null : MailAddress.parse(spec.replyTo(), "template.reply_to");
    Map<String, String> headers = Fields.headers(spec.headers(), "template.headers");
    if (spec.text() == null && spec.html() == null) {
      throw new InvalidFieldException("template.text", "text or html is required");
    }
    return new CampaignTemplate(from, replyTo, headers, compile(spec.subject(), "template.subject", false),
        compile(spec.text(), "template.text", false), compile(spec.html(), "template.html", escapeHtml));
  }

  public MailAddress from() {
    return from;
  }

  /**
   * The message for one recipient.
   *
   * @param vars the recipient's variables (from its JSON object), or an empty map
   */
  public Draft render(String email, Map<String, Object> vars, String campaignId) {
    Map<String, Object> scope = new HashMap<>(vars);
    scope.putIfAbsent("email", email);
    // A variable may hold a line break; in the Subject field it would end the field.
    String renderedSubject = subject == null ? null : LINE_BREAKS.matcher(render(subject, scope)).replaceAll(" ");
    return new Draft(from, List.of(new MailAddress(email, null)), List.of(), replyTo, renderedSubject,
        text == null ? null : render(text, scope), html == null ? null : render(html, scope), headers, List.of(),
        campaignId);
  }

  private static String render(Mustache template, Map<String, Object> scope) {
    StringWriter out = new StringWriter(256);
    template.execute(out, scope);
    return out.toString();
  }

  private static Mustache compile(String source, String field, boolean escape) {
    if (source == null) return null;
    try {
      return new Templates(escape).compile(new StringReader(source), field);
    } catch (MustacheException e) {
      throw new InvalidFieldException(field, "the template does not compile: " + e.getMessage());
    }
  }

  /** A factory that finds no partials, looks up map keys only, and escapes HTML or not. */
  private static final class Templates extends DefaultMustacheFactory {
    private final boolean escape;

    Templates(boolean escape) {
      super(name -> null);
      this.escape = escape;
      setObjectHandler(new MapObjectHandler());
    }

    @Override
    public void encode(String value, Writer writer) {
      if (escape) {
        super.encode(value, writer);
        return;
      }
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
