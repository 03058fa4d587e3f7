package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.fixtures.Square;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error before anything is submitted. */
class PoolInputTest {
    @TempDir
    Path workDir;

    private final CountingQueue queue = new CountingQueue();

    public abstract static class AbstractFunction implements TaskFunction<Integer, Integer> {}

    public static class NoDefaultConstructor implements TaskFunction<Integer, Integer> {
        public NoDefaultConstructor(int x) {}

        @Override
        public Integer apply(Integer task) {
            return task;
        }
    }

    static class NotPublic implements TaskFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer task) {
            return task;
        }
    }

    public class Inner implements TaskFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer task) {
            return task;
        }
    }

    record Unserializable(Thread thread) {}

    private InvalidInputException mapFails(Class<?> function) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<? extends TaskFunction<Integer, Integer>> f = (Class) function;
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).build()) {
            return assertThrows(InvalidInputException.class, () -> pool.map(f, List.of(1)));
        }
    }

    private void nothingSubmittedNorLeft() throws Exception {
        assertEquals(0, queue.submitted);
        try (Stream<Path> s = Files.list(workDir)) {
            assertEquals(List.of(), s.toList(), "no session folder is left behind");
        }
    }

    @Test
    void functionClassMistakesAreNamedWithTheFix() throws Exception {
        assertTrue(mapFails(String.class).getMessage()
                .equals("function class java.lang.String does not implement io.github.qmr.runtime.TaskFunction"));
        assertTrue(mapFails(AbstractFunction.class).getMessage().contains("is abstract"));
        assertTrue(mapFails(NoDefaultConstructor.class).getMessage()
                .endsWith("NoDefaultConstructor has no public no-arg constructor; add one (the worker creates the"
                        + " function with it)"));
        assertTrue(mapFails(NotPublic.class).getMessage().contains("must be a public top-level or public static"));
        assertTrue(mapFails(Inner.class).getMessage().contains("must be a public top-level or public static"));
        nothingSubmittedNorLeft();
    }

    @Test
    void aTaskThatCannotBeSerializedIsNamedByItsIndexAndClassBeforeAnySubmission() throws Exception {
        List<Object> tasks = List.of(new Unserializable(null), new Unserializable(null),
                new Unserializable(new Thread(() -> {})));
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map((Object t) -> t, tasks));
            assertTrue(e.getMessage().startsWith("task 2 (a " + Unserializable.class.getName() + ") cannot be"
                    + " written to "), e.getMessage());
            assertTrue(e.getMessage().contains("cannot serialize a " + Unserializable.class.getName()),
                    e.getMessage());
        }
        nothingSubmittedNorLeft();
    }

    @Test
    void aWorkDirTheQueueCannotTakeIsRefusedBeforeAnythingIsStagedOrSubmitted() throws Exception {
        CountingQueue picky = new CountingQueue() {
            @Override
            public String workDirProblem(Path dir) {
                return "the work dir " + dir + " is not for this queue";
            }
        };
        try (Pool pool = Pool.builder().queue(picky).workDir(workDir).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map((Integer t) -> t, List.of(1)));
            assertEquals("the work dir " + workDir + " is not for this queue; nothing was staged or submitted",
                    e.getMessage());
        }
        assertEquals(0, picky.submitted);
        try (var files = java.nio.file.Files.list(workDir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aLambdaCapturingSomethingUnserializableIsRefused() throws Exception {
        Thread captured = new Thread(() -> {});
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map((Integer t) -> t + captured.getName().length(), List.of(1)));
            assertTrue(e.getMessage().contains("cannot be sent to the workers"), e.getMessage());
            assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        }
        nothingSubmittedNorLeft();
    }

    @Test
    void aRelativeWorkDirIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Pool.builder().workDir(Path.of("relative/dir")));
        assertTrue(e.getMessage().startsWith("the work dir must be an absolute path, got 'relative/dir'"));
    }

    @Test
    void aMissingJavaOrClasspathEntryIsNamed() throws Exception {
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).java(Path.of("/nonexistent/bin/java")).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map(Square.class, List.of(1)));
            assertEquals("java /nonexistent/bin/java does not exist or is not executable; give the path of a java"
                    + " executable (JDK 17 or later)", e.getMessage());
        }
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).classpath(List.of(Path.of("/no/such.jar")))
                .build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map(Square.class, List.of(1)));
            assertTrue(e.getMessage().startsWith("worker classpath entry /no/such.jar does not exist"));
        }
        nothingSubmittedNorLeft();
    }

    @Test
    void aWorkDirThatCannotBeWrittenIsNamed() throws Exception {
        Path readOnly = Files.createDirectory(workDir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        Path blocked = Files.writeString(workDir.resolve("a-file"), "not a folder").resolve("work");
        try (Pool pool = Pool.builder().queue(queue).workDir(blocked).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map(Square.class, List.of(1)));
            assertTrue(e.getMessage().startsWith("cannot create the work dir " + blocked), e.getMessage());
            assertTrue(e.getMessage().endsWith("choose a writable folder that the workers can reach"), e.getMessage());
        }
        if (!"root".equals(System.getProperty("user.name"))) { // root may write anywhere
            try (Pool pool = Pool.builder().queue(queue).workDir(readOnly).build()) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> pool.map(Square.class, List.of(1)));
                assertTrue(e.getMessage().contains(readOnly.toString()), e.getMessage());
            }
        }
        assertEquals(0, queue.submitted);
    }

    @Test
    void aMissingQsubIsNamedWithTheFixBeforeAnythingIsStaged() throws Exception {
        try (Pool pool = Pool.builder().queue(Queues.sge(io.github.qmr.runtime.queue.sge.SgeOptions.DEFAULTS,
                io.github.qmr.runtime.queue.QueueTools.sgeIn(Path.of("/nonexistent/bin")))).workDir(workDir).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pool.map(Square.class, List.of(1)));
            assertTrue(e.getMessage().startsWith("SGE's qsub at /nonexistent/bin/qsub does not exist or is not"
                    + " executable; set the path of qsub to the right file or put qsub on PATH"), e.getMessage());
        }
        try (Stream<Path> s = Files.list(workDir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void numChunksNeedsACollection() {
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).numChunks(3).build()) {
            Iterable<Integer> once = () -> IntStream.range(0, 5).iterator();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> pool.stream(Square.class, once));
            assertTrue(e.getMessage().startsWith("numChunks needs the number of tasks up front"));
        }
    }

    @Test
    void badNumbersAreRefused() {
        assertEquals("chunkSize must be at least 1, got 0",
                assertThrows(InvalidInputException.class, () -> Pool.builder().chunkSize(0)).getMessage());
        assertEquals("numChunks must be at least 1, got -2",
                assertThrows(InvalidInputException.class, () -> Pool.builder().numChunks(-2)).getMessage());
        assertEquals("maxResubmissions must be 0 or more, got -1",
                assertThrows(InvalidInputException.class, () -> Pool.builder().maxResubmissions(-1)).getMessage());
    }
}
