package io.capstan.apiserver.authn;

import io.capstan.apiserver.security.TokenAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' static token file ({@code --token-auth-file}): CSV lines
 * {@code token,user,uid,"group1,group2"}, read once at start. A token not in the file is not this
 * authenticator's to judge (the next one may know it).
 */
public final class TokenFileAuthenticator implements TokenAuthenticator {
  private final Map<String, UserInfo> users;

  public TokenFileAuthenticator(Map<String, UserInfo> users) {
    this.users = Map.copyOf(users);
  }

  public static TokenFileAuthenticator load(Path file) throws IOException {
    Map<String, UserInfo> users = new HashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) continue;
      List<String> f = csv(line);
      if (f.size() < 3 || f.get(0).isEmpty() || f.get(1).isEmpty()) {
        throw new IOException(file + ":" + lineNo + ": expected token,user,uid[,\"groups\"]");
      }
      List<String> groups = new ArrayList<>();
      if (f.size() > 3) for (String g : f.get(3).split(",")) if (!g.isBlank()) groups.add(g.trim());
      if (users.put(f.get(0), new UserInfo(f.get(1), f.get(2), groups)) != null) {
        throw new IOException(file + ":" + lineNo + ": duplicate token");
      }
    }
    return new TokenFileAuthenticator(users);
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    // Compare every entry in constant time: no timing hint about which prefix matched.
    UserInfo found = null;
    byte[] t = token.getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<String, UserInfo> e : users.entrySet()) {
      if (MessageDigest.isEqual(t, e.getKey().getBytes(StandardCharsets.UTF_8))) found = e.getValue();
    }
    return Optional.ofNullable(found);
  }

  /** One CSV record: comma separated, fields optionally in double quotes ("" is a quote). */
  static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().trim());
    return out;
  }
}
