package io.capstan.bench;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.AuthorizerChain;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.rbac.BootstrapPolicy;
import io.capstan.apiserver.rbac.ClusterRoleAggregator;
import io.capstan.apiserver.rbac.PolicyReconciler;
import io.capstan.apiserver.rbac.RbacAuthorizer;
import io.capstan.apiserver.rbac.RbacIndex;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Authorization decision cost: the RBAC authorizer (system:masters check, then RBAC over the
 * in-memory index, exactly the chain the apiserver's filter calls) with the bootstrap policy,
 * 1,000 Roles and 10,000 RoleBindings, against an allow-all authorizer behind the same chain as
 * the anchor. Both sides see the same pre-generated requests, in the same threads, alternating
 * which goes first per round. Prints decisions/s, p50 and p99 per side and the ratios.
 *
 * <p>Settings: {@code bench.threads} (2), {@code bench.decisions} per thread per round (200000),
 * {@code bench.rounds} (3), {@code bench.namespaces} (100), {@code bench.roles} (1000),
 * {@code bench.bindings} (10000), {@code bench.users} (2000), {@code bench.groups} (200).
 */
public final class AuthorizationBench {
  private static final String[] VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"};
  private static final String[][] RESOURCES = {{"", "pods"}, {"", "configmaps"}, {"", "secrets"}, {"", "services"},
      {"apps", "deployments"}, {"apps", "statefulsets"}, {"batch", "jobs"}, {"", "events"},
      {"networking.k8s.io", "ingresses"}, {"", "serviceaccounts"}};

  private AuthorizationBench() {}

  public static void main(String[] args) {
    BenchHarness.main(AuthorizationBench::run);
  }

  private static void run() throws Exception {
    int threads = Integer.getInteger("bench.threads", 2);
    int decisions = Integer.getInteger("bench.decisions", 200_000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int namespaces = Integer.getInteger("bench.namespaces", 100);
    int roles = Integer.getInteger("bench.roles", 1000);
    int bindings = Integer.getInteger("bench.bindings", 10_000);
    int users = Integer.getInteger("bench.users", 2000);
    int groups = Integer.getInteger("bench.groups", 200);
    Random random = new Random(42);

    RbacIndex index = new RbacIndex();
    loadBootstrapPolicy(index);
    for (int i = 0; i < roles; i++) index.putRole(role("ns-" + (i % namespaces), "role-" + i, random));
    for (int i = 0; i < bindings; i++) {
      String ns = "ns-" + (i % namespaces);
      int roleInNs = (i / namespaces) % Math.max(1, roles / namespaces);
      boolean cluster = random.nextInt(5) == 0;
      String roleName = cluster ? (random.nextBoolean() ? "view" : "edit") : "role-" + (roleInNs * namespaces + i % namespaces);
      index.putRoleBinding(binding(ns, "binding-" + i, cluster ? "ClusterRole" : "Role", roleName, random, users, groups));
    }
    System.out.printf("policy: %d Roles, %d RoleBindings in %d namespaces (%d bindings with the bootstrap "
        + "ClusterRoleBindings), %d users, %d groups%n", roles, bindings, namespaces, index.bindingCount(), users, groups);

    Attributes[][] requests = new Attributes[threads][decisions];
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < decisions; i++) {
        UserInfo user = new UserInfo("user-" + random.nextInt(users), "", List.of("group-" + random.nextInt(groups),
            "group-" + random.nextInt(groups), UserInfo.AUTHENTICATED));
        String[] res = RESOURCES[random.nextInt(RESOURCES.length)];
        requests[t][i] = Attributes.resource(user, VERBS[random.nextInt(VERBS.length)], res[0], res[1], "",
            "ns-" + random.nextInt(namespaces), random.nextBoolean() ? "" : "obj-" + random.nextInt(100));
      }
    }
    AuthorizerChain rbac = new AuthorizerChain(List.of(new RbacAuthorizer(index)));
    AuthorizerChain allowAll = new AuthorizerChain(List.of(a -> Decision.allow("allow-all")));

    long allowed = 0;
    for (Attributes a : requests[0]) if (rbac.authorize(a).allowed()) allowed++;
    System.out.printf("RBAC allows %.1f%% of the generated requests%n", 100.0 * allowed / decisions);

    measure(rbac, requests, Math.min(decisions, 50_000)); // warm-up, not reported
    measure(allowAll, requests, Math.min(decisions, 50_000));
    List<long[]> rbacLat = new ArrayList<>();
    List<long[]> anchorLat = new ArrayList<>();
    double rbacRate = 0;
    double anchorRate = 0;
    for (int round = 0; round < rounds; round++) {
      boolean rbacFirst = round % 2 == 0;
      Result first = measure(rbacFirst ? rbac : allowAll, requests, decisions);
      Result second = measure(rbacFirst ? allowAll : rbac, requests, decisions);
      Result r = rbacFirst ? first : second;
      Result a = rbacFirst ? second : first;
      rbacRate += r.rate() / rounds;
      anchorRate += a.rate() / rounds;
      rbacLat.add(r.latencies());
      anchorLat.add(a.latencies());
      System.out.printf("round %d: rbac %,.0f decisions/s, allow-all %,.0f decisions/s%n", round + 1, r.rate(), a.rate());
    }
    long[] rl = merge(rbacLat);
    long[] al = merge(anchorLat);
    System.out.printf("%-10s %14s %10s %10s%n", "authorizer", "decisions/s", "p50 (ns)", "p99 (ns)");
    System.out.printf("%-10s %,14.0f %,10d %,10d%n", "rbac", rbacRate, pct(rl, 50), pct(rl, 99));
    System.out.printf("%-10s %,14.0f %,10d %,10d%n", "allow-all", anchorRate, pct(al, 50), pct(al, 99));
    System.out.printf("ratio rbac/allow-all: throughput %.2f, p99 latency %.2f%n", rbacRate / anchorRate,
        (double) pct(rl, 99) / Math.max(1, pct(al, 99)));
  }

  record Result(double rate, long[] latencies) {}

  private static Result measure(AuthorizerChain authorizer, Attributes[][] requests, int perThread) throws InterruptedException {
    int threads = requests.length;
    long[][] lat = new long[threads][perThread];
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicLong sink = new AtomicLong();
    for (int t = 0; t < threads; t++) {
      int th = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          long allowed = 0;
          for (int i = 0; i < perThread; i++) {
            long t0 = System.nanoTime();
            if (authorizer.authorize(requests[th][i]).allowed()) allowed++;
            lat[th][i] = System.nanoTime() - t0;
          }
          sink.addAndGet(allowed);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, "authz-bench-" + t);
      worker.start();
    }
    long t0 = System.nanoTime();
    start.countDown();
    done.await();
    long elapsed = System.nanoTime() - t0;
    long[] all = merge(Arrays.asList(lat));
    return new Result((double) threads * perThread / (elapsed / 1e9), all);
  }

  private static long[] merge(List<long[]> parts) {
    int n = 0;
    for (long[] p : parts) n += p.length;
    long[] out = new long[n];
    int i = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    Arrays.sort(out);
    return out;
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void loadBootstrapPolicy(RbacIndex index) {
    List<ObjectNode> clusterRoles = new ArrayList<>();
    for (BootstrapPolicy.ClusterRoleSpec spec : BootstrapPolicy.clusterRoles()) clusterRoles.add(PolicyReconciler.roleObject(spec));
    for (boolean changed = true; changed; ) {
      changed = false;
      for (ObjectNode role : clusterRoles) {
        if (!role.has("aggregationRule")) continue;
        ArrayNode rules = ClusterRoleAggregator.aggregate(role, clusterRoles);
        if (!rules.equals(role.get("rules"))) {
          role.set("rules", rules);
          changed = true;
        }
      }
    }
    clusterRoles.forEach(index::putClusterRole);
    BootstrapPolicy.clusterRoleBindings().forEach(b -> index.putClusterRoleBinding(PolicyReconciler.bindingObject(b)));
  }

  private static ObjectNode role(String ns, String name, Random random) {
    ObjectNode r = Json.object();
    r.putObject("metadata").put("name", name).put("namespace", ns);
    ArrayNode rules = r.putArray("rules");
    int n = 3 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String[] res = RESOURCES[random.nextInt(RESOURCES.length)];
      ObjectNode rule = rules.addObject();
      rule.putArray("apiGroups").add(res[0]);
      rule.putArray("resources").add(res[1]);
      ArrayNode verbs = rule.putArray("verbs");
      verbs.add(VERBS[random.nextInt(VERBS.length)]);
      verbs.add(VERBS[random.nextInt(VERBS.length)]);
      if (random.nextInt(4) == 0) rule.putArray("resourceNames").add("obj-" + random.nextInt(100));
    }
    return r;
  }

  private static ObjectNode binding(String ns, String name, String kind, String role, Random random, int users, int groups) {
    ObjectNode b = Json.object();
    b.putObject("metadata").put("name", name).put("namespace", ns);
    b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", kind).put("name", role);
    ArrayNode subjects = b.putArray("subjects");
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(4) == 0) subjects.addObject().put("kind", "Group").put("name", "group-" + random.nextInt(groups));
      else subjects.addObject().put("kind", "User").put("name", "user-" + random.nextInt(users));
    }
    return b;
  }
}
