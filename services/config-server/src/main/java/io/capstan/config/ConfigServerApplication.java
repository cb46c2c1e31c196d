package io.capstan.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;

/**
 * Serves the repository's {@code config/} folder (Spring Cloud Config, native profile) to every
 * Capstan service. Services import it as {@code optional:configserver:}, so a service still starts
 * when this server is down; it only loses the shared settings.
 */
@SpringBootApplication
@EnableConfigServer
public class ConfigServerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ConfigServerApplication.class, args);
  }
}
