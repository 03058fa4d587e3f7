package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures are shown once per cause: the rules that group them. */
class FailureCausesTest {
    private static ChunkFailure chunk(int ichunk, String why) {
        return new ChunkFailure(ichunk, ichunk * 2L, 2, String.valueOf(40 + ichunk), 1, "the worker failed: " + why
                + "; see /w/chunks/000000/00000000" + ichunk + ".stderr", "qmr worker: chunk " + ichunk + " failed: "
                + why);
    }

    @Test
    void chunksWhoseWordsDifferOnlyInNumbersShareACauseInOrderOfFirstAppearance() {
        List<ChunkFailure> chunks = List.of(chunk(2, "secret missing"), chunk(3, "secret missing"),
                chunk(4, "disk full"), chunk(5, "secret missing"), chunk(7, "secret missing"), chunk(8, "disk full"));
        List<List<ChunkFailure>> causes = ChunkFailure.byCause(chunks);
        assertEquals(List.of(List.of(2, 3, 5, 7), List.of(4, 8)),
                causes.stream().map(c -> c.stream().map(ChunkFailure::ichunk).toList()).toList());
        assertEquals("3 more chunks failed the same way as chunk 2: 3, 5, 7", ChunkFailure.sameWay(causes.get(0)));
        assertEquals("1 more chunk failed the same way as chunk 4: 8", ChunkFailure.sameWay(causes.get(1)));
        assertEquals("", ChunkFailure.sameWay(List.of(chunks.get(0))));
        assertEquals("3 more chunks failed the same way as chunk 1: 2..4",
                ChunkFailure.sameWay(List.of(chunk(1, "x"), chunk(3, "x"), chunk(2, "x"), chunk(4, "x"))));
    }

    private static TaskFailure task(long itask, String exception, String message, String... frames) {
        String trace = exception + ": " + message + "\n\tat " + String.join("\n\tat ", frames);
        return new TaskFailure(itask, 0, exception, message, trace);
    }

    @Test
    void tasksThatThrewTheSameClassThroughTheSameFramesShareACauseWhateverTheirMessages() {
        List<TaskFailure> failures = List.of(
                task(3, "java.lang.IllegalStateException", "task 3 has no input", "a.F.apply(F.java:10)"),
                task(5, "java.lang.IllegalStateException", "task 5 has no input", "a.F.apply(F.java:10)"),
                task(6, "java.lang.IllegalStateException", "task 6 has no input", "a.F.other(F.java:20)"),
                task(9, "java.lang.ArithmeticException", "/ by zero", "a.F.apply(F.java:10)"),
                task(11, "java.lang.IllegalStateException", "task 11 has no input", "a.F.apply(F.java:10)"));
        List<List<TaskFailure>> causes = TaskFailure.byCause(failures);
        assertEquals(List.of(List.of(3L, 5L, 11L), List.of(6L), List.of(9L)),
                causes.stream().map(c -> c.stream().map(TaskFailure::itask).toList()).toList());
        assertEquals("; 2 more tasks failed the same way: itasks 5, 11", TaskFailure.sameWay(causes.get(0)));
        assertEquals("", TaskFailure.sameWay(causes.get(1)));
    }

    @Test
    void aCauseOfManyTasksNamesTheFirstTenAfterItsFirst() {
        List<TaskFailure> many = java.util.stream.LongStream.range(0, 14)
                .mapToObj(i -> task(i, "java.lang.RuntimeException", "boom " + i, "a.F.apply(F.java:1)")).toList();
        assertEquals("; 13 more tasks failed the same way: itasks 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...",
                TaskFailure.sameWay(many));
    }
}
