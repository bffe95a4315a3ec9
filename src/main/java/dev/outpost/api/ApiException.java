package dev.outpost.api;

import dev.outpost.smtp.Reply;
import io.helidon.http.Status;

/**
 * A request that cannot be served, as the client will see it: an HTTP status, a stable
 * machine-readable code, words a person can act on, and the request field at fault when there is
 * one.
 */
public final class ApiException extends RuntimeException {
  private final Status status;
  private final String code;
  private final String field;

  public ApiException(Status status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(Status.BAD_REQUEST_400, "invalid_field", message, field);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(Status.UNAUTHORIZED_401, "unauthorized", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(Status.FORBIDDEN_403, "forbidden", message, null);
  }

  public static ApiException notFound(String message) {
    return new ApiException(Status.NOT_FOUND_404, "not_found", message, null);
  }

  public static ApiException conflict(String message) {
    return new ApiException(Status.CONFLICT_409, "conflict", message, null);
  }

  /**
   * A mail policy's refusal, with the HTTP status that means the same: a limit that a later try
   * may pass (429), too many recipients in one message (400 naming the recipient), a message too
   * large (413), a sender or content not allowed (403), anything else permanent (422). The words
   * are the policy's own, as an SMTP client would read them.
   *
   * @param field the request field the refusal is about, or null
   */
  public static ApiException refused(Reply reply, String field) {
    String message = String.join(" ", reply.lines());
    String enhanced = reply.enhanced() == null ? "" : reply.enhanced();
    if (enhanced.endsWith(".5.3")) return badRequest(field, message);
    if (reply.code() < 500) return new ApiException(Status.TOO_MANY_REQUESTS_429, "limit_reached", message, field);
    if (enhanced.equals("5.3.4")) {
      return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", message, field);
    }
    if (enhanced.startsWith("5.7.")) return new ApiException(Status.FORBIDDEN_403, "forbidden", message, field);
    return new ApiException(Status.UNPROCESSABLE_CONTENT_422, "refused", message, field);
  }

  public Status status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The request field at fault (a JSON path such as {@code recipients[3].email}), or null. */
  public String field() {
    return field;
  }
}
