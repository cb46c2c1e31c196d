package io.capstan.nodeagent.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A byte stream to a port of a pod, for port-forwarding. */
public interface PodConnection extends Closeable {
  InputStream input();

  OutputStream output();

  /** No more bytes go to the pod: its server reads end-of-file and may still answer. */
  void shutdownOutput() throws IOException;

  /**
   * Once {@link #input()} has ended: why the connection could not be made or broke, in the
   * kubelet's words, or null if it ended normally.
   */
  String failure();
}
