package io.capstan.apiserver.discovery;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' version priority ({@code version.CompareKubeAwareVersionStrings}): GA before beta
 * before alpha, higher numbers first, anything else last in lexical order. The first version of
 * a group in this order is its preferred version:
 * v10, v2, v1, v11beta2, v10beta3, v3beta1, v12alpha1, v11alpha2, foo1, foo10.
 */
final class KubeVersionOrder implements Comparator<String> {

  static final KubeVersionOrder INSTANCE = new KubeVersionOrder();

  private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  private KubeVersionOrder() {}

  @Override
  public int compare(String a, String b) {
    Matcher ma = KUBE_VERSION.matcher(a);
    Matcher mb = KUBE_VERSION.matcher(b);
    boolean ka = ma.matches();
    boolean kb = mb.matches();
    if (!ka && !kb) return a.compareTo(b);
    if (ka != kb) return ka ? -1 : 1;
    int stability = Integer.compare(stability(mb), stability(ma));
    if (stability != 0) return stability;
    int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
    if (major != 0) return major;
    if (ma.group(3) == null) return 0;
    return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
  }

  private static int stability(Matcher m) {
    if (m.group(2) == null) return 3;
    return m.group(2).equals("beta") ? 2 : 1;
  }
}
