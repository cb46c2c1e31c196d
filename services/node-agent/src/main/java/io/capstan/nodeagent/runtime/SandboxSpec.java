package io.capstan.nodeagent.runtime;

import java.util.List;
import java.util.Map;

/** What a pod's sandbox is made from. {@code labels} include the {@link Labels} ones. */
public record SandboxSpec(String name, String hostname, Map<String, String> labels, List<String> dnsServers,
    List<String> dnsSearches, List<String> dnsOptions) {}
