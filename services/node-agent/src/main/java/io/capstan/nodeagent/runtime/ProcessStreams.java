package io.capstan.nodeagent.runtime;

import java.io.IOException;

/**
 * The streams of a process running in a container, as an exec or an attach opens them. Output
 * is read by one thread ({@link #copyOutput}); input, EOF and resizes may come from another.
 * Closing ends the session (it does not kill the process).
 */
public interface ProcessStreams extends AutoCloseable {

  /** Where output goes, stream by stream (with a TTY everything is stdout). */
  interface OutputSink {
    void stdout(byte[] data, int off, int len) throws IOException;

    void stderr(byte[] data, int off, int len) throws IOException;
  }

  /** Copies output to {@code sink} until the process has exited and its output is drained. */
  void copyOutput(OutputSink sink) throws IOException;

  void writeInput(byte[] data, int off, int len) throws IOException;

  /** Sends EOF to the process's stdin. */
  void closeInput() throws IOException;

  /** Resizes the TTY; ignored without one. */
  void resize(int width, int height);

  /** The exit code after {@link #copyOutput} returned; null when there is none (an attach). */
  Integer exitCode();

  @Override
  void close();

  /**
   * What to run and which streams to connect.
   *
   * @param width initial TTY columns (0: the runtime's default)
   */
  record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty, int width, int height) {}
}
