package io.capstan.controllermanager.endpoints;

import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.Keys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

/** Event handlers shared by the endpoint controllers: a Service's key for its own changes and for its pods'. */
final class ServiceEvents {
  private ServiceEvents() {}

  static ResourceEventHandler<Service> services(Controller c) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service s, boolean initial) {
        c.enqueue(Keys.of(s));
      }

      @Override
      public void onUpdate(Service old, Service now) {
        c.enqueue(Keys.of(now));
      }

      @Override
      public void onDelete(Service s) {
        c.enqueue(Keys.of(s));
      }
    };
  }

  static ResourceEventHandler<Pod> pods(Controller c, Store<Service> services) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod p, boolean initial) {
        enqueueFor(p);
      }

      @Override
      public void onUpdate(Pod old, Pod now) {
        enqueueFor(old);
        enqueueFor(now);
      }

      @Override
      public void onDelete(Pod p) {
        enqueueFor(p);
      }

      private void enqueueFor(Pod p) {
        for (Service s : services.inNamespace(p.getMetadata().getNamespace())) {
          if (ServiceBackends.selects(s, p)) c.enqueue(Keys.of(s));
        }
      }
    };
  }
}
