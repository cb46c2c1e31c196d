/**
 * Rate-limited work queues with client-go's semantics: {@link io.capstan.client.workqueue.WorkQueue}
 * (deduplicating FIFO, one worker per item), {@link io.capstan.client.workqueue.DelayingQueue}
 * ({@code addAfter}) and {@link io.capstan.client.workqueue.RateLimitingQueue} (per-item
 * back-off plus an overall token bucket), with Kubernetes' {@code workqueue_*} metrics.
 */
package io.capstan.client.workqueue;
