package io.capstan.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublishCursorTest {

  @Test
  void positionStopsBelowTheOldestUnacknowledgedSend() {
    PublishCursor cursor = new PublishCursor(10);
    CompletableFuture<Void> a = new CompletableFuture<>();
    CompletableFuture<Void> b = new CompletableFuture<>();
    CompletableFuture<Void> c = new CompletableFuture<>();
    cursor.sent(11, a);
    cursor.sent(12, b);
    cursor.sent(12, c); // two events in one revision (a transaction)
    cursor.received(13); // 13 was a skipped bookkeeping key

    b.complete(null);
    c.complete(null);
    assertThat(cursor.sweep()).isZero();
    assertThat(cursor.position()).isEqualTo(10);

    a.complete(null);
    assertThat(cursor.sweep()).isEqualTo(3);
    assertThat(cursor.position()).isEqualTo(13);
  }

  @Test
  void aRevisionCountsOnlyWhenAllItsEventsAreAcknowledged() {
    PublishCursor cursor = new PublishCursor(10);
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    cursor.sent(11, first);
    cursor.sent(11, second);
    cursor.received(11);
    first.complete(null);
    cursor.sweep();
    assertThat(cursor.position()).isEqualTo(10);
  }

  @Test
  void aFailedSendStopsThePositionAndIsReported() {
    PublishCursor cursor = new PublishCursor(10);
    CompletableFuture<Void> ok = CompletableFuture.completedFuture(null);
    CompletableFuture<Void> failed = CompletableFuture.failedFuture(new IllegalStateException("broker down"));
    cursor.sent(11, ok);
    cursor.sent(12, failed);
    cursor.received(12);
    assertThatThrownBy(cursor::sweep).isInstanceOf(PublishCursor.PublishFailedException.class)
        .hasMessageContaining("revision 12");
    assertThat(cursor.position()).isEqualTo(10);
    cursor.received(12);
    assertThatThrownBy(cursor::sweep).isInstanceOf(PublishCursor.PublishFailedException.class);
  }
}
