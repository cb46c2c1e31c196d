package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An event recorder that keeps "Type Reason Message" lines instead of writing Events. */
public final class RecordingEvents extends EventRecorder {
  public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  public RecordingEvents() {
    super(new FakeApiWriter(), "test");
  }

  @Override
  protected void record(HasMetadata object, String type, String reason, String message) {
    lines.add(type + " " + reason + " " + message);
  }
}
