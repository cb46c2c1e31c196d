package io.capstan.apiserver.web;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Renders every failure as a Kubernetes {@code Status}; unexpected errors are logged and become 500. */
@RestControllerAdvice
public class ApiErrorAdvice {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

  @ExceptionHandler(ApiException.class)
  public void apiError(ApiException e, HttpServletResponse response) throws IOException {
    write(response, e);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  public void notFound(NoResourceFoundException e, HttpServletResponse response) throws IOException {
    write(response, new ApiException(404, "NotFound", "the server could not find the requested resource"));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  public void method(HttpRequestMethodNotSupportedException e, HttpServletResponse response) throws IOException {
    write(response, new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
  }

  @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
  public void media(Exception e, HttpServletResponse response) throws IOException {
    write(response, new ApiException(415, "UnsupportedMediaType", e.getMessage()));
  }

  @ExceptionHandler(Exception.class)
  public void unexpected(Exception e, HttpServletResponse response) throws IOException {
    log.error("unexpected error serving a request", e);
    write(response, ApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
  }

  static void write(HttpServletResponse response, ApiException e) throws IOException {
    if (response.isCommitted()) return; // a streaming response already started; nothing more can be said
    response.resetBuffer();
    response.setStatus(e.code());
    response.setContentType("application/json");
    response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(e.toStatus()));
  }
}
