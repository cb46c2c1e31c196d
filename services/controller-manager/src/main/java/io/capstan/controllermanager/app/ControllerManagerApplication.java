package io.capstan.controllermanager.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(ControllerManagerProperties.class)
public class ControllerManagerApplication {
  public static void main(String[] args) {
    SpringApplication.run(ControllerManagerApplication.class, args);
  }
}
