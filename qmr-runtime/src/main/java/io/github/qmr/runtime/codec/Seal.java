package io.github.qmr.runtime.codec;

import io.github.qmr.runtime.workdir.Secrets;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seal of a session's task, result and function files: an HMAC-SHA256 over every byte before it, keyed with the
 * session's secret (a 0600 file of the session folder, see {@link Secrets#sealKeysOf}). A CRC catches accidents;
 * the seal catches changes by anyone who cannot read the secret, even one who recomputes the CRC, and a file moved in
 * from another session. A sealed file ends with {@code trailerOffset(long) keyId(long) mac(32) "QMRS"}; the key id
 * (the first 8 bytes of the key's SHA-256) says which of the session's keys sealed it.
 */
final class Seal {
    static final int END_MAGIC = 0x514D5253; // "QMRS"
    static final int MAC_BYTES = 32;
    /** trailerOffset, key id, MAC, end magic. */
    static final int FOOTER_BYTES = 8 + 8 + MAC_BYTES + 4;
    /** What follows the part of a sealed file that is the same whichever session wrote it: key id, MAC, magic. */
    static final int SESSION_BYTES = 8 + MAC_BYTES + 4;

    /**
     * The seals of each session's keys, made once: the process node opens two files per chunk, and looking up and
     * keying a Mac each time would cost sessions of many chunks seconds. Keyed by the list Secrets caches per
     * session folder, so they go when it does.
     */
    private static final Map<List<byte[]>, List<Seal>> SEALS = Collections.synchronizedMap(new WeakHashMap<>());

    private final long id;
    /** Keyed once; each file gets a clone. */
    private final Mac prototype;

    private Seal(byte[] key) {
        try {
            this.id = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key)).getLong();
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256 and HmacSHA256", e);
        }
    }

    /** The seal for a file the session writes (its own key). */
    static Seal forWriting(Path file) {
        return seals(file, "write").get(0);
    }

    /** The seals a reader of the session's files accepts: its own and those of the sessions it adopted. */
    static List<Seal> forReading(Path file) {
        return seals(file, "read");
    }

    private static List<Seal> seals(Path file, String doing) {
        List<byte[]> keys;
        try {
            keys = Secrets.sealKeysOf(file);
        } catch (UncheckedIOException e) {
            throw new CodecException("cannot " + doing + " " + file + ": " + e.getMessage(), e);
        }
        return SEALS.computeIfAbsent(keys, k -> k.stream().map(Seal::new).toList());
    }

    long id() {
        return id;
    }

    /** A fresh MAC under this seal's key. */
    Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    /** Passes bytes on to {@code out} and into the MAC. */
    static OutputStream macing(OutputStream out, Mac mac) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                mac.update((byte) b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                mac.update(b, off, len);
                out.write(b, off, len);
            }
        };
    }
}
