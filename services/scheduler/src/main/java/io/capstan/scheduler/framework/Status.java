package io.capstan.scheduler.framework;

import java.util.List;

/**
 * The outcome of one plugin call (Kubernetes' {@code framework.Status}). Reasons are the exact
 * texts users see in FailedScheduling events, counted per node ("2 node(s) had untolerated taint").
 * {@code UNSCHEDULABLE} may be fixed by preemption; {@code UNSCHEDULABLE_AND_UNRESOLVABLE} may not.
 */
public record Status(Code code, List<String> reasons, String plugin, Throwable error) {
  public enum Code { SUCCESS, ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, WAIT, SKIP }

  private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null, null);
  private static final Status SKIP = new Status(Code.SKIP, List.of(), null, null);

  public static Status success() {
    return SUCCESS;
  }

  public static Status skip() {
    return SKIP;
  }

  public static Status waiting() {
    return new Status(Code.WAIT, List.of(), null, null);
  }

  public static Status unschedulable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE, List.of(reasons), null, null);
  }

  public static Status unresolvable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null, null);
  }

  public static Status error(Throwable e) {
    return new Status(Code.ERROR, List.of(String.valueOf(e.getMessage())), null, e);
  }

  public static Status error(String message) {
    return new Status(Code.ERROR, List.of(message), null, null);
  }

  public Status withPlugin(String name) {
    return plugin != null || code == Code.SUCCESS ? this : new Status(code, reasons, name, error);
  }

  public boolean isSuccess() {
    return code == Code.SUCCESS;
  }

  public boolean isSkip() {
    return code == Code.SKIP;
  }

  /** Unschedulable, resolvable or not: the pod does not fit (as opposed to an error). */
  public boolean isRejected() {
    return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
  }

  public String message() {
    return String.join(", ", reasons);
  }
}
