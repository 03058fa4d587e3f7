package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The ONE place that fixes Kryo registration ids of the classes every qmr file may use without listing them.
 *
 * <p>Writer and reader both call {@link #registerBase(Kryo)}; registering the same classes in another order
 * silently decodes the wrong types, so ids are explicit and this list is append-only. Classes beyond these
 * (the user's own task and result types) are registered on first sight by the writer and listed by name in
 * each file's trailer, see {@link RecordWriter}.
 */
public final class Registrations {
    /** First id given to a class learned while writing; below it, only the base registrations. */
    public static final int FIRST_LEARNED_ID = 100;

    private Registrations() {}

    public static void registerBase(Kryo kryo) {
        // Kryo itself registers the primitives, their wrappers and String with ids 0..9.
        kryo.register(ArrayList.class, 10);
        kryo.register(LinkedList.class, 11);
        kryo.register(HashMap.class, 12);
        kryo.register(LinkedHashMap.class, 13);
        kryo.register(TreeMap.class, 14);
        kryo.register(HashSet.class, 15);
        kryo.register(LinkedHashSet.class, 16);
        kryo.register(TreeSet.class, 17);
        kryo.register(ArrayDeque.class, 18);
        kryo.register(Object[].class, 19);
        kryo.register(String[].class, 20);
        kryo.register(int[].class, 21);
        kryo.register(long[].class, 22);
        kryo.register(double[].class, 23);
        kryo.register(float[].class, 24);
        kryo.register(byte[].class, 25);
        kryo.register(boolean[].class, 26);
        kryo.register(char[].class, 27);
        kryo.register(short[].class, 28);
        kryo.register(BigInteger.class, 29);
        kryo.register(BigDecimal.class, 30);
        kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer(), 31);
        kryo.register(LocalDate.class, 32);
        kryo.register(LocalDateTime.class, 33);
        kryo.register(LocalTime.class, 34);
        kryo.register(Instant.class, 35);
        kryo.register(Duration.class, 36);
        kryo.register(Class.class, 37);
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer(), 38);
        kryo.register(Arrays.asList().getClass(), new DefaultSerializers.ArraysAsListSerializer(), 39);
        kryo.register(Collections.emptyList().getClass(), new DefaultSerializers.CollectionsEmptyListSerializer(), 40);
        kryo.register(Collections.emptyMap().getClass(), new DefaultSerializers.CollectionsEmptyMapSerializer(), 41);
        kryo.register(Collections.emptySet().getClass(), new DefaultSerializers.CollectionsEmptySetSerializer(), 42);
        kryo.register(Collections.singletonList(0).getClass(), new DefaultSerializers.CollectionsSingletonListSerializer(),
                43);
        kryo.register(Collections.singletonMap(0, 0).getClass(), new DefaultSerializers.CollectionsSingletonMapSerializer(),
                44);
        kryo.register(Collections.singleton(0).getClass(), new DefaultSerializers.CollectionsSingletonSetSerializer(), 45);
        kryo.register(Optional.class, 46);
        kryo.register(ZonedDateTime.class, 47);
        kryo.register(OffsetDateTime.class, 48);
        kryo.register(ZoneId.of("UTC").getClass(), 49);
        // List.of/Set.of/Map.of: the serializers register their JDK classes with the next free ids (50..),
        // the same on both sides because this method runs in the same order on both.
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        ImmutableCollectionsSerializers.registerSerializers(kryo);
        // Files are natural tasks; the JDK keeps their fields closed to Kryo, so they travel as path strings.
        kryo.register(java.io.File.class, new PathStringSerializer<>(java.io.File::getPath, java.io.File::new), 90);
        kryo.register(java.nio.file.Path.of("/").getClass(),
                new PathStringSerializer<>(Object::toString, java.nio.file.Path::of), 91);
        // What qmr tells users to send instead of a URL (whose hashing resolves host names); closed to Kryo too
        kryo.register(java.net.URI.class, new PathStringSerializer<>(java.net.URI::toString, java.net.URI::create), 92);
    }

    /** Writes a path-like value as its string. */
    private static final class PathStringSerializer<P> extends com.esotericsoftware.kryo.Serializer<P> {
        private final java.util.function.Function<P, String> toText;
        private final java.util.function.Function<String, P> fromText;

        PathStringSerializer(java.util.function.Function<P, String> toText, java.util.function.Function<String, P> fromText) {
            this.toText = toText;
            this.fromText = fromText;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, com.esotericsoftware.kryo.io.Output output, P value) {
            output.writeString(toText.apply(value));
        }

        @Override
        public P read(Kryo kryo, com.esotericsoftware.kryo.io.Input input, Class<? extends P> type) {
            return fromText.apply(input.readString());
        }
    }
}
