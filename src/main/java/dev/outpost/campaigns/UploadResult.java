package dev.outpost.campaigns;

import java.util.List;

/**
 * What one upload of recipients did.
 *
 * @param added new recipients stored
 * @param duplicates records whose address the campaign already had (in this upload or before)
 * @param rejected records that could not be used
 * @param errors the first {@value #ERRORS_SHOWN} of those, each with its line and field
 * @param recipients the campaign's recipients after the upload
 */
public record UploadResult(long added, long duplicates, long rejected, List<LineError> errors, long recipients) {
  public static final int ERRORS_SHOWN = 100;

  /** @param field the field at fault, or null for the record as a whole */
  public record LineError(long line, String field, String message) {}
}
