package dev.outpost.campaigns;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;

/**
 * A campaign's template as the caller gives it and as it is stored: subject, text and html are
 * Mustache templates rendered for each recipient; from, reply_to and headers are the same for all.
 */
public record TemplateSpec(
    String from,
    @JsonProperty("reply_to") String replyTo,
    String subject,
    String text,
    String html,
    LinkedHashMap<String, String> headers) {}
