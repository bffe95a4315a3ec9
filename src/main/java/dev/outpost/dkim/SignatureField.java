package dev.outpost.dkim;

/**
 * Writes a DKIM-Signature field folded to lines of at most 78 characters (RFC 5322 §2.1.1).
 * Folds go only where RFC 6376 allows whitespace: between tags, around the colons of
 * {@code h=}, and inside the {@code b=} value. The {@code bh=} value is never folded, though the
 * RFC allows it, because some verifiers (dkimpy among them) compare it without removing the
 * whitespace; at 44 characters it fits on a line of its own. The field is built up to an empty {@code b=}, which is
 * what gets signed (§3.7), and the signature is then appended without touching what came before,
 * so the signed text and the sent text agree.
 */
final class SignatureField {
  static final String NAME = "DKIM-Signature";
  private static final int MAX_LINE = 78;
  private static final String FOLD = "\r\n ";

  private final StringBuilder text = new StringBuilder(NAME).append(':');
  private int column = text.length();

  /** A tag that cannot be broken, such as {@code d=example.com;}, after a space or a fold. */
  SignatureField tag(String tag) {
    piece(tag, true);
    return this;
  }

  /** {@code h=a:b:c;} with folds allowed before each colon. */
  SignatureField headerList(Iterable<String> names) {
    boolean first = true;
    for (String name : names) {
      piece(first ? "h=" + name : ":" + name, first);
      first = false;
    }
    piece(";", false);
    return this;
  }

  /** {@code name=} for a base64 value, leaving room for at least a few characters of it. */
  SignatureField base64Tag(String name) {
    piece(name + "=" + " ".repeat(8), true);
    text.setLength(text.length() - 8);
    column -= 8;
    return this;
  }

  /** Appends base64 text, filling each line and folding inside the value. */
  SignatureField base64(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (column >= MAX_LINE) fold();
      text.append(value.charAt(i));
      column++;
    }
    return this;
  }

  /** The value after the colon, as far as it is written. */
  String value() {
    return text.substring(NAME.length() + 1);
  }

  /** The whole field with its final CRLF. */
  String field() {
    return text + "\r\n";
  }

  private void piece(String piece, boolean spaced) {
    int width = piece.length() + (spaced ? 1 : 0);
    if (column + width > MAX_LINE) {
      fold();
    } else if (spaced) {
      text.append(' ');
      column++;
    }
    text.append(piece);
    column += piece.length();
  }

  private void fold() {
    text.append(FOLD);
    column = FOLD.length() - 2;
  }
}
