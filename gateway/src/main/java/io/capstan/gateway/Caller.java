package io.capstan.gateway;

import java.util.List;

/** A person the gateway has authenticated, as the apiserver will hear of them (X-Remote-User/Group). */
public record Caller(String user, List<String> groups) {
  public Caller {
    groups = List.copyOf(groups);
  }
}
