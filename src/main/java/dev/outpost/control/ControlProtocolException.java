package dev.outpost.control;

/** A line that is not what the control protocol allows, on either side. */
public final class ControlProtocolException extends Exception {

  public ControlProtocolException(String message) {
    super(message, null, false, false);
  }
}
