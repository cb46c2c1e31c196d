package io.capstan.apiserver.web;

import io.capstan.apiserver.apply.WriteScope;

/**
 * Who is writing and how, for the duration of one request: the field manager, whether the write is
 * a server-side apply (whose managedFields are already computed) and the scope (main resource or
 * a subresource). Registry hooks run on the request thread, so a thread-bound value reaches them
 * without threading request details through the generic registry.
 */
public record WriteContext(String manager, boolean apply, WriteScope scope) {
  private static final ThreadLocal<WriteContext> CURRENT = new ThreadLocal<>();

  /** The context of the write in progress, or null outside a request (bootstrap, background cleanup). */
  public static WriteContext current() {
    return CURRENT.get();
  }

  /** Binds this context until the returned handle is closed (use with try-with-resources). */
  public Binding bind() {
    WriteContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    };
  }

  /** An open binding; closing it restores what was bound before. */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }
}
