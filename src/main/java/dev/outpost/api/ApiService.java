package dev.outpost.api;

import io.helidon.webserver.http.HttpService;

/** One group of endpoints, and the part of the OpenAPI document that describes them. */
public interface ApiService extends HttpService {

  /**
   * The file name of this group's OpenAPI fragment under {@code dev/outpost/api/openapi/}: a JSON
   * object with {@code paths} and, optionally, {@code components.schemas}. Null for routes that
   * are not part of the API, such as {@code /metrics}.
   */
  String openApiFragment();
}
