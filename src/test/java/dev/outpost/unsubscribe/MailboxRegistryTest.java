package dev.outpost.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.store.StateStore;
import dev.outpost.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxRegistryTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private final UnsubscribeTokens tokens = new UnsubscribeTokens("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicBoolean failing = new AtomicBoolean();
  @TempDir Path dir;
  private SqliteStateStore real;
  private MailboxRegistry registry;

  @BeforeEach
  void open() {
    real = SqliteStateStore.open(dir);
    real.insertAccount(Account.create("acme", null, AccountLimits.UNLIMITED, T0));
    registry = new MailboxRegistry(counting(real), tokens, Clock.fixed(T0, java.time.ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    real.close();
  }

  /** The real store, with its mailbox transactions counted and, on demand, failing. */
  private StateStore counting(StateStore store) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("insertUnsubscribeMailboxes")) {
            transactions.incrementAndGet();
            if (failing.get()) throw new StoreException("disk on fire");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aRegisteredIdIsStoredAndASecondRegistrationWritesNothing() {
    String id = registry.register("acme", "Reader@Example.com");

    assertThat(id).isEqualTo(tokens.mailboxId("acme", "reader@example.com"));
    assertThat(registry.find(id)).contains(new UnsubscribeMailbox(id, "acme", "reader@example.com", T0));
    assertThat(registry.find(id.toUpperCase())).isPresent();
    assertThat(registry.register("acme", "reader@example.com")).isEqualTo(id);
    assertThat(transactions).hasValue(1);
    assertThat(registry.find("not an id")).isEmpty();
  }

  @Test
  void concurrentRegistrationsShareTransactionsAndAreAllStored() throws Exception {
    int sessions = 200;
    List<Future<String>> ids = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < sessions; i++) {
        String address = "reader" + i + "@example.com";
        ids.add(pool.submit(() -> registry.register("acme", address)));
      }
    }
    for (int i = 0; i < sessions; i++) {
      assertThat(real.findUnsubscribeMailbox(ids.get(i).get()).orElseThrow().address())
          .isEqualTo("reader" + i + "@example.com");
    }
    // Each transaction waits for an fsync, and the sessions arriving meanwhile join the next one;
    // on an idle machine 200 sessions take under 20 transactions.
    assertThat(transactions.get()).isLessThan(sessions / 2);
  }

  @Test
  void aFailedTransactionIsEverySessionsFailure() {
    failing.set(true);

    assertThatThrownBy(() -> registry.register("acme", "reader@example.com")).isInstanceOf(StoreException.class);
    failing.set(false);
    String id = registry.register("acme", "reader@example.com");
    assertThat(registry.find(id)).isPresent();
  }
}
