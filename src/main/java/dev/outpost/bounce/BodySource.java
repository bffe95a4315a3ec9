package dev.outpost.bounce;

import java.io.IOException;
import java.io.InputStream;

/** Opens a stored message body from its start; each call gives a new stream, which the caller closes. */
@FunctionalInterface
public interface BodySource {
  InputStream open() throws IOException;
}
