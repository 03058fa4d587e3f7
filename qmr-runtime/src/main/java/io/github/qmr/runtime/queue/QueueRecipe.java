package io.github.qmr.runtime.queue;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rebuilds a queue in another JVM, a detached map's monitor (see {@code session.DetachedMonitor}): plain values
 * only (strings, numbers, durations, lists, maps, and records as {@link Part}), so it can be written to the session
 * folder and read back without the queue's own classes being serializable.
 *
 * @param kind {@link #LOCAL} or {@link #COMMAND_LINE}
 * @param slots the local queue's slots
 * @param maxArraySize the local queue's largest job array
 * @param dialect the command-line queue's dialect class, built from its options record
 * @param options that options record, in plain form
 * @param tools the command-line queue's programs, in plain form
 * @param timing its command timing, in plain form
 */
public record QueueRecipe(String kind, int slots, int maxArraySize, String dialect, Object options, Object tools,
        Object timing) {
    public static final String LOCAL = "local";
    public static final String COMMAND_LINE = "command-line";

    /** A record as its class name and its components, each in plain form. */
    public record Part(String type, List<Object> components) {}

    /** The local queue with these slots. */
    public static QueueRecipe local(int slots, int maxArraySize) {
        return new QueueRecipe(LOCAL, slots, maxArraySize, null, null, null, null);
    }

    /** A command-line queue whose dialect is built from {@code options} by its one-argument constructor. */
    static QueueRecipe commandLine(QueueDialect dialect, Record options, QueueTools tools, QueueTiming timing) {
        return new QueueRecipe(COMMAND_LINE, 0, 0, dialect.getClass().getName(), plain(options), plain(tools),
                plain(timing));
    }

    /** The command-line queue's dialect, tools and timing back as objects. */
    public QueueDialect dialectBack() {
        Object o = back(options);
        try {
            return (QueueDialect) Class.forName(dialect).getConstructor(o.getClass()).newInstance(o);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot rebuild the queue's dialect " + dialect + " from " + o + ": " + e,
                    e);
        }
    }

    public QueueTools toolsBack() {
        return (QueueTools) back(tools);
    }

    public QueueTiming timingBack() {
        return (QueueTiming) back(timing);
    }

    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Duration) {
            return value;
        }
        if (value instanceof Record r) {
            List<Object> components = new ArrayList<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    components.add(plain(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read " + c + " of " + r + ": " + e, e);
                }
            }
            return new Part(r.getClass().getName(), components);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(plain(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        throw new IllegalArgumentException("a queue setting of type " + value.getClass().getName()
                + " cannot be handed to a detached monitor");
    }

    static Object back(Object value) {
        if (value instanceof Part p) {
            try {
                Class<?> type = Class.forName(p.type());
                RecordComponent[] cs = type.getRecordComponents();
                Class<?>[] types = new Class<?>[cs.length];
                Object[] args = new Object[cs.length];
                for (int i = 0; i < cs.length; i++) {
                    types[i] = cs[i].getType();
                    args[i] = back(p.components().get(i));
                }
                return type.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot rebuild " + p.type() + " for a detached monitor: " + e, e);
            }
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(back(k), back(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(back(v)));
            return copy;
        }
        return value;
    }
}
