/**
 * Client-side building blocks shared by every Capstan component: informers (LIST plus an event
 * source — the Kafka watch bus or an HTTP watch), an indexed local store, a rate-limited work
 * queue and leader election over coordination.k8s.io Leases.
 */
package io.capstan.client;
