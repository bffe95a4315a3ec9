package dev.outpost.server;

import dev.outpost.config.TlsMode;
import dev.outpost.policy.SessionFacts;
import dev.outpost.smtp.ChunkedContentCheck;
import dev.outpost.smtp.DataDecoder;
import dev.outpost.smtp.MessageOutcome;
import dev.outpost.smtp.Replies;
import dev.outpost.smtp.Reply;
import dev.outpost.smtp.SmtpSession;
import dev.outpost.smtp.Step;
import dev.outpost.smtp.TlsInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin I/O shell around one {@link SmtpSession}: reads lines, data and chunks from the socket,
 * writes the replies, and runs the TLS handshake. Runs on its own virtual thread with blocking I/O.
 *
 * <p>Replies are buffered and flushed only when the client's input has run dry, which is what
 * RFC 2920 pipelining asks for and saves a write per command.
 */
final class SmtpConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);
  /**
   * Every connection holds both buffers while idle, so they stay small: 16 KiB of input is still
   * four to eight TCP segments per read during DATA, and replies are lines, a few KiB at most even
   * when a whole pipelined batch is answered at once. (32 KiB each cost 64 KiB per idle connection,
   * 640 MiB of heap for 10,000.)
   */
  private static final int INPUT_BUFFER = 16 * 1024;
  private static final int OUTPUT_BUFFER = 4 * 1024;

  private final ListenerContext context;
  private final String clientText;
  private final Object writeLock = new Object();
  private final ReadDeadline readDeadline;
  private Socket socket;
  private InputBuffer input;
  private OutputStream output;
  private SmtpSession session;
  private MessageReception reception;
  private ChunkedContentCheck bdatContent;
  private volatile boolean inTransaction;
  private volatile boolean closed;
  private long deadlineNanos;
  private boolean readBoundBySession;
  private java.time.Duration phaseTimeout = java.time.Duration.ofMinutes(5);
  /** The socket's SO_TIMEOUT as last set, so that an unchanged one costs no system call. */
  private int soTimeout;
  private boolean watchingGreeting;

  SmtpConnection(ListenerContext context, Socket socket) {
    this.context = context;
    this.socket = socket;
    this.readDeadline = new ReadDeadline(socket);
    this.clientText = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress().getHostAddress();
  }

  @Override
  public void run() {
    deadlineNanos = System.nanoTime() + context.maxSessionDuration().toNanos();
    try {
      socket.setTcpNoDelay(true);
      if (context.listener().tls() == TlsMode.IMPLICIT) startTls();
      else useStreams();
      var address = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
      var facts = new SessionFacts(address, context.relay().isTrusted(address), context.listener().auth(),
          context.listener().tls() == TlsMode.IMPLICIT, null);
      session = new SmtpSession(context.settings(), context.pipeline().policy(), facts);
      if (context.listener().tls() == TlsMode.IMPLICIT) session.onTlsStarted(tlsInfo());
      Step step = session.greet(talkedFirst(facts.trusted()));
      while (step != null) step = perform(step);
    } catch (SocketTimeoutException e) {
      if (session != null) {
        Reply reply = readBoundBySession ? Replies.SESSION_TOO_LONG : session.onTimeout().reply();
        SmtpListener.LIMITS.info("closed session of {}: {}", clientText, reply);
        sendQuietly(reply);
      }
    } catch (IOException e) {
      LOG.debug("connection from {} ended: {}", clientText, e.toString());
    } finally {
      if (reception != null) reception.abort();
      close();
    }
  }

  /** True while a message is being received; shutdown waits for these to finish. */
  boolean isInTransaction() {
    return inTransaction;
  }

  /** Ends an idle session during shutdown: the client is told to come back later. */
  void closeForShutdown(Reply reply) {
    sendQuietly(reply);
    close();
  }

  /** Called by the listener's watchdog with the current {@link System#nanoTime}. */
  void expireReadIfDue(long now) {
    readDeadline.expireIfDue(now);
  }

  void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // the peer may already be gone; nothing else to release
    }
  }

  /** Sends the step's reply and does what it says; returns the next step, or null to close. */
  private Step perform(Step step) throws IOException {
    if (!step.delay().isZero()) {
      flush();
      pause(step.delay());
    }
    if (step.reply() != null) send(step.reply());
    Step next = switch (step.next()) {
      case Step.Next.ReadCommand r -> readCommand();
      case Step.Next.ReadData r -> readData();
      case Step.Next.ReadChunk c -> readChunk(c);
      case Step.Next.Authenticate a -> session.onAuthenticated(
          context.authenticator().authenticate(a.credentials(), session.facts().clientAddress()));
      case Step.Next.StartTls t -> {
        flush();
        startTls();
        yield session.onTlsStarted(tlsInfo());
      }
      case Step.Next.Close c -> {
        flush();
        if (step.reply() != null && step.reply().code() == 421) {
          SmtpListener.LIMITS.info("closed session of {}: {}", clientText, step.reply());
        }
        yield null;
      }
    };
    inTransaction = session.transaction() != null;
    if (reception != null && !session.isReceivingData()) {
      reception.abort();
      reception = null;
    }
    return next;
  }

  private Step readCommand() throws IOException {
    if (input.available() == 0) flush();
    readTimeout(context.smtp().commandTimeout());
    String line = input.readLine();
    if (line == null || closed) return null;
    if (line == InputBuffer.TOO_LONG) return session.onLineTooLong();
    if (line == InputBuffer.NOT_UTF8) return session.onMalformedLine();
    return session.onCommand(line);
  }

  private Step readData() throws IOException {
    flush();
    readTimeout(context.smtp().dataTimeout());
    reception = new MessageReception(context, session.facts(), session.transaction());
    DataDecoder decoder = new DataDecoder();
    while (!decoder.isComplete()) {
      if (!input.fill()) return null;
      int used = decoder.decode(input.array(), input.position(), input.buffered(), reception);
      input.skip(used);
    }
    return complete(reception.finish(session, decoder.sawBareNewline(), decoder.sawEightBit(),
        context.listener().name()));
  }

  private Step readChunk(Step.Next.ReadChunk chunk) throws IOException {
    readTimeout(context.smtp().dataTimeout());
    boolean keep = chunk.rejection() == null;
    if (keep && reception == null) {
      reception = new MessageReception(context, session.facts(), session.transaction());
      bdatContent = new ChunkedContentCheck();
    }
    long remaining = chunk.size();
    while (remaining > 0) {
      if (!input.fill()) return null;
      int n = (int) Math.min(remaining, input.buffered());
      if (keep) {
        bdatContent.scan(input.array(), input.position(), n);
        reception.write(input.array(), input.position(), n);
      }
      input.skip(n);
      remaining -= n;
    }
    if (!keep) return session.onChunkRefused(chunk.rejection());
    if (!chunk.last()) return session.onChunkStored(chunk.size());
    return complete(reception.finish(session, bdatContent.foundAtEnd(), bdatContent.sawEightBit(),
        context.listener().name()));
  }

  private Step complete(MessageOutcome outcome) {
    reception = null;
    Step step = session.onMessageComplete(outcome);
    if (outcome instanceof MessageOutcome.Queued) context.meters().messageAccepted();
    else if (!step.reply().isPositive()) context.meters().messageRejected(step.reply().code());
    return step;
  }

  /**
   * RFC 5321 §4.3.1: the client waits for the greeting. Trusted clients are only checked for input
   * already waiting; others are watched for a short pause, long enough to catch bots that talk
   * first, short enough to cost a real client little.
   */
  private boolean talkedFirst(boolean trusted) throws IOException {
    if (trusted || context.greetPause().isZero()) return input.available() > 0;
    readTimeout(context.greetPause());
    watchingGreeting = true;
    try {
      return input.fill();
    } catch (SocketTimeoutException e) {
      return false;
    } finally {
      watchingGreeting = false;
    }
  }

  private void startTls() throws IOException {
    if (context.tls() == null) throw new IOException("TLS requested on a listener without TLS");
    SSLSocket tls = context.tls().get().upgrade(socket);
    readTimeout(context.smtp().commandTimeout());
    // The handshake reads the plain socket directly, past the guarded stream: it gets a socket timeout.
    setSoTimeout(timeoutMillis(java.time.Duration.ofNanos(readWait())));
    try {
      tls.startHandshake();
    } catch (IOException e) {
      context.meters().tlsHandshake(false);
      throw e;
    }
    context.meters().tlsHandshake(true);
    socket = tls;
    soTimeout = tls.getSoTimeout();
    useStreams();
  }

  /** New streams; any plaintext the client pipelined after STARTTLS is dropped with the old buffer. */
  private void useStreams() throws IOException {
    output = new BufferedOutputStream(socket.getOutputStream(), OUTPUT_BUFFER);
    var guarded = new GuardedInputStream(socket.getInputStream(), new GuardedInputStream.Guard() {
      @Override
      public void beforeRead() throws IOException {
        armRead();
      }

      @Override
      public int afterRead(int result) throws IOException {
        return readDeadline.afterRead(result);
      }
    });
    if (input == null) input = new InputBuffer(guarded, INPUT_BUFFER);
    else input.replaceStream(guarded);
  }

  private TlsInfo tlsInfo() {
    var tlsSession = ((SSLSocket) socket).getSession();
    return new TlsInfo(tlsSession.getProtocol(), tlsSession.getCipherSuite());
  }

  private void send(Reply reply) throws IOException {
    synchronized (writeLock) {
      output.write(reply.toBytes());
    }
  }

  private void flush() throws IOException {
    synchronized (writeLock) {
      output.flush();
    }
  }

  private void sendQuietly(Reply reply) {
    try {
      synchronized (writeLock) {
        if (output == null) return;
        output.write(reply.toBytes());
        output.flush();
      }
    } catch (IOException ignored) {
      // the client is gone; the reply was a courtesy
    }
  }

  /** The idle timeout of the reads that follow, until the next phase sets another. */
  private void readTimeout(java.time.Duration phase) {
    phaseTimeout = phase;
  }

  /**
   * Before each blocking read: wait at most the phase's timeout, and never past the session's
   * end. A slowloris client that trickles a byte at a time resets the first but not the second.
   * A plain-text read is timed by the listener's watchdog ({@link ReadDeadline}). A TLS read is
   * timed by the socket, since shutting the input down under TLS would end the session without
   * its 421; so is the greeting pause, which is shorter than the watchdog's tick can time.
   */
  private void armRead() throws IOException {
    long wait = readWait();
    if (socket instanceof SSLSocket || watchingGreeting) {
      setSoTimeout(timeoutMillis(java.time.Duration.ofNanos(wait)));
    } else {
      setSoTimeout(0);
      readDeadline.arm(System.nanoTime() + wait);
    }
  }

  /** Nanoseconds the next read may wait; throws when the session's time is up. */
  private long readWait() throws SocketTimeoutException {
    long remaining = deadlineNanos - System.nanoTime();
    readBoundBySession = remaining <= phaseTimeout.toNanos();
    if (remaining <= 0) throw new SocketTimeoutException("session time limit");
    return Math.min(phaseTimeout.toNanos(), remaining);
  }

  private void setSoTimeout(int millis) throws IOException {
    if (millis == soTimeout) return;
    socket.setSoTimeout(millis);
    soTimeout = millis;
  }

  private static void pause(java.time.Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int timeoutMillis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
