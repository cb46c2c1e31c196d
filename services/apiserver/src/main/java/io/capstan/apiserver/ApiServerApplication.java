package io.capstan.apiserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiServerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ApiServerApplication.class, args);
  }
}
