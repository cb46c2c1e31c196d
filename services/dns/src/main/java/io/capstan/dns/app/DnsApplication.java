package io.capstan.dns.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Cluster DNS as a service: {@code capstan up} runs one on the cluster DNS address (10.96.0.10:53). */
@SpringBootApplication
@EnableConfigurationProperties(DnsProperties.class)
public class DnsApplication {
  public static void main(String[] args) {
    SpringApplication.run(DnsApplication.class, args);
  }
}
