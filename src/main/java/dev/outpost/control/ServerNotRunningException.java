package dev.outpost.control;

import java.nio.file.Path;

/** No server answers on the control socket of a data directory. */
public final class ServerNotRunningException extends Exception {

  public ServerNotRunningException(Path socket, String why) {
    super("the server is not running (" + why + " at " + socket + ")", null, false, false);
  }
}
