package dev.outpost.config;

/**
 * One thing wrong with a configuration file, located the way compilers locate errors so that
 * editors and people can jump to it: {@code outpost.toml:14: listener[2].tls: "tsl" is not one of
 * none, starttls, implicit}.
 *
 * @param source the file name as the user gave it
 * @param line 1-based line, or 0 when the problem has no single line (an unreadable file)
 * @param key the full key, such as {@code listener[2].tls}; empty for problems of the whole file
 * @param message what is wrong and, where there is a choice, what is allowed
 */
public record ConfigProblem(String source, int line, String key, String message) {

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(source);
    if (line > 0) s.append(':').append(line);
    s.append(": ");
    if (!key.isEmpty()) s.append(key).append(": ");
    return s.append(message).toString();
  }
}
