package io.capstan.apiserver.health;

import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Kubernetes' probe endpoints: {@code /livez} is the process, {@code /readyz} also needs etcd. */
@RestController
public class HealthController {
  private final Storage storage;

  public HealthController(Storage storage) {
    this.storage = storage;
  }

  @GetMapping({"/livez", "/healthz"})
  public ResponseEntity<String> live() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
  }

  @GetMapping("/readyz")
  public ResponseEntity<String> ready() {
    try {
      storage.currentRevision();
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
    } catch (StorageException e) {
      return ResponseEntity.status(500).contentType(MediaType.TEXT_PLAIN)
          .body("[-]etcd failed: " + e.getMessage() + "\nreadyz check failed");
    }
  }
}
