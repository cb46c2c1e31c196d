package io.capstan.nodeagent.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A gRPC probe: one {@code grpc.health.v1.Health/Check} call over cleartext HTTP/2, as kubelet
 * makes it, with kubelet's failure messages. The request and response are two-field protobuf
 * messages, so they are written and read by hand rather than pulling a gRPC stack into the agent.
 */
final class GrpcHealthCheck {
  private static final MediaType GRPC = MediaType.get("application/grpc");
  private static final String[] STATUS_NAMES = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
  private static final int SERVING = 1;
  private static final int UNIMPLEMENTED = 12;

  /** Shared connection pool and dispatcher; each probe sets its own timeout. */
  private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).retryOnConnectionFailure(false).build();

  private GrpcHealthCheck() {}

  static Prober.Outcome check(String host, int port, String service, Duration timeout) {
    String address = host + ":" + port;
    OkHttpClient client = CLIENT.newBuilder().callTimeout(timeout).build();
    Request request = new Request.Builder().url("http://" + address + "/grpc.health.v1.Health/Check")
        .header("te", "trailers").header("user-agent", "kube-probe")
        .post(RequestBody.create(frame(request(service)), GRPC)).build();
    byte[] body;
    Headers trailers;
    try (Response response = client.newCall(request).execute()) {
      body = response.body().bytes();
      // A trailers-only answer (an error before any message) carries grpc-status in the headers.
      trailers = response.header("grpc-status") != null ? response.headers() : response.trailers();
    } catch (InterruptedIOException e) {
      return Prober.Outcome.failure("timeout: health rpc did not complete within " + timeout.toSeconds() + "s");
    } catch (IOException e) {
      return Prober.Outcome.failure("timeout: failed to connect service \"" + address + "\" within "
          + timeout.toSeconds() + "s: " + e.getMessage());
    }
    int grpcStatus = parseInt(trailers.get("grpc-status"), -1);
    if (grpcStatus == UNIMPLEMENTED) {
      return Prober.Outcome.failure("this server does not implement the grpc health protocol (grpc.health.v1.Health): "
          + message(trailers));
    }
    if (grpcStatus != 0) {
      return Prober.Outcome.failure("error: health rpc probe failed: rpc error: code = " + grpcStatus + " desc = "
          + message(trailers));
    }
    int status = servingStatus(body);
    return status == SERVING ? Prober.Outcome.SUCCESS
        : Prober.Outcome.failure("service unhealthy (responded with \"" + statusName(status) + "\")");
  }

  /** HealthCheckRequest: field 1 (service, string), left out when empty as proto3 does. */
  static byte[] request(String service) {
    byte[] name = service.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (name.length > 0) {
      out.write(0x0a);
      writeVarint(out, name.length);
      out.writeBytes(name);
    }
    return out.toByteArray();
  }

  /** The gRPC length-prefixed message: uncompressed flag, 4-byte big-endian length, message. */
  static byte[] frame(byte[] message) {
    return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
  }

  /** HealthCheckResponse's field 1 (status, enum varint) from one framed message; 0 when absent. */
  static int servingStatus(byte[] framed) {
    if (framed.length < 5) return 0;
    ByteBuffer in = ByteBuffer.wrap(framed, 5, framed.length - 5);
    while (in.hasRemaining()) {
      long key = readVarint(in);
      int wireType = (int) (key & 7);
      if (key >>> 3 == 1 && wireType == 0) return (int) readVarint(in);
      switch (wireType) { // skip any other field
        case 0 -> readVarint(in);
        case 1 -> in.position(in.position() + 8);
        case 2 -> in.position(in.position() + (int) readVarint(in));
        case 5 -> in.position(in.position() + 4);
        default -> { return 0; }
      }
    }
    return 0;
  }

  private static String statusName(int status) {
    return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
  }

  private static String message(Headers trailers) {
    String m = trailers.get("grpc-message");
    return m == null ? "" : java.net.URLDecoder.decode(m.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int parseInt(String s, int dflt) {
    try {
      return s == null ? dflt : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static void writeVarint(ByteArrayOutputStream out, int v) {
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static long readVarint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 64 && in.hasRemaining(); shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    return v;
  }
}
