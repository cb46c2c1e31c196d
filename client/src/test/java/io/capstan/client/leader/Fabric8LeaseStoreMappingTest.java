package io.capstan.client.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Fabric8LeaseStoreMappingTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void timesAreWrittenAsMicroTimeInUtc() {
    Lease lease = new Lease();
    lease.setMetadata(new ObjectMetaBuilder().withName("lock").withResourceVersion("7").build());
    LeaseSpec spec = new LeaseSpec();
    spec.setRenewTime(Fabric8LeaseStore.microTime(Instant.parse("2026-11-25T10:00:00.123456789Z")));
    spec.setAcquireTime(Fabric8LeaseStore.microTime(Instant.parse("2026-11-25T09:00:00Z")));
    spec.setHolderIdentity("a");
    spec.setLeaseDurationSeconds(15);
    spec.setLeaseTransitions(2);
    lease.setSpec(spec);

    String json = serialization.asJson(lease);
    assertThat(json).contains("\"renewTime\":\"2026-11-25T10:00:00.123456Z\"")
        .contains("\"acquireTime\":\"2026-11-25T09:00:00.000000Z\"");

    LeaseRecord record = Fabric8LeaseStore.toRecord(serialization.unmarshal(json, Lease.class));
    assertThat(record).isEqualTo(new LeaseRecord("a", 15, Instant.parse("2026-11-25T09:00:00Z"),
        Instant.parse("2026-11-25T10:00:00.123456Z"), 2, "7"));
  }

  @Test
  void aLeaseWithoutSpecFieldsIsAnUnheldRecord() {
    Lease lease = new Lease();
    lease.setMetadata(new ObjectMetaBuilder().withName("lock").withResourceVersion("1").build());
    LeaseRecord record = Fabric8LeaseStore.toRecord(lease);
    assertThat(record.isHeld()).isFalse();
    assertThat(record.leaseTransitions()).isZero();
  }
}
