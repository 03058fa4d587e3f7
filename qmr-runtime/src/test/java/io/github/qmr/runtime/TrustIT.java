package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qmr.runtime.codec.FileKind;
import io.github.qmr.runtime.codec.RecordWriter;
import io.github.qmr.runtime.fixtures.HostsOf;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.workdir.SessionDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qmr trusts only its own files: planted sessions are not adopted, values that reach the network are not sent. */
class TrustIT {
    @TempDir
    Path workDir;

    private final List<Integer> tasks = List.of(1, 2, 3);
    private final List<Long> squares = List.of(1L, 4L, 9L);

    /** The key of the map under test, as anyone can compute it from its public inputs (here: by running it). */
    private String keyOfTheMap() throws IOException {
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(1).keepWorkDir(true).build()) {
            assertEquals(squares, pool.map(Square.class, tasks));
        }
        Path session = sessions().get(0);
        String key = Files.readString(session.resolve(SessionDir.KEY_FILE));
        SessionDir.open(session).delete();
        return key;
    }

    /**
     * A session folder made by someone else with qmr's own classes: the map's key, and for every chunk a result of
     * -1, sealed with the planted folder's own secret.
     */
    private Path plantSession(String key) {
        SessionDir planted = SessionDir.create(workDir);
        planted.writeText(planted.keyFile(), key, false);
        for (int ichunk = 0; ichunk < tasks.size(); ichunk++) {
            planted.prepareChunk(ichunk);
            try (RecordWriter w = RecordWriter.create(planted.resultFile(ichunk), FileKind.RESULTS, ichunk, ichunk)) {
                w.writeSuccess(1, -1L);
                w.finish();
            }
        }
        return planted.path();
    }

    private List<Path> sessions() throws IOException {
        try (Stream<Path> s = Files.list(workDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("qmr-")).sorted().toList();
        }
    }

    /** Runs the map again on a counting queue; returns how many chunks it submitted. */
    private int rerun(List<Long> expected) {
        CountingQueue queue = new CountingQueue();
        try (Pool pool = Pool.builder().queue(queue).workDir(workDir).chunkSize(1).build()) {
            assertEquals(expected, pool.map(Square.class, tasks));
        }
        return queue.submitted;
    }

    @Test
    void aSessionFolderNotOwnerOnlyIsNeverAdoptedWhileAnOwnerOnlyOneOfYoursIs() throws IOException {
        Path planted = plantSession(keyOfTheMap());
        for (String mode : List.of("rwxr-x---", "rwxrwxrwx")) {
            Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString(mode));
            assertEquals(3, rerun(squares), "a " + mode + " session is not adopted: every chunk runs");
        }
        // the same folder as qmr makes it (yours, rwx------) is adopted: so the refusals above are what kept it out
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwx------"));
        assertEquals(0, rerun(List.of(-1L, -1L, -1L)), "your own session's results are taken over");
    }

    @Test
    void aSessionFolderOwnedBySomeoneElseIsNeverAdopted() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a folder to another user needs root;"
                + " this test runs where the suite runs as root (CI's containers)");
        Path planted = plantSession(keyOfTheMap());
        try (Stream<Path> files = Files.walk(planted)) {
            for (Path p : files.toList()) {
                Files.setAttribute(p, "unix:uid", 4242); // another user, who computed the map's key
            }
        }
        assertEquals(3, rerun(squares), "the planted results are not taken: every chunk runs");
        assertTrue(Files.isDirectory(planted), "someone else's folder is left alone");
    }

    @Test
    void aResultHoldingUrlsFailsItsTaskOnTheWorkerWithTheFix() {
        MapException e;
        try (Pool pool = Pool.builder().workDir(workDir).chunkSize(2).build()) {
            e = assertThrows(MapException.class, () -> pool.map(HostsOf.class, List.of(1, 2)));
        }
        assertEquals(List.of(0L, 1L), e.taskFailures().stream().map(TaskFailure::itask).toList());
        String message = e.taskFailures().get(0).message();
        assertTrue(message.startsWith("the result of itask 0 cannot be sent back: cannot serialize a java.util.HashSet:"
                + " qmr does not send values of class java.net.URL because hashing or comparing a java.net.URL"
                + " resolves its host name over the network"), message);
        assertTrue(message.contains("use java.net.URI instead"), message);
    }

    /**
     * A queue whose jobs finish at once, writing each chunk's tasks back as its results; the first time, chunk 1 gets
     * chunk 0's results under its name (as if renamed in the folder): sealed by the session, but another chunk's.
     */
    static final class SwappingQueue implements io.github.qmr.runtime.queue.BatchQueue {
        int submitted;
        private boolean swapped;

        @Override
        public String name() {
            return "swapping";
        }

        @Override
        public String submit(io.github.qmr.runtime.queue.JobSpec job) {
            SessionDir dir = SessionDir.open(job.script().getParent());
            int ichunk = Integer.parseInt(job.args().get(0));
            int from = ichunk == 1 && !swapped ? 0 : ichunk;
            swapped |= from != ichunk;
            try (io.github.qmr.runtime.codec.RecordReader tasks = io.github.qmr.runtime.codec.RecordReader.open(
                    dir.tasksFile(from), FileKind.TASKS);
                    RecordWriter results = RecordWriter.create(dir.resultFile(ichunk), FileKind.RESULTS, from,
                            tasks.firstItask())) {
                while (tasks.hasNext()) {
                    results.writeSuccess(0, tasks.readObject());
                }
                results.finish();
            }
            return Integer.toString(++submitted);
        }

        @Override
        public java.util.Map<String, io.github.qmr.runtime.queue.JobStatus> poll(java.util.Collection<String> ids) {
            return java.util.Map.of();
        }

        @Override
        public void delete(java.util.Collection<String> jobIds) {}

        @Override
        public java.time.Duration defaultPollInterval() {
            return java.time.Duration.ofMillis(1);
        }
    }

    @Test
    void anotherChunksResultUnderAChunksNameIsNeverReadButComputedAgain() {
        SwappingQueue queue = new SwappingQueue();
        List<MapEvent> events = new java.util.ArrayList<>();
        try (Pool pool = Pool.builder().mode(Mode.JOBS).queue(queue).workDir(workDir).chunkSize(1)
                .listener(events::add).build()) {
            assertEquals(List.of(10, 20), pool.map(io.github.qmr.runtime.fixtures.SlowWhenAsked.class, List.of(10, 20)));
        }
        assertEquals(3, queue.submitted, "chunk 1 ran again");
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("the result file of chunk 1 is unusable (it"
                + " holds the results of chunk 0, not of chunk 1)")), events.toString());
    }
}
