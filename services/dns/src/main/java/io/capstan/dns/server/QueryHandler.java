package io.capstan.dns.server;

import io.capstan.dns.zone.ClusterZone;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one query. Names in the cluster domain are answered authoritatively from the current
 * {@link ClusterZone}: a name with no record is NXDOMAIN with the zone's SOA (so a resolver walking
 * its search path with ndots:5 moves on at once), a name that exists without the asked type is
 * NODATA. Pod names {@code a-b-c-d.<ns>.pod.<domain>} answer their dashed address (CoreDNS's
 * "pods insecure"). Reverse names of cluster IPs and endpoints answer their PTR; anything else goes
 * to the {@link Forwarder}, or is SERVFAIL without one.
 */
public final class QueryHandler {
  private static final Pattern DASHED_V4 = Pattern.compile("\\d{1,3}(-\\d{1,3}){3}");

  private final Supplier<ClusterZone> zone;
  private final Optional<Forwarder> forwarder;
  private final long ttl;
  private final InetAddress serverAddress; // null: no A record for ns.dns.<domain>

  public QueryHandler(Supplier<ClusterZone> zone, Optional<Forwarder> forwarder, long ttl, InetAddress serverAddress) {
    this.zone = zone;
    this.forwarder = forwarder;
    this.ttl = ttl;
    this.serverAddress = serverAddress == null || serverAddress.isAnyLocalAddress() ? null : serverAddress;
  }

  public CompletionStage<Message> handle(Message query) {
    Record q = query.getQuestion();
    if (query.getHeader().getOpcode() != Opcode.QUERY) return done(reply(query, Rcode.NOTIMP));
    if (q == null || q.getDClass() != DClass.IN && q.getDClass() != DClass.ANY) return done(reply(query, Rcode.FORMERR));
    ClusterZone z = zone.get();
    Name name = q.getName();
    if (name.subdomain(z.origin())) return done(authoritative(query, z, name, q.getType()));
    if (q.getType() == Type.PTR && z.hasRecords(name)) {
      Message r = reply(query, Rcode.NOERROR);
      r.getHeader().setFlag(Flags.AA);
      for (Record rec : z.lookup(name, Type.PTR)) r.addRecord(rec.withName(name), Section.ANSWER);
      return done(r);
    }
    if (forwarder.isEmpty()) return done(reply(query, Rcode.SERVFAIL));
    return forwarder.get().forward(query).handle((upstream, err) -> {
      if (err != null) return reply(query, Rcode.SERVFAIL);
      upstream.getHeader().setID(query.getHeader().getID());
      return upstream;
    });
  }

  private Message authoritative(Message query, ClusterZone z, Name name, int type) {
    Message r = reply(query, Rcode.NOERROR);
    r.getHeader().setFlag(Flags.AA);
    List<Record> answer = new ArrayList<>(z.lookup(name, type));
    if (answer.isEmpty() && type != Type.CNAME) {
      List<Record> cname = z.lookup(name, Type.CNAME);
      if (!cname.isEmpty()) {
        answer.addAll(cname);
        Name target = ((CNAMERecord) cname.get(0)).getTarget();
        if (target.subdomain(z.origin())) answer.addAll(z.lookup(target, type));
      }
    }
    if (answer.isEmpty()) answer.addAll(apexOrPod(z, name, type));
    if (answer.isEmpty()) {
      if (!z.exists(name) && !isPodName(z, name)) r.getHeader().setRcode(Rcode.NXDOMAIN);
      r.addRecord(soa(z.origin()), Section.AUTHORITY);
      return r;
    }
    for (Record rec : answer) r.addRecord(rec.getName().equals(name) ? rec.withName(name) : rec, Section.ANSWER);
    for (Record rec : answer) {
      if (rec instanceof SRVRecord srv) {
        for (Record a : z.lookup(srv.getTarget(), Type.A)) r.addRecord(a, Section.ADDITIONAL);
        for (Record a : z.lookup(srv.getTarget(), Type.AAAA)) r.addRecord(a, Section.ADDITIONAL);
      }
    }
    return r;
  }

  private List<Record> apexOrPod(ClusterZone z, Name name, int type) {
    Name origin = z.origin();
    List<Record> out = new ArrayList<>();
    boolean any = type == Type.ANY;
    if (name.equals(origin)) {
      if (type == Type.SOA || any) out.add(soa(origin));
      if (type == Type.NS || any) out.add(new NSRecord(origin, DClass.IN, ttl, nsName(origin)));
    } else if (name.equals(nsName(origin)) && serverAddress != null && serverAddress.getAddress().length == 4
        && (type == Type.A || any)) {
      out.add(new ARecord(name, DClass.IN, ttl, serverAddress));
    } else if ((type == Type.A || any) && isPodName(z, name)) {
      try {
        out.add(new ARecord(name, DClass.IN, ttl, InetAddress.getByName(name.getLabelString(0).replace('-', '.'))));
      } catch (UnknownHostException e) {
        return out;
      }
    }
    return out;
  }

  /** {@code a-b-c-d.<ns>.pod.<domain>} with a valid IPv4 address. */
  private static boolean isPodName(ClusterZone z, Name name) {
    if (name.labels() != z.origin().labels() + 3) return false;
    if (!name.getLabelString(2).equalsIgnoreCase("pod")) return false;
    String first = name.getLabelString(0);
    if (!DASHED_V4.matcher(first).matches()) return false;
    for (String part : first.split("-")) if (Integer.parseInt(part) > 255) return false;
    return true;
  }

  private static Name nsName(Name origin) {
    return Name.fromConstantString("ns.dns." + origin);
  }

  private SOARecord soa(Name origin) {
    // A fixed serial: nothing transfers this zone; the SOA is there for negative caching (its minimum).
    return new SOARecord(origin, DClass.IN, ttl, nsName(origin), Name.fromConstantString("hostmaster." + origin),
        1, 7200, 1800, 86400, ttl);
  }

  private static Message reply(Message query, int rcode) {
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) r.getHeader().setFlag(Flags.RD);
    r.getHeader().setFlag(Flags.RA);
    r.getHeader().setRcode(rcode);
    if (query.getQuestion() != null) r.addRecord(query.getQuestion(), Section.QUESTION);
    if (query.getOPT() != null) r.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    return r;
  }

  private static CompletionStage<Message> done(Message m) {
    return CompletableFuture.completedFuture(m);
  }
}
