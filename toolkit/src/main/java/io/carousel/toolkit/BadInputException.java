package io.carousel.toolkit;

/** Input the user can fix (a run directory that cannot be resumed, an unwritable runs directory): exit code 2. */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
