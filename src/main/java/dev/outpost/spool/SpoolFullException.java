package dev.outpost.spool;

import java.io.IOException;

/** The spool's disk has no room left; the client should retry later (452 4.3.1). */
public class SpoolFullException extends IOException {
  public SpoolFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
