package io.github.qmr.runtime.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a session's chunk folder holds, read in one pass, for a status of the session from outside it. */
public final class ChunkScan {
    private final Path path;

    ChunkScan(Path sessionFolder) {
        this.path = sessionFolder;
    }

    /**
     * What the chunk folder holds, counted by kind in one pass: chunks staged, with a result, with failed tasks, held
     * by a pull-mode worker (a claim without a result), and with tasks saved by a worker that has not ended them
     * (a partial file); the newest result's time, or null.
     */
    public record ChunkCounts(int staged, int done, int withFailures, int claimed, int partial,
            java.time.Instant lastResult) {}

    public ChunkCounts countChunks() {
        java.util.Set<String> results = new java.util.HashSet<>();
        java.util.Set<String> claims = new java.util.HashSet<>();
        int staged = 0;
        int failures = 0;
        int partial = 0;
        java.time.Instant last = null;
        Path chunks = path.resolve("chunks");
        if (!Files.isDirectory(chunks)) {
            return new ChunkCounts(0, 0, 0, 0, 0, null);
        }
        try (java.util.stream.Stream<Path> shards = Files.list(chunks)) {
            for (Path shard : shards.toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(shard)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        int dot = name.lastIndexOf('.');
                        String chunk = dot < 0 ? name : name.substring(0, dot);
                        switch (dot < 0 ? "" : name.substring(dot + 1)) {
                            case "tasks" -> staged++;
                            case "result" -> {
                                results.add(chunk);
                                java.time.Instant t = Files.getLastModifiedTime(f).toInstant();
                                last = last == null || t.isAfter(last) ? t : last;
                            }
                            case "failed" -> failures++;
                            case "claim" -> claims.add(chunk);
                            case "partial" -> partial++;
                            default -> { }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chunks of " + path + ": " + e, e);
        }
        claims.removeAll(results);
        return new ChunkCounts(staged, results.size(), failures, claims.size(), partial, last);
    }

    /**
     * The notes of the chunks with failed tasks (their {@code .failed} files: the count, then the first failure with
     * its task's parameters), the first {@code max} by chunk number: chunk number to {@code count + "\n" + first}.
     */
    public java.util.SortedMap<Integer, String> failureNotes(int max) {
        java.util.SortedMap<Integer, String> notes = new java.util.TreeMap<>();
        Path chunks = path.resolve("chunks");
        if (!Files.isDirectory(chunks)) {
            return notes;
        }
        try (java.util.stream.Stream<Path> shards = Files.list(chunks)) {
            for (Path shard : shards.sorted().toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(shard)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".failed")).sorted().toList()) {
                        if (notes.size() >= max) {
                            return notes;
                        }
                        String name = f.getFileName().toString();
                        notes.put(Integer.parseInt(name.substring(0, name.indexOf('.'))),
                                SessionDir.tail(f, 4000).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chunks of " + path + ": " + e, e);
        }
        return notes;
    }
}
