package io.capstan.relay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The etcd → Kafka relay service: one leader-elected instance publishes every stored change. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RelayApplication {
  public static void main(String[] args) {
    SpringApplication.run(RelayApplication.class, args);
  }
}
