package io.capstan.client.leader;

import java.util.function.Consumer;

/**
 * What an elector tells its owner. Callbacks run one at a time, in order, on the elector's
 * callback thread, never on the thread that renews the lease — a slow callback cannot cost the
 * lease — and must not block for long, or later callbacks wait.
 */
public interface LeaderCallbacks {

  /** This elector now holds the lease: start the work only a leader may do. */
  void onStartedLeading();

  /**
   * This elector no longer holds the lease (it could not renew within the renew deadline, or it
   * was stopped): stop the leader's work at once, since another may already lead. Called only
   * after {@link #onStartedLeading}.
   */
  void onStoppedLeading();

  /** The lease holder changed to {@code identity} (possibly this elector). Never called with an empty identity. */
  default void onNewLeader(String identity) {}

  static LeaderCallbacks of(Runnable started, Runnable stopped, Consumer<String> newLeader) {
    return new LeaderCallbacks() {
      @Override
      public void onStartedLeading() {
        started.run();
      }

      @Override
      public void onStoppedLeading() {
        stopped.run();
      }

      @Override
      public void onNewLeader(String identity) {
        newLeader.accept(identity);
      }
    };
  }
}
