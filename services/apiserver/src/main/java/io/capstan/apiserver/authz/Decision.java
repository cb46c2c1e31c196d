package io.capstan.apiserver.authz;

/** An authorizer's answer. NO_OPINION lets the next authorizer in the chain decide. */
public record Decision(Kind kind, String reason) {
  public enum Kind { ALLOW, DENY, NO_OPINION }

  public static Decision allow(String reason) {
    return new Decision(Kind.ALLOW, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(Kind.DENY, reason);
  }

  public static Decision noOpinion(String reason) {
    return new Decision(Kind.NO_OPINION, reason);
  }

  public boolean allowed() {
    return kind == Kind.ALLOW;
  }
}
