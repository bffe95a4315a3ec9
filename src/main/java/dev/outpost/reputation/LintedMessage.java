package dev.outpost.reputation;

import java.util.List;

/**
 * What the lint rules look at, taken out of a parsed message.
 *
 * @param size the message's size in bytes, as received
 * @param headers the top-level header fields, by name as written
 * @param plainTexts the decoded text/plain parts that are not attachments
 * @param htmls the decoded text/html parts that are not attachments
 * @param imageParts image parts, inline or attached
 * @param problems why parts of the MIME structure could not be read
 */
record LintedMessage(long size, List<Header> headers, List<String> plainTexts, List<String> htmls, int imageParts,
    List<String> problems) {

  LintedMessage {
    headers = List.copyOf(headers);
    plainTexts = List.copyOf(plainTexts);
    htmls = List.copyOf(htmls);
    problems = List.copyOf(problems);
  }

  record Header(String name, String value) {}

  /** The values of every field named {@code name}, case-insensitively. */
  List<String> all(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
  }

  String first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? null : values.get(0);
  }
}
