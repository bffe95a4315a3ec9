package dev.outpost.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The OpenAPI 3.1 document at {@code /api/v1/openapi.json}, assembled at start from a base and the
 * fragment of each registered service, so that each group of endpoints is described next to its
 * own name and a service that is not running is not advertised.
 */
final class OpenApiDocument {
  private static final String DIRECTORY = "openapi/";

  private OpenApiDocument() {}

  static byte[] assemble(String version, List<? extends ApiService> services) {
    ObjectNode document = (ObjectNode) load("base.json");
    ((ObjectNode) document.get("info")).put("version", version);
    ObjectNode paths = document.withObject("/paths");
    ObjectNode schemas = document.withObject("/components").withObject("/schemas");
    for (ApiService service : services) {
      String fragment = service.openApiFragment();
      if (fragment == null) continue;
      JsonNode part = load(fragment);
      part.path("paths").properties().forEach(e -> paths.set(e.getKey(), e.getValue()));
      part.path("components").path("schemas").properties().forEach(e -> schemas.set(e.getKey(), e.getValue()));
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode load(String name) {
    try (InputStream in = Objects.requireNonNull(OpenApiDocument.class.getResourceAsStream(DIRECTORY + name),
        () -> "missing OpenAPI fragment " + DIRECTORY + name)) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("OpenAPI fragment " + name + " is not valid JSON", e);
    }
  }
}
