package dev.gatehouse.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Sizes on disk as {@code du -b} counts them (every file and folder's apparent size), and folder removal. */
final class Sizes {

    private Sizes() {
    }

    /** The apparent size of a file, or of a folder and all it holds. */
    static long onDisk(Path path) {
        return onDisk(path, p -> true);
    }

    /** As {@link #onDisk(Path)}, leaving out what {@code keep} refuses (and, for a folder, all it holds). */
    static long onDisk(Path path, Predicate<Path> keep) {
        try (Stream<Path> all = Files.walk(path)) {
            return all.filter(p -> keepAll(path, p, keep)).mapToLong(Sizes::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and all it holds, if it exists. */
    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean keepAll(Path root, Path p, Predicate<Path> keep) {
        for (Path at = p; at != null && at.startsWith(root); at = at.getParent()) {
            if (!keep.test(at)) {
                return false;
            }
        }
        return true;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
