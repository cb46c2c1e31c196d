package io.capstan.scheduler.framework;

/** A scheduler plugin: a small class implementing one or more extension-point interfaces. */
public interface Plugin {
  String name();
}
