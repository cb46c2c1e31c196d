package io.capstan.client.informer;

import java.util.List;

/** What a LIST returned: the items and the revision (resourceVersion) they were read at. */
public record Snapshot<T>(List<T> items, long revision) {}
