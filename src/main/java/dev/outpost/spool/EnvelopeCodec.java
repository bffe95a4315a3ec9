package dev.outpost.spool;

import dev.outpost.spool.Envelope.BodyType;
import dev.outpost.spool.Envelope.DsnRet;
import dev.outpost.spool.Recipient.DsnNotify;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

/**
 * The binary form of an {@link Envelope}, shared by both engines.
 *
 * <p>Format version 4: one version byte, then the fields in record order, {@code held} as one
 * byte (0 or 1). Version 3 is the same without {@code account} and {@code campaignId}, which then
 * read as null; version 2 also lacks {@code held}, which then reads as false; version 1 also lacks
 * {@code delayWarningSentAt}, which then reads as null. Lengths and counts are
 * unsigned varints; a nullable string or byte array is stored as varint(length + 1) with 0 for
 * null; enums are stored as explicit codes (0 for null), never as ordinals, so that reordering an
 * enum cannot change the meaning of stored bytes; an instant is a presence byte, epoch seconds and
 * nanos. A new field means a new version; {@link #decode} keeps reading every older version.
 */
public final class EnvelopeCodec {
  static final int VERSION = 4;
  private static final int VERSION_WITHOUT_ORIGIN = 3;
  private static final int VERSION_WITHOUT_HOLD = 2;
  private static final int VERSION_WITHOUT_DELAY_WARNING = 1;

  private EnvelopeCodec() {}

  public static byte[] encode(Envelope e) {
    var bytes = new ByteArrayOutputStream(256);
    try (var out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeString(out, e.queueId());
      writeString(out, e.sender());
      writeVarint(out, e.recipients().size());
      for (Recipient r : e.recipients()) writeRecipient(out, r);
      writeInstant(out, e.receivedAt());
      writeString(out, e.clientAddress());
      writeString(out, e.heloName());
      out.writeBoolean(e.smtpUtf8());
      out.writeByte(bodyTypeCode(e.bodyType()));
      out.writeByte(retCode(e.ret()));
      writeString(out, e.envId());
      writeBytes(out, e.headerPrefix());
      writeVarint(out, e.bodySize());
      writeInstant(out, e.nextAttemptAt());
      writeInstant(out, e.delayWarningSentAt());
      out.writeBoolean(e.held());
      writeString(out, e.account());
      writeString(out, e.campaignId());
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  /** Reads an envelope; throws {@link IOException} naming the problem when the bytes are not one. */
  public static Envelope decode(byte[] data) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(data));
    try {
      int version = in.readUnsignedByte();
      if (version < VERSION_WITHOUT_DELAY_WARNING || version > VERSION) {
        throw new IOException("unsupported envelope format version " + version + " (this build reads "
            + VERSION_WITHOUT_DELAY_WARNING + " to " + VERSION + ")");
      }
      String queueId = readString(in);
      String sender = readString(in);
      int count = checkedLength(readVarint(in), data.length);
      var recipients = new ArrayList<Recipient>(count);
      for (int i = 0; i < count; i++) recipients.add(readRecipient(in));
      var envelope = new Envelope(queueId, sender, recipients, readInstant(in), readString(in), readString(in),
          in.readBoolean(), bodyType(in.readUnsignedByte()), ret(in.readUnsignedByte()), readString(in),
          readBytes(in), readVarint(in), readInstant(in),
          version == VERSION_WITHOUT_DELAY_WARNING ? null : readInstant(in),
          version > VERSION_WITHOUT_HOLD && readFlag(in),
          version > VERSION_WITHOUT_ORIGIN ? readString(in) : null,
          version > VERSION_WITHOUT_ORIGIN ? readString(in) : null);
      if (in.available() > 0) throw new IOException(in.available() + " unexpected bytes after the envelope");
      return envelope;
    } catch (EOFException truncated) {
      throw new IOException("envelope truncated (" + data.length + " bytes)", truncated);
    }
  }

  /**
   * The envelope as an engine stores it: with the body size the writer counted, since the engines
   * derive the body's extent from it and a caller's figure could be off.
   */
  static Envelope withBodySize(Envelope e, long bodySize) {
    if (e.bodySize() == bodySize) return e;
    return new Envelope(e.queueId(), e.sender(), e.recipients(), e.receivedAt(), e.clientAddress(), e.heloName(),
        e.smtpUtf8(), e.bodyType(), e.ret(), e.envId(), e.headerPrefix(), bodySize, e.nextAttemptAt(),
        e.delayWarningSentAt(), e.held(), e.account(), e.campaignId());
  }

  private static void writeRecipient(DataOutputStream out, Recipient r) throws IOException {
    writeString(out, r.address());
    int mask = 0;
    for (DsnNotify n : r.notifyOn()) mask |= 1 << notifyBit(n);
    out.writeByte(mask);
    writeString(out, r.orcpt());
    out.writeByte(stateCode(r.state()));
    writeVarint(out, r.attempts());
    writeString(out, r.lastReply());
  }

  private static Recipient readRecipient(DataInputStream in) throws IOException {
    String address = readString(in);
    int mask = in.readUnsignedByte();
    Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
    for (DsnNotify n : DsnNotify.values()) if ((mask & (1 << notifyBit(n))) != 0) notify.add(n);
    String orcpt = readString(in);
    RecipientState state = state(in.readUnsignedByte());
    int attempts = checkedLength(readVarint(in), Integer.MAX_VALUE);
    return new Recipient(address, notify, orcpt, state, attempts, readString(in));
  }

  private static int notifyBit(DsnNotify n) {
    return switch (n) {
      case NEVER -> 0;
      case SUCCESS -> 1;
      case FAILURE -> 2;
      case DELAY -> 3;
    };
  }

  private static int stateCode(RecipientState s) {
    return switch (s) {
      case PENDING -> 1;
      case DELIVERED -> 2;
      case FAILED -> 3;
    };
  }

  private static RecipientState state(int code) throws IOException {
    return switch (code) {
      case 1 -> RecipientState.PENDING;
      case 2 -> RecipientState.DELIVERED;
      case 3 -> RecipientState.FAILED;
      default -> throw new IOException("unknown recipient state code " + code);
    };
  }

  private static int bodyTypeCode(BodyType t) {
    if (t == null) return 0;
    return switch (t) {
      case SEVEN_BIT -> 1;
      case EIGHT_BITMIME -> 2;
      case BINARYMIME -> 3;
    };
  }

  private static BodyType bodyType(int code) throws IOException {
    return switch (code) {
      case 0 -> null;
      case 1 -> BodyType.SEVEN_BIT;
      case 2 -> BodyType.EIGHT_BITMIME;
      case 3 -> BodyType.BINARYMIME;
      default -> throw new IOException("unknown BODY code " + code);
    };
  }

  private static int retCode(DsnRet r) {
    if (r == null) return 0;
    return switch (r) {
      case FULL -> 1;
      case HDRS -> 2;
    };
  }

  private static DsnRet ret(int code) throws IOException {
    return switch (code) {
      case 0 -> null;
      case 1 -> DsnRet.FULL;
      case 2 -> DsnRet.HDRS;
      default -> throw new IOException("unknown RET code " + code);
    };
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = readBytes(in);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      writeVarint(out, 0);
    } else {
      writeVarint(out, b.length + 1L);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    long n = readVarint(in);
    if (n == 0) return null;
    byte[] b = new byte[checkedLength(n - 1, in.available())];
    in.readFully(b);
    return b;
  }

  private static boolean readFlag(DataInputStream in) throws IOException {
    int b = in.readUnsignedByte();
    if (b > 1) throw new IOException("flag byte must be 0 or 1, got " + b);
    return b == 1;
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void writeVarint(DataOutputStream out, long v) throws IOException {
    if (v < 0) throw new IllegalArgumentException("negative length or count: " + v);
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static long readVarint(DataInputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw new IOException("malformed varint in envelope");
  }

  /** Rejects lengths that cannot be right before allocating for them. */
  private static int checkedLength(long n, int limit) throws IOException {
    if (n > limit) throw new IOException("envelope field length " + n + " exceeds the " + limit + " bytes left");
    return (int) n;
  }
}
