package dev.outpost.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON in and out of the API with one shared mapper. Unknown fields are refused rather than
 * ignored, so that a misspelt option is an error the caller sees instead of a silent default.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String MEDIA_TYPE = "application/json";

  private Json() {}

  /** The request body as {@code type}; malformed JSON and wrong fields become a 400 naming the field. */
  public static <T> T read(ServerRequest request, Class<T> type) {
    requireJson(request);
    try (InputStream body = request.content().inputStream()) {
      return MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw badJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readTree(ServerRequest request) {
    requireJson(request);
    try (InputStream body = request.content().inputStream()) {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) throw ApiException.badRequest(null, "the request body is empty");
      return node;
    } catch (JsonProcessingException e) {
      throw badJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void send(ServerResponse response, Status status, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable: " + body.getClass().getName(), e);
    }
    response.status(status);
    response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
    response.send(bytes);
  }

  public static void send(ServerResponse response, Object body) {
    send(response, Status.OK_200, body);
  }

  private static void requireJson(ServerRequest request) {
    String type = request.headers().first(HeaderNames.CONTENT_TYPE).orElse(MEDIA_TYPE);
    if (!type.regionMatches(true, 0, MEDIA_TYPE, 0, MEDIA_TYPE.length())) {
      throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
          "send the body as application/json, not " + type, null);
    }
  }

  private static ApiException badJson(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return ApiException.badRequest(path(unknown), "unknown field '" + unknown.getPropertyName() + "'");
    }
    String field = e instanceof JsonMappingException mapping ? path(mapping) : null;
    return ApiException.badRequest(field, "malformed JSON: " + e.getOriginalMessage());
  }

  /** Jackson's reference chain as a path such as {@code recipients[3].email}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) path.append('.');
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }
}
