package dev.diffink.render;

import dev.diffink.DiffInkException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file
 * beside the target, which is renamed over the target only once complete. On failure the target
 * is untouched and the temporary file removed.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content to an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Refuses a target {@link #write} could not write: its folder missing, or a folder itself. For
     * commands that check their outputs before long work.
     */
    public static void checkTarget(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DiffInkException(DiffInkException.Kind.IO, target + ": the folder " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw DiffInkException.badInput(target + " is a folder; give a file name");
        }
    }

    public static void write(Path target, Content content) {
        checkTarget(target);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
            keepPermissions(tmp, abs);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new DiffInkException(DiffInkException.Kind.IO, target + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the temporary file is hidden and named after the target.
                }
            }
        }
    }

    /**
     * Temporary files are created private (rw-------); the result should read like any file the
     * user writes: the target's permissions when it exists, else rw-r--r-- (Java cannot read the
     * umask; this is what the usual umask 022 gives).
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Refuses an output path that names one of the inputs. */
    public static void refuseOverwrite(Path output, Path... inputs) {
        for (Path in : inputs) {
            if (in != null && Images.sameFile(in, output)) {
                throw DiffInkException.badInput("the output " + output + " is the input file; DiffInk never overwrites "
                        + "its input, give another output name");
            }
        }
    }
}
