package io.capstan.gateway;

import io.capstan.model.Json;
import io.capstan.security.oidc.InvalidTokenException;
import io.capstan.security.oidc.OidcIdentity;
import io.capstan.security.oidc.OidcSettings;
import io.capstan.security.oidc.OidcTokenVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Browser single sign-on with the OpenID Connect authorization code flow (PKCE S256, a nonce, a
 * confidential client). {@link #start} sends the browser to the issuer and returns the login's
 * one-time state sealed in a short-lived cookie — no server-side session, so any gateway replica
 * can finish the login; {@link #finish} checks the issuer's answer against that cookie, redeems
 * the code at the token endpoint and verifies the ID token exactly as the apiserver would.
 */
public final class OidcLogin {
  /** How long a browser may take at the issuer's login page. */
  static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where to send the browser, and the login cookie to set. */
  public record Started(URI redirect, String loginCookie) {}

  /** Who logged in, and the session cookie to set (valid as long as the ID token). */
  public record Finished(Caller caller, String sessionCookie, Duration maxAge, String then) {}

  /** A login that cannot complete; the message is for the person at the browser. */
  public static final class LoginFailed extends Exception {
    LoginFailed(String message) {
      super(message);
    }
  }

  private final OidcSettings settings;
  private final String clientSecret;
  private final List<String> scopes;
  private final HttpClient http;
  private final OidcTokenVerifier verifier;
  private final SessionCookies cookies;
  private final Clock clock;
  private volatile JsonNode discovery;

  public OidcLogin(OidcSettings settings, String clientSecret, List<String> scopes, HttpClient http,
      OidcTokenVerifier verifier, SessionCookies cookies, Clock clock) {
    this.settings = settings;
    this.clientSecret = clientSecret;
    this.scopes = scopes.contains("openid") ? scopes : concat("openid", scopes);
    this.http = http;
    this.verifier = verifier;
    this.cookies = cookies;
    this.clock = clock;
  }

  /** @param then where the browser goes once logged in (a path on the gateway) */
  public Started start(String then, String redirectUri) throws IOException {
    String state = random();
    String nonce = random();
    String verifierValue = random() + random();
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", settings.clientId());
    q.put("redirect_uri", redirectUri);
    q.put("scope", String.join(" ", scopes));
    q.put("state", state);
    q.put("nonce", nonce);
    q.put("code_challenge", s256(verifierValue));
    q.put("code_challenge_method", "S256");
    String endpoint = endpoint("authorization_endpoint");
    URI redirect = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(q));
    ObjectNode login = Json.object().put("state", state).put("nonce", nonce).put("verifier", verifierValue)
        .put("then", safePath(then)).put("redirect", redirectUri);
    return new Started(redirect, cookies.seal(login, clock.instant().plus(LOGIN_TIMEOUT)));
  }

  public Finished finish(String code, String state, String loginCookie) throws LoginFailed, IOException {
    JsonNode login = cookies.open(loginCookie)
        .orElseThrow(() -> new LoginFailed("the login expired or was not started here; start again at /oauth2/login"));
    if (state == null || !state.equals(login.path("state").asString(""))) {
      throw new LoginFailed("the identity provider's answer does not belong to this login (state mismatch)");
    }
    if (code == null || code.isEmpty()) throw new LoginFailed("the identity provider sent no authorization code");
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", login.path("redirect").asString(""));
    f.put("client_id", settings.clientId());
    f.put("client_secret", clientSecret);
    f.put("code_verifier", login.path("verifier").asString(""));
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(endpoint("token_endpoint"))).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(form(f))).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted redeeming the authorization code", e);
    }
    if (r.statusCode() != 200) {
      throw new LoginFailed("the identity provider refused the authorization code (" + r.statusCode() + "): " + r.body());
    }
    String idToken = Json.MAPPER.readTree(r.body()).path("id_token").asString("");
    if (idToken.isEmpty()) throw new LoginFailed("the identity provider returned no ID token");
    OidcIdentity id;
    try {
      id = verifier.verify(idToken, login.path("nonce").asString(""))
          .orElseThrow(() -> new LoginFailed("the ID token is not from the configured issuer"));
    } catch (InvalidTokenException e) {
      throw new LoginFailed("the ID token is not acceptable: " + e.getMessage());
    }
    Caller caller = new Caller(id.username(), id.groups());
    ObjectNode session = Json.object().put("u", caller.user());
    ArrayNode groups = session.putArray("g");
    caller.groups().forEach(groups::add);
    Duration maxAge = Duration.between(clock.instant(), id.expires());
    return new Finished(caller, cookies.seal(session, id.expires()), maxAge, login.path("then").asString("/"));
  }

  /** The caller a session cookie names, if it is one of ours and unexpired. */
  public Optional<Caller> session(String cookie) {
    return cookies.open(cookie).map(s -> {
      List<String> groups = new ArrayList<>();
      s.path("g").forEach(g -> groups.add(g.asString()));
      return new Caller(s.path("u").asString(), groups);
    }).filter(c -> !c.user().isEmpty());
  }

  /** Only a path on this gateway: anything else would make the login an open redirect. */
  static String safePath(String then) {
    if (then == null || !then.startsWith("/") || then.startsWith("//") || then.startsWith("/\\")) return "/";
    return then;
  }

  private String endpoint(String name) throws IOException {
    JsonNode d = discovery;
    if (d == null) {
      String url = settings.issuerUrl().replaceAll("/$", "") + "/.well-known/openid-configuration";
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + url + " answered " + r.statusCode());
        d = Json.MAPPER.readTree(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted fetching " + url, e);
      }
      discovery = d;
    }
    String value = d.path(name).asString("");
    if (value.isEmpty()) throw new IOException("the issuer's discovery document has no " + name);
    return value;
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String s256(String v) {
    try {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }
}
