package io.capstan.apiserver.security;

import java.util.Optional;

/**
 * The user of the request being served on this thread, for registry hooks that need it
 * (escalation checks, a CSR's requester). Empty for the server's own writes (bootstrap policy,
 * controllers), which are trusted.
 */
public final class RequestUser {
  private static final ThreadLocal<UserInfo> CURRENT = new ThreadLocal<>();

  private RequestUser() {}

  public static Optional<UserInfo> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Binds {@code user} to this thread until the returned scope is closed. */
  public static Scope bind(UserInfo user) {
    UserInfo previous = CURRENT.get();
    CURRENT.set(user);
    return () -> {
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    };
  }

  /** Restores the previous binding. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
