package dev.outpost.campaigns;

import dev.outpost.tracking.TrackingOptions;
import java.time.Instant;

/**
 * A campaign as stored.
 *
 * @param id a short token ({@code c} and 16 characters of base32), also its
 *     {@code X-Outpost-Campaign} value
 * @param account the account it sends as
 * @param name the caller's label, or null
 * @param state where it stands
 * @param reason why it is in that state when the caller did not ask for it (a limit paused it),
 *     or null
 * @param template the template as given, JSON ({@link TemplateSpec})
 * @param escapeHtml whether variables are HTML-escaped in the html part
 * @param tracking the open and click tracking the campaign asks for; its account's setting may
 *     allow less, and that is what applies
 * @param startedAt when it was first sent, or null
 * @param finishedAt when it became done or cancelled, or null
 */
public record Campaign(
    String id,
    String account,
    String name,
    CampaignState state,
    String reason,
    String template,
    boolean escapeHtml,
    TrackingOptions tracking,
    CampaignCounts counts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
