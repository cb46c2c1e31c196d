package io.capstan.gateway;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of single sign-on: {@code /oauth2/login?then=<path>} goes to the identity
 * provider, {@code /oauth2/callback} comes back from it and sets the session cookie,
 * {@code /oauth2/logout} drops it. Cookies are HttpOnly and SameSite=Lax (no cross-site POST
 * carries the session), and Secure whenever the gateway is reached over TLS.
 */
public final class LoginServlet extends HttpServlet {
  static final String LOGIN_COOKIE = "capstan_login";
  private static final Logger log = LoggerFactory.getLogger(LoginServlet.class);

  private final OidcLogin login;
  private final String redirectUrl;

  /** @param redirectUrl the callback URL registered at the issuer; blank derives it from the request */
  public LoginServlet(OidcLogin login, String redirectUrl) {
    this.login = login;
    this.redirectUrl = redirectUrl;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    switch (path) {
      case "/login" -> start(req, resp);
      case "/callback" -> finish(req, resp);
      case "/logout" -> {
        setCookie(req, resp, CallerAuthenticator.SESSION_COOKIE, "", "/", Duration.ZERO);
        text(resp, 200, "Logged out.");
      }
      default -> text(resp, 404, "Not found: /oauth2" + path);
    }
  }

  private void start(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    OidcLogin.Started s;
    try {
      s = login.start(req.getParameter("then"), callback(req));
    } catch (IOException e) {
      log.warn("cannot reach the identity provider: {}", e.getMessage());
      text(resp, 503, "The identity provider cannot be reached: " + e.getMessage());
      return;
    }
    setCookie(req, resp, LOGIN_COOKIE, s.loginCookie(), "/oauth2", OidcLogin.LOGIN_TIMEOUT);
    resp.sendRedirect(s.redirect().toString());
  }

  private void finish(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getParameter("error") != null) {
      text(resp, 400, "The identity provider refused the login: " + req.getParameter("error")
          + (req.getParameter("error_description") == null ? "" : " (" + req.getParameter("error_description") + ")"));
      return;
    }
    OidcLogin.Finished f;
    try {
      f = login.finish(req.getParameter("code"), req.getParameter("state"), CallerAuthenticator.cookie(req, LOGIN_COOKIE));
    } catch (OidcLogin.LoginFailed e) {
      text(resp, 400, "Login failed: " + e.getMessage());
      return;
    } catch (IOException e) {
      log.warn("cannot redeem the authorization code: {}", e.getMessage());
      text(resp, 503, "The identity provider cannot be reached: " + e.getMessage());
      return;
    }
    log.info("{} logged in (groups {})", f.caller().user(), f.caller().groups());
    setCookie(req, resp, LOGIN_COOKIE, "", "/oauth2", Duration.ZERO);
    setCookie(req, resp, CallerAuthenticator.SESSION_COOKIE, f.sessionCookie(), "/", f.maxAge());
    resp.sendRedirect(f.then());
  }

  private String callback(HttpServletRequest req) {
    if (!redirectUrl.isBlank()) return redirectUrl;
    return URI.create(req.getRequestURL().toString()).resolve("/oauth2/callback").toString();
  }

  private static void setCookie(HttpServletRequest req, HttpServletResponse resp, String name, String value, String path,
      Duration maxAge) {
    resp.addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + Math.max(0, maxAge.toSeconds())
        + "; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
  }

  private static void text(HttpServletResponse resp, int status, String message) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain;charset=utf-8");
    resp.getWriter().println(message);
  }
}
