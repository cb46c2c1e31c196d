package io.capstan.apiserver.web;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch over WebSocket, as the Kubernetes API server offers it: after the upgrade, each event is
 * one text message holding {@code {"type":..,"object":..}}; the server closes the socket when the
 * watch ends, and a client close ends the watch.
 */
final class WebSocketWatch {
  private static final Logger log = LoggerFactory.getLogger(WebSocketWatch.class);

  private WebSocketWatch() {}

  static boolean requested(HttpServletRequest req) {
    String upgrade = req.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  static void upgrade(HttpServletRequest req, HttpServletResponse resp, WatchStreamer.Feed feed,
      ExecutorService executor) throws IOException {
    ServerContainer container = (ServerContainer) req.getServletContext()
        .getAttribute(ServerContainer.class.getName());
    if (container == null) {
      feed.close();
      throw new ApiException(400, "BadRequest", "this server does not offer watches over WebSocket; use a plain HTTP watch");
    }
    ServerEndpointConfig config = ServerEndpointConfig.Builder
        .create(Endpoint.class, req.getRequestURI())
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return (T) new FeedEndpoint(feed, executor);
          }
        })
        .build();
    try {
      container.upgradeHttpToWebSocket(req, resp, config, Map.of());
    } catch (jakarta.websocket.DeploymentException e) {
      feed.close();
      throw new ApiException(400, "BadRequest", "WebSocket upgrade failed: " + e.getMessage());
    }
  }

  /** Runs the feed on its own thread once the socket is open, and stops it when the socket closes. */
  private static final class FeedEndpoint extends Endpoint {
    private final WatchStreamer.Feed feed;
    private final ExecutorService executor;

    FeedEndpoint(WatchStreamer.Feed feed, ExecutorService executor) {
      this.feed = feed;
      this.executor = executor;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      executor.execute(() -> {
        try (feed) {
          feed.run(event -> session.getBasicRemote().sendText(Json.MAPPER.writeValueAsString(event)));
          if (session.isOpen()) session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "watch ended"));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException e) {
          log.debug("WebSocket watch ended: {}", e.toString());
        }
      });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      feed.close();
    }

    @Override
    public void onError(Session session, Throwable error) {
      feed.close();
    }
  }
}
