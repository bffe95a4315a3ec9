package dev.outpost.queue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operator's action did: how many messages it changed, and how many it left alone for
 * each reason ("on hold", "being delivered", "already on hold", ...), in the order first met.
 */
public record QueueActionResult(int changed, Map<String, Integer> skipped) {

  public QueueActionResult {
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
  }
}
