package io.capstan.client.leader;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A {@link LeaseStore} over {@code coordination.k8s.io/v1} Leases through the fabric8 client.
 * Times are written as MicroTime (UTC, microseconds). Updates keep the Lease's other metadata
 * (labels, annotations) and spec fields as last read, and send the record's resourceVersion, so
 * the API server rejects a stale write with 409.
 */
public final class Fabric8LeaseStore implements LeaseStore {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  /** The Lease as last read or written, whose other fields an update carries over. */
  private final AtomicReference<Lease> last = new AtomicReference<>();

  public Fabric8LeaseStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<LeaseRecord> get() {
    Lease lease = lease().get();
    last.set(lease);
    return Optional.ofNullable(lease).map(Fabric8LeaseStore::toRecord);
  }

  @Override
  public LeaseRecord create(LeaseRecord record) {
    Lease lease = new Lease();
    lease.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    lease.setSpec(toSpec(record, new LeaseSpec()));
    return write(() -> leases().resource(lease).create());
  }

  @Override
  public LeaseRecord update(LeaseRecord record) {
    Lease base = last.get();
    Lease lease = new Lease();
    ObjectMeta meta = base != null ? new ObjectMetaBuilder(base.getMetadata()).build()
        : new ObjectMetaBuilder().withNamespace(namespace).withName(name).build();
    meta.setResourceVersion(record.resourceVersion());
    lease.setMetadata(meta);
    LeaseSpec spec = base != null && base.getSpec() != null ? base.getSpec().toBuilder().build() : new LeaseSpec();
    lease.setSpec(toSpec(record, spec));
    return write(() -> leases().resource(lease).update());
  }

  @Override
  public String describe() {
    return namespace + "/" + name;
  }

  private Resource<Lease> lease() {
    return leases().withName(name);
  }

  private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
    return client.leases().inNamespace(namespace);
  }

  private LeaseRecord write(Supplier<Lease> request) {
    try {
      Lease stored = request.get();
      last.set(stored);
      return toRecord(stored);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new LeaseConflictException("lease " + describe() + " changed: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  static LeaseRecord toRecord(Lease lease) {
    LeaseSpec spec = lease.getSpec() != null ? lease.getSpec() : new LeaseSpec();
    return new LeaseRecord(
        spec.getHolderIdentity(),
        spec.getLeaseDurationSeconds() != null ? spec.getLeaseDurationSeconds() : 0,
        toInstant(spec.getAcquireTime()),
        toInstant(spec.getRenewTime()),
        spec.getLeaseTransitions() != null ? spec.getLeaseTransitions() : 0,
        lease.getMetadata().getResourceVersion());
  }

  private static LeaseSpec toSpec(LeaseRecord record, LeaseSpec spec) {
    spec.setHolderIdentity(record.isHeld() ? record.holderIdentity() : null);
    spec.setLeaseDurationSeconds(record.leaseDurationSeconds());
    spec.setAcquireTime(microTime(record.acquireTime()));
    spec.setRenewTime(microTime(record.renewTime()));
    spec.setLeaseTransitions(record.leaseTransitions());
    return spec;
  }

  /** MicroTime: RFC 3339 in UTC with microseconds, as fabric8's LeaseSpec formats it. */
  static ZonedDateTime microTime(Instant instant) {
    return instant == null ? null : ZonedDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static Instant toInstant(ZonedDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
