package dev.outpost.api;

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
