package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Builds the Kryo instances of qmr files. A Kryo is not thread-safe: each writer and reader owns one while open.
 *
 * <p>One idle Kryo of each kind is kept for the next file, back in its base state (the classes a file registered
 * are unregistered): building one costs about 0.2 ms here, which dominated the process node's time per chunk in
 * sessions of many small chunks (twice per chunk: staging and reading back) and a pull worker's between chunks.
 */
final class Codec {
    private static final AtomicReference<Kryo> IDLE_READER = new AtomicReference<>();
    private static final AtomicReference<Kryo> IDLE_WRITER = new AtomicReference<>();

    private Codec() {}

    /** A Kryo for reading: registration required; only base classes plus those a file lists are known. */
    static Kryo forReading(ClassLoader loader) {
        Kryo idle = IDLE_READER.getAndSet(null);
        if (idle != null && idle.getClassLoader() == loader) {
            return idle;
        }
        Kryo kryo = new Kryo();
        configure(kryo, loader);
        kryo.setRegistrationRequired(true);
        Registrations.registerBase(kryo);
        return kryo;
    }

    /**
     * A Kryo for writing: a class not registered yet gets the next id on first sight (never its name inline) and
     * is remembered, so the file can list it for the reader. The user needs no registration code.
     */
    static Kryo forWriting(ClassLoader loader, List<Class<?>> learned) {
        Kryo idle = IDLE_WRITER.getAndSet(null);
        if (idle != null && idle.getClassLoader() == loader) {
            ((LearningClassResolver) idle.getClassResolver()).learnInto(learned);
            return idle;
        }
        Kryo kryo = new Kryo(new LearningClassResolver(learned), null);
        configure(kryo, loader);
        // "not required" only routes unknown classes to registerImplicit, which registers them with an id.
        kryo.setRegistrationRequired(false);
        Registrations.registerBase(kryo);
        return kryo;
    }

    /** A reader is done with its Kryo: the classes its file listed (by id) are forgotten, then it is kept. */
    static void releaseReader(Kryo kryo, int[] learnedIds) {
        kryo.reset();
        for (int id : learnedIds) {
            kryo.getClassResolver().unregister(id);
        }
        IDLE_READER.set(kryo);
    }

    /** A writer is done with its Kryo: the classes it learned are forgotten, then it is kept. */
    static void releaseWriter(Kryo kryo) {
        kryo.reset();
        ((LearningClassResolver) kryo.getClassResolver()).forget();
        IDLE_WRITER.set(kryo);
    }

    private static void configure(Kryo kryo, ClassLoader loader) {
        kryo.setClassLoader(loader);
        kryo.setReferences(false);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setWarnUnregisteredClasses(false);
    }

    static final class LearningClassResolver extends DefaultClassResolver {
        private List<Class<?>> learned;
        private int nextId = Registrations.FIRST_LEARNED_ID;

        LearningClassResolver(List<Class<?>> learned) {
            this.learned = learned;
        }

        void learnInto(List<Class<?>> list) {
            learned = list;
        }

        /** Back to the base registrations, so the next file's ids start again at the first learned id. */
        void forget() {
            for (int id = Registrations.FIRST_LEARNED_ID; id < nextId; id++) {
                unregister(id);
            }
            nextId = Registrations.FIRST_LEARNED_ID;
        }

        @Override
        public Registration registerImplicit(Class type) {
            String refusal = ClassPolicy.refusal(type);
            if (refusal != null) {
                // refused here as the reader would refuse it, so a map fails before submission, not after
                throw new com.esotericsoftware.kryo.KryoException("qmr does not send values of class "
                        + type.getName() + " because " + refusal);
            }
            Registration registration = kryo.register(type, nextId++);
            learned.add(type);
            return registration;
        }
    }
}
