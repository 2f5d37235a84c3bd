package io.carousel.toolkit.train;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's checkpoints, {@code checkpoints/checkpoint-<sequences>.zip}: each written whole to a temporary file,
 * flushed to the disk, then renamed into place, so that a crash or a full disk mid-write leaves the previous
 * checkpoint intact; only the last {@code keep} are kept.
 */
public final class Checkpoints {

    /** Opens the stream a checkpoint is written to (a test may fail it, as a full disk would). */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    /** Writing a checkpoint failed; the previous one, if any, is intact. */
    public static final class CheckpointException extends RuntimeException {
        CheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.zip");

    private final Path dir;
    private final int keep;
    private final Opener opener;

    public Checkpoints(Path dir, int keep) {
        this(dir, keep, file -> new FileOutputStream(file.toFile()));
    }

    public Checkpoints(Path dir, int keep, Opener opener) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        this.opener = opener;
    }

    /** Writes the checkpoint taken after {@code sequences} training sequences, then drops all but the last few. */
    public Path write(long sequences, TrainingState.Writer content) {
        Path target = dir.resolve(String.format("checkpoint-%012d.zip", sequences));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = opener.open(tmp)) {
                content.write(out);
                out.flush();
                if (out instanceof FileOutputStream file) {
                    file.getFD().sync();
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is never read; a leftover one is harmless
            }
            String previous = latest().map(p -> "; the previous checkpoint, " + p + ", is intact")
                    .orElse("; there is no earlier checkpoint");
            throw new CheckpointException("cannot write checkpoint " + target + ": " + e.getMessage() + previous, e);
        }
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                // an old checkpoint left behind costs disk space, nothing else
            }
        }
        return target;
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
