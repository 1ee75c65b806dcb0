package io.jasyncio.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Makes every I/O error name its path and what was being done, as Python's
 * {@code FileNotFoundError: [Errno 2] No such file or directory: 'x'} does. The JDK's
 * {@link NoSuchFileException} says only the path, and a read of a directory says only
 * "Is a directory": these become {@link FileSystemException}s (same subclass where there is one) whose
 * message is {@code "<path>: <operation>: <reason>"}, with the original as the cause.
 */
final class IoErrors {

    private IoErrors() {
    }

    /**
     * {@code e} with a message naming {@code path} and {@code op}.
     *
     * @param e the error
     * @param op what was being done ("open with mode 'r'", "read", ...)
     * @param path the file
     * @return an exception to throw
     */
    static IOException named(IOException e, String op, Path path) {
        if (e instanceof FileSystemException fse && fse.getReason() != null && fse.getReason().startsWith(op + ": ")) {
            return e; // already named (a helper called from another helper)
        }
        // The JDK's own file, if it names one, is the more precise (an entry inside a tree being removed).
        String file = e instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : path.toString();
        String other = e instanceof FileSystemException fse ? fse.getOtherFile() : null;
        String reason = op + ": " + switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case FileAlreadyExistsException x -> "file exists";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        FileSystemException out = switch (e) {
            case NoSuchFileException x -> new NoSuchFileException(file, other, reason);
            case FileAlreadyExistsException x -> new FileAlreadyExistsException(file, other, reason);
            case AccessDeniedException x -> new AccessDeniedException(file, other, reason);
            // These two have no reason constructor; keep the type users catch (their message is the path).
            case NotDirectoryException x -> x;
            case DirectoryNotEmptyException x -> x;
            default -> new FileSystemException(file, other, reason);
        };
        if (out != e && out.getCause() == null) {
            out.initCause(e);
        }
        return out;
    }
}
