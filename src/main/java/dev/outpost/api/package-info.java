/**
 * The HTTP API under {@code /api/v1}, plus health, metrics and the public pages (one-click
 * unsubscribe, the pixel and redirects of open and click tracking) on the same
 * {@code [http] address}.
 *
 * <p>Adding an endpoint group: write an {@link dev.outpost.api.ApiService} (a Helidon
 * {@code HttpService}) that takes what it needs by constructor, register it in
 * {@code OutpostRuntime}, and describe its paths in a fragment under
 * {@code src/main/resources/dev/outpost/api/openapi/} named by {@link ApiService#openApiFragment()}.
 * Handlers find the caller with {@link ApiAuthentication#caller}, read JSON with
 * {@link Json#read}, answer with {@link Json#send}, and report bad input by throwing
 * {@link ApiException}, which becomes a JSON error with a code, a message and the field at fault.
 */
package dev.outpost.api;
