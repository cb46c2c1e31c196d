package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.runtime.RuntimeError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP/1.1 to Podman's libpod API (v4) over its unix socket. */
final class PodmanHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;

  PodmanHttp(Path socket) {
    InetAddress fake;
    try {
      fake = InetAddress.getByAddress("podman", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.http = new OkHttpClient.Builder()
        .socketFactory(new UnixSocketFactory(socket))
        .dns(host -> List.of(fake))
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(2, TimeUnit.MINUTES)
        .retryOnConnectionFailure(true)
        .build();
  }

  HttpUrl.Builder url(String path) {
    HttpUrl.Builder b = new HttpUrl.Builder().scheme("http").host("podman").addPathSegments("v4.0.0/libpod");
    for (String seg : path.split("/")) if (!seg.isEmpty()) b.addPathSegment(seg);
    return b;
  }

  Reply get(HttpUrl url) {
    return call(new Request.Builder().url(url).get().build(), null);
  }

  Reply post(HttpUrl url, Object body) {
    RequestBody rb = RequestBody.create(body == null ? "" : JSON.writeValueAsString(body), JSON_TYPE);
    return call(new Request.Builder().url(url).post(rb).build(), null);
  }

  Reply post(HttpUrl url, Object body, Duration timeout) {
    RequestBody rb = RequestBody.create(body == null ? "" : JSON.writeValueAsString(body), JSON_TYPE);
    return call(new Request.Builder().url(url).post(rb).build(), timeout);
  }

  Reply postBytes(HttpUrl url, byte[] body, String contentType) {
    return call(new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get(contentType))).build(),
        null);
  }

  /** POSTs a file streamed from disk (an image archive may not fit in the heap). */
  Reply postFile(HttpUrl url, Path file, String contentType) {
    return call(new Request.Builder().url(url).post(RequestBody.create(file.toFile(), MediaType.get(contentType)))
        .build(), null);
  }

  Reply delete(HttpUrl url) {
    return call(new Request.Builder().url(url).delete().build(), null);
  }

  private Reply call(Request request, Duration timeout) {
    var call = http.newCall(request);
    if (timeout != null) call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response r = call.execute()) {
      byte[] body = r.body() == null ? new byte[0] : readAll(r.body().byteStream());
      return new Reply(r.code(), body, request.method() + " " + request.url().encodedPath());
    } catch (IOException e) {
      throw new RuntimeError(request.method() + " " + request.url().encodedPath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A streamed POST (exec start) read on its own thread into a buffer; {@code close()} cancels
   * it. Podman does not always end an exec's stream when the command exits, so the caller decides
   * when the stream is done (the exec's state) instead of waiting for EOF.
   */
  final class Stream implements AutoCloseable {
    private final okhttp3.Call call;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread reader;
    private volatile int code;

    Stream(HttpUrl url, Object body) {
      RequestBody rb = RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE);
      this.call = http.newCall(new Request.Builder().url(url).post(rb).build());
      this.reader = new Thread(() -> {
        try (Response r = call.execute()) {
          code = r.code();
          InputStream in = r.body().byteStream();
          byte[] chunk = new byte[8192];
          int n;
          while ((n = in.read(chunk)) != -1) {
            synchronized (buffer) {
              buffer.write(chunk, 0, n);
            }
          }
        } catch (IOException e) {
          // Cancelled by close(), or the service went away: what was read so far is the output.
          code = code == 0 ? -1 : code;
        }
      }, "podman-stream");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits up to {@code wait} for the stream to end by itself. */
    boolean awaitEnd(Duration wait) throws InterruptedException {
      reader.join(Math.max(1, wait.toMillis()));
      return !reader.isAlive();
    }

    byte[] bytes() {
      synchronized (buffer) {
        return buffer.toByteArray();
      }
    }

    @Override
    public void close() {
      call.cancel();
    }
  }

  Stream stream(HttpUrl url, Object body) {
    return new Stream(url, body);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** One answer; {@link #ok} throws a {@link RuntimeError} with Podman's cause for other codes. */
  record Reply(int code, byte[] body, String what) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /**
     * The object does not exist. Podman 4.3 answers 404 for most such requests but 500 "… does not
     * exist in database: no such container" (or "no such pod") for one removed while being looked
     * at, which a pod sync racing a deletion meets.
     */
    boolean missing() {
      return code == 404 || (code == 500 && (cause().contains("no such container") || cause().contains("no such pod")));
    }

    /** {@link #ok} where a missing object is also fine (deleting or stopping what is already gone). */
    Reply okOrMissing(int... accepted) {
      return missing() ? this : ok(accepted);
    }

    Reply ok(int... accepted) {
      for (int a : accepted) if (a == code) return this;
      if (code >= 200 && code < 300 && accepted.length == 0) return this;
      throw new RuntimeError(what + " answered " + code + ": " + cause(), code);
    }

    String cause() {
      try {
        JsonNode n = JSON.readTree(body);
        String cause = n.path("cause").asString("");
        String message = n.path("message").asString("");
        return message.isEmpty() ? text() : message + (cause.isEmpty() || message.contains(cause) ? "" : " (" + cause + ")");
      } catch (RuntimeException e) {
        return text();
      }
    }
  }

  /** Splits Podman's 8-byte-header multiplexed stream (exec) into text. */
  static String demux(byte[] raw) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i + 8 <= raw.length) {
      int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
      int end = Math.min(raw.length, i + 8 + len);
      out.append(new String(raw, i + 8, end - i - 8, StandardCharsets.UTF_8));
      i = end;
    }
    return out.toString();
  }
}
