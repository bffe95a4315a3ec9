package dev.outpost.smtp;

import java.io.IOException;

/** Receives the decoded message content, a run of octets at a time. */
@FunctionalInterface
public interface ContentSink {
  void write(byte[] buffer, int offset, int length) throws IOException;
}
