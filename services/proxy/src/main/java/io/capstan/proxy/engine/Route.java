package io.capstan.proxy.engine;

/** What a listener forwards to: the service port, its endpoint chooser and its counters. */
record Route(ServicePortName service, BackendSelector selector, ProxyMetrics.PortCounters counters) {}
