/**
 * Leader election over {@code coordination.k8s.io/v1} Leases with client-go's semantics:
 * {@link io.capstan.client.leader.LeaderElector} competes through a
 * {@link io.capstan.client.leader.LeaseStore} ({@link io.capstan.client.leader.Fabric8LeaseStore}
 * in production, an in-memory fake in tests) and reports through
 * {@link io.capstan.client.leader.LeaderCallbacks}.
 */
package io.capstan.client.leader;
