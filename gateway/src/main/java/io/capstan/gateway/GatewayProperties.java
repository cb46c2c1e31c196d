package io.capstan.gateway;

import io.capstan.security.oidc.OidcSettings;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capstan.gateway.*} — see {@link GatewayApplication}. */
@ConfigurationProperties("capstan.gateway")
public class GatewayProperties {
  private String apiserver = "https://127.0.0.1:6443";
  private String pkiDir = ".capstan/pki";
  private final Ldap ldap = new Ldap();
  private final Oidc oidc = new Oidc();
  private final Session session = new Session();

  public static class Ldap {
    private String host = "127.0.0.1";
    private int port = 389;
    private String userDnPattern = "";
    private String groupBaseDn = "";

    public boolean enabled() {
      return !userDnPattern.isBlank();
    }

    public String getHost() {
      return host;
    }

    public void setHost(String v) {
      host = v;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int v) {
      port = v;
    }

    public String getUserDnPattern() {
      return userDnPattern;
    }

    public void setUserDnPattern(String v) {
      userDnPattern = v;
    }

    public String getGroupBaseDn() {
      return groupBaseDn;
    }

    public void setGroupBaseDn(String v) {
      groupBaseDn = v;
    }
  }

  public static class Oidc {
    private String issuerUrl = "";
    private String clientId = "";
    private String clientSecret = "";
    private String redirectUrl = "";
    private List<String> scopes = List.of("openid", "email", "groups");
    private String usernameClaim = "sub";
    private String usernamePrefix = "";
    private String groupsClaim = "";
    private String groupsPrefix = "";
    private String caFile = "";

    public boolean enabled() {
      return !issuerUrl.isBlank();
    }

    /** A browser login needs the client's secret; bearer ID tokens do not. */
    public boolean loginEnabled() {
      return enabled() && !clientSecret.isBlank();
    }

    public OidcSettings settings() {
      return new OidcSettings(issuerUrl, clientId, usernameClaim, usernamePrefix, groupsClaim, groupsPrefix, caFile);
    }

    public String getIssuerUrl() {
      return issuerUrl;
    }

    public void setIssuerUrl(String v) {
      issuerUrl = v;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String v) {
      clientId = v;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(String v) {
      clientSecret = v;
    }

    public String getRedirectUrl() {
      return redirectUrl;
    }

    public void setRedirectUrl(String v) {
      redirectUrl = v;
    }

    public List<String> getScopes() {
      return scopes;
    }

    public void setScopes(List<String> v) {
      scopes = v;
    }

    public String getUsernameClaim() {
      return usernameClaim;
    }

    public void setUsernameClaim(String v) {
      usernameClaim = v;
    }

    public String getUsernamePrefix() {
      return usernamePrefix;
    }

    public void setUsernamePrefix(String v) {
      usernamePrefix = v;
    }

    public String getGroupsClaim() {
      return groupsClaim;
    }

    public void setGroupsClaim(String v) {
      groupsClaim = v;
    }

    public String getGroupsPrefix() {
      return groupsPrefix;
    }

    public void setGroupsPrefix(String v) {
      groupsPrefix = v;
    }

    public String getCaFile() {
      return caFile;
    }

    public void setCaFile(String v) {
      caFile = v;
    }
  }

  public static class Session {
    private String keyFile = "";

    public String getKeyFile() {
      return keyFile;
    }

    public void setKeyFile(String v) {
      keyFile = v;
    }
  }

  public String getApiserver() {
    return apiserver;
  }

  public void setApiserver(String v) {
    apiserver = v;
  }

  public String getPkiDir() {
    return pkiDir;
  }

  public void setPkiDir(String v) {
    pkiDir = v;
  }

  public Ldap getLdap() {
    return ldap;
  }

  public Oidc getOidc() {
    return oidc;
  }

  public Session getSession() {
    return session;
  }
}
