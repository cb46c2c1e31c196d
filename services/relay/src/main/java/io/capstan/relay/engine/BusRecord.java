package io.capstan.relay.engine;

/** One record to publish: the encoded {@link io.capstan.model.bus.BusEvent} for a key on its topic. */
record BusRecord(String topic, String key, long revision, byte[] value) {}
