package io.capstan.client.informer;

public enum ChangeType { ADDED, MODIFIED, DELETED }
