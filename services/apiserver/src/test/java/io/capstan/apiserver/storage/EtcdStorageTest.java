package io.capstan.apiserver.storage;

import io.capstan.testing.EtcdProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract against a real etcd. */
class EtcdStorageTest extends StorageContractTest {

  private static EtcdStorage storage;

  @BeforeAll
  static void connect() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
  }

  @AfterAll
  static void disconnect() {
    storage.close();
  }

  @Override
  protected Storage storage() {
    return storage;
  }
}
