package io.capstan.client.bus;

/** Turns a stored value from the bus into the informer's object type, with its resourceVersion set. */
@FunctionalInterface
public interface BusDecoder<T> {
  T decode(String etcdKey, byte[] stored, long revision);
}
