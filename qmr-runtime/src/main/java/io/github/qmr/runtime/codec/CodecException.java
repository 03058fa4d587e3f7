package io.github.qmr.runtime.codec;

/** A value could not be written or a file could not be read back; the message names the value or file and the fix. */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
