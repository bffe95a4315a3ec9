package dev.outpost.config;

import org.tomlj.TomlPosition;

/** The text of a config file and the name it is reported under. */
record ConfigSource(String name, String text) {

  /**
   * The line where the value at {@code p} really starts. tomlj places an array element at the
   * whitespace before it, which is the line above when elements are written one per line.
   */
  int valueLine(TomlPosition p) {
    int line = 1;
    int i = 0;
    while (i < text.length() && line < p.line()) {
      if (text.charAt(i++) == '\n') line++;
    }
    i += p.column() - 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') i++;
      } else if (c == '\n') {
        line++;
        i++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else {
        break;
      }
    }
    return line;
  }
}
