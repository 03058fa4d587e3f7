package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.List;
import org.objenesis.strategy.StdInstantiatorStrategy;

/** Builds the Kryo instances of qmr files. A Kryo is not thread-safe: each writer and reader owns one. */
final class Codec {
    private Codec() {}

    /** A Kryo for reading: registration required; only base classes plus those a file lists are known. */
    static Kryo forReading(ClassLoader loader) {
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
        Kryo kryo = new Kryo(new LearningClassResolver(learned), null);
        configure(kryo, loader);
        // "not required" only routes unknown classes to registerImplicit, which registers them with an id.
        kryo.setRegistrationRequired(false);
        Registrations.registerBase(kryo);
        return kryo;
    }

    private static void configure(Kryo kryo, ClassLoader loader) {
        kryo.setClassLoader(loader);
        kryo.setReferences(false);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setWarnUnregisteredClasses(false);
    }

    static final class LearningClassResolver extends DefaultClassResolver {
        private final List<Class<?>> learned;
        private int nextId = Registrations.FIRST_LEARNED_ID;

        LearningClassResolver(List<Class<?>> learned) {
            this.learned = learned;
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
