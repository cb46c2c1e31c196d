package io.capstan.bench;

import io.capstan.bench.ApiServerVsEtcdBench.Stats;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Write→delivery latencies of one receiver (an informer's handler or the direct etcd watch). Each
 * sample is keyed by the write's own {@code System.nanoTime()}, which the writer embeds in the
 * value ({@code "data":{"t":"<nanos>"...}}), so a receiver needs no shared map and a sample can
 * be counted in the scenario window its write belongs to. Thread-safe (each recorder has one
 * delivering thread, so the lock is uncontended).
 */
final class LatencyRecorder {
  private static final byte[] MARKER = "\"t\":\"".getBytes(StandardCharsets.UTF_8);

  private final long[] writtenAt;
  private final long[] latency;
  private int size;

  LatencyRecorder(int capacity) {
    writtenAt = new long[capacity];
    latency = new long[capacity];
  }

  /** Records the delivery of a value now; values without a timestamp (not the benchmark's) are ignored. */
  void delivered(byte[] value) {
    long now = System.nanoTime();
    long t = writtenAt(value);
    if (t == 0) return;
    synchronized (this) {
      if (size == writtenAt.length) throw new IllegalStateException("more than " + size + " samples");
      writtenAt[size] = t;
      latency[size] = now - t;
      size++;
    }
  }

  /** Latencies of writes made in [{@code from}, {@code to}) nanoTime. */
  synchronized Stats window(long from, long to) {
    int n = size;
    long[] out = new long[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (writtenAt[i] >= from && writtenAt[i] < to) out[k++] = latency[i];
    }
    return new Stats(Arrays.copyOf(out, k), to - from);
  }

  /** The {@code t} the writer embedded in a value, or 0. */
  static long writtenAt(byte[] value) {
    outer:
    for (int i = 0; i + MARKER.length < value.length; i++) {
      for (int j = 0; j < MARKER.length; j++) {
        if (value[i + j] != MARKER[j]) continue outer;
      }
      long t = 0;
      for (int k = i + MARKER.length; k < value.length && value[k] != '"'; k++) t = t * 10 + (value[k] - '0');
      return t;
    }
    return 0;
  }
}
