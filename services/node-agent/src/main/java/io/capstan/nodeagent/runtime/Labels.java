package io.capstan.nodeagent.runtime;

/** Labels on every runtime object the agent creates: how a restarted agent recognises its pods. */
public final class Labels {
  public static final String POD_UID = "capstan.io/pod-uid";
  public static final String POD_NAME = "capstan.io/pod-name";
  public static final String POD_NAMESPACE = "capstan.io/pod-namespace";
  public static final String NODE = "capstan.io/node";
  public static final String CONTAINER_NAME = "capstan.io/container-name";
  /** 0 for the first instance of a container, +1 per restart: restartCount survives the agent. */
  public static final String ATTEMPT = "capstan.io/attempt";
  /** "init" or "app". */
  public static final String CONTAINER_KIND = "capstan.io/container-kind";

  private Labels() {}
}
