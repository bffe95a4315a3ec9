package dev.outpost.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: the process answers. {@code /readyz}: it accepts and delivers mail, so a load
 * balancer can send it traffic; false while starting and once shutdown has begun.
 */
public final class HealthEndpoint implements ApiService {
  private final BooleanSupplier ready;

  public HealthEndpoint(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/healthz", (req, res) -> Json.send(res, Map.of("status", "ok")));
    rules.get("/readyz", (req, res) -> {
      if (ready.getAsBoolean()) {
        Json.send(res, Map.of("status", "ready"));
      } else {
        Json.send(res, Status.SERVICE_UNAVAILABLE_503, Map.of("status", "not ready"));
      }
    });
  }

  @Override
  public String openApiFragment() {
    return "health.json";
  }
}
