package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.runtime.RuntimeError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Image archives in and out of a Podman service (libpod load, save, tag, list), for tools outside
 * the node agent ({@code capstan image import}, tests) that speak to the same socket.
 */
public final class PodmanImages {
  private final PodmanHttp http;

  public PodmanImages(Path socket) {
    this.http = new PodmanHttp(socket);
  }

  /**
   * Loads a docker-archive or oci-archive tar ({@code podman save}'s output), streamed from disk.
   *
   * @return the references Podman loaded
   */
  public List<String> load(Path archive) {
    JsonNode reply = http.postFile(http.url("images/load").build(), archive, "application/x-tar").ok().json();
    List<String> names = new ArrayList<>();
    for (JsonNode n : reply.path("Names")) names.add(n.asString());
    return names;
  }

  /** Adds {@code reference} (repository[:tag], tag defaulting to latest) to an image. */
  public void tag(String image, String reference) {
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    boolean hasTag = colon > slash;
    String repo = hasTag ? reference.substring(0, colon) : reference;
    String tag = hasTag ? reference.substring(colon + 1) : "latest";
    http.post(http.url("images/" + image + "/tag").addQueryParameter("repo", repo)
        .addQueryParameter("tag", tag).build(), null).ok();
  }

  /** Writes the image as a docker-archive tar to {@code target}. */
  public void save(String image, Path target) throws java.io.IOException {
    Files.write(target, http.get(http.url("images/" + image + "/get").addQueryParameter("format", "docker-archive")
        .build()).ok().body());
  }

  /** Every reference (repository:tag) of every image. */
  public List<String> references() {
    List<String> refs = new ArrayList<>();
    for (JsonNode image : http.get(http.url("images/json").build()).ok().json()) {
      for (JsonNode n : image.path("Names")) refs.add(n.asString());
    }
    return refs;
  }

  public void remove(String image) {
    http.delete(http.url("images/" + image).build()).ok();
  }

  /** Whether the service answers at all (a refused or missing socket is a {@link RuntimeError}). */
  public String version() {
    return http.get(new okhttp3.HttpUrl.Builder().scheme("http").host("podman").addPathSegments("v4.0.0/libpod/version")
        .build()).ok().json().path("Version").asString();
  }
}
