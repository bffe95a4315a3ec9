package dev.outpost.reputation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules on the body: MIME structure, a text alternative, images without words, size, wording. */
final class BodyRules {
  /** Past this many bytes a marketing message is unusual, and slow for every receiver. */
  static final long LARGE_MESSAGE = 10_000_000;
  /** Gmail cuts the HTML of a message past about 102 KB and hides the rest behind a link. */
  static final int GMAIL_CLIP = 102 * 1024;
  /** HTML with images and fewer visible characters than this reads as an image-only letter. */
  static final int IMAGE_ONLY_TEXT = 200;
  private static final Pattern TAG = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>|<[^>]*>");
  private static final Pattern IMG = Pattern.compile("(?i)<img\\b");
  private static final List<String> TRIGGERS = List.of(
      "act now", "100% free", "risk-free", "risk free", "click here", "you have been selected", "you are a winner",
      "congratulations, you", "no credit check", "earn extra cash", "make money fast", "double your",
      "limited time offer", "once in a lifetime", "urgent response", "100% guaranteed", "cash bonus",
      "lowest price", "buy now", "order now", "as seen on", "this is not spam", "no strings attached",
      "miracle", "viagra", "work from home", "million dollars");
  private static final int TRIGGERS_COUNTED = 5;

  private BodyRules() {}

  static void check(LintedMessage m, List<LintFinding> out) {
    for (String problem : m.problems()) out.add(new LintFinding("broken-mime", 2.5, problem));
    if (m.plainTexts().isEmpty()) {
      out.add(new LintFinding("no-text-part", m.htmls().isEmpty() ? 1.0 : 1.5, m.htmls().isEmpty()
          ? "the message has no readable text part" : "HTML without a text/plain alternative"));
    }
    int htmlImages = 0;
    StringBuilder visible = new StringBuilder();
    for (String h : m.htmls()) {
      htmlImages += (int) IMG.matcher(h).results().count();
      visible.append(TAG.matcher(h).replaceAll(" ").replaceAll("&nbsp;|\\s+", " ").strip());
      if (h.length() > GMAIL_CLIP) {
        out.add(new LintFinding("html-clipped", 1.0, "the HTML part is " + h.length() / 1024 + " KB; Gmail clips"
            + " HTML past 102 KB and hides the rest (and the unsubscribe link) behind a link"));
      }
    }
    boolean images = htmlImages > 0 || m.imageParts() > 0;
    if (!m.htmls().isEmpty() && images && visible.length() < IMAGE_ONLY_TEXT) {
      out.add(new LintFinding("image-only", 2.5, "the HTML is images with " + visible.length()
          + " characters of text; filters cannot read images, so they distrust them: add real text"));
    }
    if (m.size() > LARGE_MESSAGE) {
      out.add(new LintFinding("oversized", 1.5, "the message is " + m.size() / 1_000_000 + " MB; link to large"
          + " files instead of attaching them"));
    }
    String words = (String.join(" ", m.plainTexts()) + " " + visible).toLowerCase(Locale.ROOT);
    wording(words, out);
  }

  private static void wording(String text, List<LintFinding> out) {
    List<String> found = new ArrayList<>();
    for (String t : TRIGGERS) {
      if (text.contains(t) && found.size() < TRIGGERS_COUNTED) found.add(t);
    }
    if (!found.isEmpty()) {
      out.add(new LintFinding("trigger-phrases", 0.5 * found.size(), "phrases that spam filters score: \""
          + String.join("\", \"", found) + "\""));
    }
    if (text.contains("!!!")) {
      out.add(new LintFinding("body-exclamations", 1.0, "the text has runs of exclamation marks (\"!!!\")"));
    }
  }
}
