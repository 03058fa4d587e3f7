package io.github.qmr.maven.cache;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A task's parameters by content: 128 bits of the SHA-256 of the task as Kryo writes it with its class names inline
 * (a sweep point or a CSV row is its names and values; a task source's object is its class and fields). Two tasks
 * with the same parameters have the same id, whatever made them and wherever they stand in the map.
 */
public record TaskId(long hi, long lo) {
    /** Makes ids with one Kryo; not thread-safe. */
    public static final class Maker {
        private final Kryo kryo = new Kryo();
        private final Output out = new Output(256, -1);
        private final MessageDigest sha;

        public Maker(ClassLoader loader) {
            kryo.setClassLoader(loader);
            // names inline (no registration): the bytes depend only on the task, never on what was written before
            kryo.setRegistrationRequired(false);
            kryo.setWarnUnregisteredClasses(false);
            kryo.setReferences(false);
            kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        /** The task's id, or null when Kryo cannot write it (the map says why when it sends the task). */
        public TaskId of(Object task) {
            out.reset();
            try {
                kryo.writeClassAndObject(out, task);
            } catch (KryoException | StackOverflowError | IllegalArgumentException e) {
                return null;
            }
            sha.reset();
            sha.update(out.getBuffer(), 0, out.position());
            ByteBuffer digest = ByteBuffer.wrap(sha.digest());
            return new TaskId(digest.getLong(), digest.getLong());
        }
    }
}
