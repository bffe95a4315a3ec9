package dev.outpost.api;

import dev.outpost.config.HttpConfig;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server for the API, health, metrics and public pages: Helidon SE, which serves each
 * request on its own virtual thread, so handlers block plainly like the SMTP side does.
 *
 * <p>Every failure reaches the client as JSON with a code and a message; an unexpected exception
 * is logged here and answered with a 500 that carries no stack trace.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  /** Held so that the level set on Helidon's JUL logger is not lost when the logger is collected. */
  private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

  private final WebServer server;
  private final String host;

  private ApiServer(WebServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * @param tls the server certificate when {@code [http] tls} is on, else null
   * @param version Outpost's version, for the OpenAPI document
   */
  public static ApiServer start(HttpConfig config, SSLContext tls, String version, List<ApiService> services) {
    // Helidon announces its features at INFO on java.util.logging; Outpost logs its own start.
    HELIDON_LOG.setLevel(Level.WARNING);
    byte[] openApi = OpenApiDocument.assemble(version, services);
    WebServer server = WebServer.builder()
        .host(config.address().host())
        .port(config.address().port())
        .shutdownHook(false)
        .maxPayloadSize(config.maxBody())
        .tls(tls == null ? Tls.builder().enabled(false).build() : Tls.builder().sslContext(tls).build())
        .routing(routing -> route(routing, services, openApi))
        .build()
        .start();
    ApiServer api = new ApiServer(server, config.address().host());
    LOG.info("HTTP API listening on {}://{}", tls == null ? "http" : "https", api.address());
    return api;
  }

  private static void route(HttpRouting.Builder routing, List<ApiService> services, byte[] openApi) {
    routing.error(ApiException.class, (req, res, e) -> {
      Map<String, Object> error = e.field() == null
          ? Map.of("code", e.code(), "message", e.getMessage())
          : Map.of("code", e.code(), "message", e.getMessage(), "field", e.field());
      Json.send(res, e.status(), Map.of("error", error));
    });
    routing.error(Exception.class, (req, res, e) -> {
      LOG.error("HTTP {} {} failed", req.prologue().method().text(), req.path().path(), e);
      Json.send(res, Status.INTERNAL_SERVER_ERROR_500,
          Map.of("error", Map.of("code", "internal", "message", "internal error; the server log has the details")));
    });
    routing.get("/api/v1/openapi.json", (req, res) -> {
      res.header(HeaderNames.CONTENT_TYPE, "application/json");
      res.send(openApi);
    });
    for (ApiService service : services) routing.register(service);
    routing.any((req, res) -> {
      throw ApiException.notFound("no endpoint " + req.prologue().method().text() + " " + req.path().path()
          + "; the API is described at /api/v1/openapi.json");
    });
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(host, server.port());
  }

  @Override
  public void close() {
    server.stop();
  }
}
