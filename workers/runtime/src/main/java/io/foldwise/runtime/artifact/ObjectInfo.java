package io.foldwise.runtime.artifact;

/** One stored object: key inside the bucket, size in bytes, SHA-256 hex from its metadata (null if absent). */
public record ObjectInfo(String key, long size, String sha256) {}
