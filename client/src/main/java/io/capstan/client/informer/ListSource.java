package io.capstan.client.informer;

/**
 * The LIST half of an informer: reads every object of one resource at one revision. Called at
 * start and on every relist; may throw, the informer retries with back-off.
 */
@FunctionalInterface
public interface ListSource<T> {
  Snapshot<T> list() throws Exception;
}
