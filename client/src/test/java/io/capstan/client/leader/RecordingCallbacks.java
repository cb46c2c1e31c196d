package io.capstan.client.leader;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers the callbacks in the order they ran, as "started", "stopped", "leader:<id>". */
final class RecordingCallbacks implements LeaderCallbacks {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onStartedLeading() {
    events.add("started");
  }

  @Override
  public void onStoppedLeading() {
    events.add("stopped");
  }

  @Override
  public void onNewLeader(String identity) {
    events.add("leader:" + identity);
  }
}
