package io.capstan.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The SSO front proxy. Settings {@code capstan.gateway.*}: {@code apiserver} (URL), {@code pki-dir}
 * (cluster CA and the front-proxy client certificate), {@code ldap.host}, {@code ldap.port},
 * {@code ldap.user-dn-pattern} (e.g. {@code uid={0},ou=people,dc=example,dc=com}),
 * {@code ldap.group-base-dn}. Everything under {@code /} is proxied; the actuator lives on its own
 * management port.
 */
@SpringBootApplication
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  @Bean
  ServletRegistrationBean<ApiProxyServlet> apiProxy(
      @Value("${capstan.gateway.apiserver:https://127.0.0.1:6443}") String apiserver,
      @Value("${capstan.gateway.pki-dir:.capstan/pki}") String pkiDir,
      @Value("${capstan.gateway.ldap.host:127.0.0.1}") String ldapHost,
      @Value("${capstan.gateway.ldap.port:389}") int ldapPort,
      @Value("${capstan.gateway.ldap.user-dn-pattern}") String userDnPattern,
      @Value("${capstan.gateway.ldap.group-base-dn:}") String groupBaseDn) throws IOException {
    Path pki = Path.of(pkiDir);
    ApiProxyServlet servlet = new ApiProxyServlet(URI.create(apiserver),
        FrontProxyClient.create(pki.resolve("ca.crt"), pki.resolve("front-proxy-client.crt"), pki.resolve("front-proxy-client.key")),
        new LdapAuthenticator(ldapHost, ldapPort, userDnPattern, groupBaseDn));
    ServletRegistrationBean<ApiProxyServlet> bean = new ServletRegistrationBean<>(servlet, "/*");
    bean.setAsyncSupported(true);
    return bean;
  }
}
