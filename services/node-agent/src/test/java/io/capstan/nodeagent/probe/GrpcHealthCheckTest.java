package io.capstan.nodeagent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grpc probe against a real grpc-java server on loopback. */
class GrpcHealthCheckTest {
  Server server;

  @AfterEach
  void stop() {
    if (server != null) server.shutdownNow();
  }

  /** Raw protobuf bytes in and out: the test's server needs no generated code either. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** A health service answering each service name with its status from {@code statuses} (absent: SERVICE_UNKNOWN). */
  int serveHealth(Map<String, Integer> statuses) throws IOException {
    var check = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("grpc.health.v1.Health/Check").setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    var health = ServerServiceDefinition.builder("grpc.health.v1.Health")
        .addMethod(check, new ServerCallHandler<byte[], byte[]>() {
          public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
            call.request(1);
            return new ServerCall.Listener<>() {
              public void onMessage(byte[] request) {
                String service = request.length == 0 ? "" : new String(request, 2, request[1], StandardCharsets.UTF_8);
                call.sendHeaders(new Metadata());
                call.sendMessage(new byte[] {0x08, (byte) (int) statuses.getOrDefault(service, 3)});
                call.close(Status.OK, new Metadata());
              }
            };
          }
        }).build();
    return start(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(health));
  }

  int start(NettyServerBuilder builder) throws IOException {
    server = builder.build().start();
    return server.getPort();
  }

  @Test
  void servingPassesAndAnyOtherStatusIsUnhealthy() throws IOException {
    int port = serveHealth(Map.of("", 1, "db", 2));
    assertThat(GrpcHealthCheck.check("127.0.0.1", port, "", Duration.ofSeconds(5)).ok()).isTrue();
    assertThat(GrpcHealthCheck.check("127.0.0.1", port, "db", Duration.ofSeconds(5)).output())
        .isEqualTo("service unhealthy (responded with \"NOT_SERVING\")");
    assertThat(GrpcHealthCheck.check("127.0.0.1", port, "cache", Duration.ofSeconds(5)).output())
        .isEqualTo("service unhealthy (responded with \"SERVICE_UNKNOWN\")");
  }

  @Test
  void aServerWithoutTheHealthServiceSaysSo() throws IOException {
    int port = start(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
    assertThat(GrpcHealthCheck.check("127.0.0.1", port, "", Duration.ofSeconds(5)).output())
        .startsWith("this server does not implement the grpc health protocol (grpc.health.v1.Health): ");
  }

  @Test
  void nothingListeningIsAFailureToConnect() throws IOException {
    try (Socket closed = ProberTest.boundNotListening()) {
      int port = closed.getLocalPort();
      assertThat(GrpcHealthCheck.check("127.0.0.1", port, "", Duration.ofSeconds(2)).output())
          .startsWith("timeout: failed to connect service \"127.0.0.1:" + port + "\" within 2s: ");
    }
  }

  @Test
  void messagesAreProtobufWithTheGrpcLengthPrefix() {
    assertThat(GrpcHealthCheck.frame(GrpcHealthCheck.request(""))).containsExactly(0, 0, 0, 0, 0);
    assertThat(GrpcHealthCheck.frame(GrpcHealthCheck.request("db"))).containsExactly(0, 0, 0, 0, 4, 0x0a, 2, 'd', 'b');
    byte[] response = ByteBuffer.allocate(9).put((byte) 0).putInt(4).put(new byte[] {0x10, 7, 0x08, 1}).array();
    assertThat(GrpcHealthCheck.servingStatus(response)).as("an unknown field before status is skipped").isEqualTo(1);
  }
}
