package io.github.qmr.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import io.github.qmr.runtime.workdir.Secrets;
import io.github.qmr.runtime.workdir.SessionDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {
    @TempDir
    Path workDir;
    /** A chunk folder of a session: task and result files are sealed with the session's secret. */
    Path dir;

    @BeforeEach
    void createSession() {
        SessionDir session = SessionDir.create(workDir);
        session.prepareChunk(0);
        dir = session.tasksFile(0).getParent();
    }

    record Sample(String name, int[] counts, List<Map<String, double[]>> nested, Inner inner) {}

    record Inner(long id, Optional<String> note) {}

    enum Colour { RED, GREEN }

    /** A plain class without a no-arg constructor. */
    static final class Plain {
        final String a;
        final List<Integer> b;

        Plain(String a, List<Integer> b) {
            this.a = a;
            this.b = b;
        }
    }

    private List<Object> roundTrip(List<Object> values) {
        Path file = dir.resolve("x.tasks");
        try (RecordWriter w = RecordWriter.create(file, FileKind.TASKS, 7, 700)) {
            values.forEach(w::writeObject);
            w.finish();
        }
        List<Object> back = new ArrayList<>();
        try (RecordReader r = RecordReader.open(file, FileKind.TASKS)) {
            assertEquals(7, r.ichunk());
            assertEquals(700, r.firstItask());
            assertEquals(values.size(), r.records());
            while (r.hasNext()) {
                back.add(r.readObject());
            }
        }
        return back;
    }

    @Test
    void recordsNestedCollectionsArraysAndJdkValuesSurviveARoundTrip() {
        Map<String, double[]> m = new TreeMap<>();
        m.put("k", new double[] {1.5, -2});
        Sample sample = new Sample("s", new int[] {1, 2, 3}, List.of(m, Map.of()), new Inner(9L, Optional.of("n")));
        List<Object> values = Arrays.asList(sample, List.of(1, 2), Set.of("a"), new HashMap<>(Map.of("x", 1)),
                new long[] {5, 6}, new String[] {"p", null}, UUID.fromString("00000000-0000-0001-0000-000000000002"),
                LocalDate.of(2026, 11, 25), Instant.ofEpochSecond(42), new BigDecimal("1.25"), Colour.GREEN, null,
                "text", 3.5, 'c', Optional.empty(), new java.io.File("/data/a b.csv"), Path.of("/data/x"));
        List<Object> back = roundTrip(values);
        Sample s = (Sample) back.get(0);
        assertEquals("s", s.name());
        assertArrayEquals(new int[] {1, 2, 3}, s.counts());
        assertArrayEquals(new double[] {1.5, -2}, s.nested().get(0).get("k"));
        assertEquals(new Inner(9L, Optional.of("n")), s.inner());
        assertEquals(values.subList(1, 4), back.subList(1, 4));
        assertArrayEquals(new long[] {5, 6}, (long[]) back.get(4));
        assertArrayEquals(new String[] {"p", null}, (String[]) back.get(5));
        assertEquals(values.subList(6, values.size()), back.subList(6, back.size()));
    }

    @Test
    void aClassWithoutNoArgConstructorRoundTrips() {
        Plain back = (Plain) roundTrip(List.of(new Plain("a", List.of(1, 2)))).get(0);
        assertEquals("a", back.a);
        assertEquals(List.of(1, 2), back.b);
    }

    @Test
    void theTrailerListsLearnedClassesSoTheReaderAgreesWithoutRegistrationCode() throws IOException {
        roundTrip(List.of(new Inner(1, Optional.empty())));
        String bytes = new String(Files.readAllBytes(dir.resolve("x.tasks")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains(Inner.class.getName()), "the class is named once, in the trailer");
        assertEquals(bytes.indexOf(Inner.class.getName()), bytes.lastIndexOf(Inner.class.getName()));
    }

    @Test
    void aValueThatCannotBeSerializedIsReportedWithItsClassAndTheFix() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        try (RecordWriter w = RecordWriter.create(dir.resolve("c.tasks"), FileKind.TASKS, 0, 0)) {
            CodecException e = assertThrows(CodecException.class, () -> w.writeObject(cyclic));
            assertTrue(e.getMessage().startsWith("cannot serialize a java.util.ArrayList: the object graph is too deep"
                    + " or cyclic"), e.getMessage());
            assertTrue(e.getMessage().contains("Use plain data"), e.getMessage());
            Thread thread = new Thread(() -> {});
            CodecException t = assertThrows(CodecException.class, () -> w.writeObject(thread));
            assertTrue(t.getMessage().startsWith("cannot serialize a java.lang.Thread"), t.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("c.tasks")), "an abandoned file never appears under its name");
    }

    @Test
    void thePeakMemoryRecordedBeforeAnOutcomeHoldsForTheOutcomesAfterItUntilTheNext() {
        Path file = dir.resolve("p.result");
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, 0)) {
            w.writeSuccess(1, "before");
            w.writeWorker("node7", "42.3");
            w.writePeakMemory(300L << 20);
            w.writeSuccess(2, 3, 40, "a");
            w.writeFailure(4, 5, 60, "java.lang.IllegalStateException", "m", "trace");
            w.writePeakMemory(512L << 20);
            w.writeSuccess(6, 7, 80, "b");
            assertEquals(4, w.records(), "peak records are not outcomes");
            w.finish();
        }
        try (RecordReader r = RecordReader.open(file, FileKind.RESULTS)) {
            assertEquals(-1, r.readOutcome().peakBytes());
            assertEquals(new Outcome(3, "a", null, null, null, 2, "node7", "42.3", 40, 300L << 20), r.readOutcome());
            assertEquals(300L << 20, r.readOutcome().peakBytes());
            assertEquals(new Outcome(7, "b", null, null, null, 6, "node7", "42.3", 80, 512L << 20), r.readOutcome());
            assertFalse(r.hasNext());
        }
    }

    @Test
    void aResultThatCannotBeSerializedLeavesTheFileUsable() {
        Path file = dir.resolve("r.result");
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, 0)) {
            w.writeSuccess(5, "ok");
            assertThrows(CodecException.class, () -> w.writeSuccess(6, new Thread(() -> {})));
            w.writeFailure(7, "java.lang.IllegalStateException", null, "trace");
            w.writeSuccess(8, List.of(1));
            w.finish();
        }
        try (RecordReader r = RecordReader.open(file, FileKind.RESULTS)) {
            assertEquals(new Outcome(5, "ok", null, null, null, 0, null, null, -1), r.readOutcome());
            assertEquals(new Outcome(7, null, "java.lang.IllegalStateException", null, "trace", 0, null, null, -1), r.readOutcome());
            assertEquals(new Outcome(8, List.of(1), null, null, null, 0, null, null, -1), r.readOutcome());
            assertFalse(r.hasNext());
        }
    }

    @Test
    void aLateDuplicateResultNeverReplacesTheFirst() {
        Path file = dir.resolve("d.result");
        RecordWriter first = RecordWriter.create(file, FileKind.RESULTS, 0, 0);
        RecordWriter late = RecordWriter.create(file, FileKind.RESULTS, 0, 0);
        first.writeSuccess(1, "first");
        late.writeSuccess(1, "late");
        assertTrue(first.finish());
        assertFalse(late.finish(), "the second attempt finds a result and drops its own");
        try (RecordReader r = RecordReader.open(file, FileKind.RESULTS)) {
            assertEquals("first", r.readOutcome().value());
        }
        assertEquals(List.of(file), listDir());
    }

    private List<Path> listDir() {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFileReachedThroughASymbolicLinkIsRefused() throws IOException {
        roundTrip(List.of("a"));
        Path link = Files.createSymbolicLink(dir.resolve("link.tasks"), dir.resolve("x.tasks"));
        CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(link, FileKind.TASKS));
        assertTrue(e.getMessage().contains("it is a symbolic link"), e.getMessage());
    }

    @Test
    void aTruncatedOrAlteredFileIsRefusedBeforeDecoding() throws IOException {
        roundTrip(List.of("a", "b", "c"));
        Path file = dir.resolve("x.tasks");
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[20] ^= 0x40;
        Files.write(file, flipped);
        CodecException altered = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
        assertTrue(altered.getMessage().contains("checksum does not match"), altered.getMessage());
        assertTrue(altered.getMessage().contains(file.toString()), altered.getMessage());

        Files.write(file, Arrays.copyOf(good, good.length - 5));
        CodecException torn = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
        assertTrue(torn.getMessage().contains("footer is missing"), torn.getMessage());

        Files.write(file, good);
        CodecException kind = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.RESULTS));
        assertTrue(kind.getMessage().contains("it holds tasks, not results"), kind.getMessage());
    }

    @Test
    void aFileNamingAClassNotOnTheClasspathIsRefusedWithTheClassName() throws IOException {
        roundTrip(List.<Object>of(new Inner(1, Optional.empty())));
        Path file = dir.resolve("x.tasks");
        byte[] bytes = Files.readAllBytes(file);
        String original = Inner.class.getName();
        String foreign = original.replace("Inner", "Inneq"); // same length, so offsets stay valid
        byte[] crafted = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace(original, foreign)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, crafted);
        CodecException unsealed = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
        assertTrue(unsealed.getMessage().contains("its seal does not match"), "the class list is sealed too: "
                + unsealed.getMessage());
        Files.write(file, resealed(crafted)); // as by someone who can read the secret: the class is still refused
        CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
        assertTrue(e.getMessage().contains("class " + foreign + ", which is not on this JVM's classpath"),
                e.getMessage());
    }

    /**
     * A file with an empty body whose trailer lists one class, as a crafted file would; sealed with the session's
     * secret, as by someone who could read it, so the class policy is what refuses it.
     */
    private Path fileListing(String className) throws IOException {
        Path file = dir.resolve("crafted.tasks");
        ByteBuffer body = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        body.putInt(RecordWriter.MAGIC).put(FileKind.TASKS.code).putInt(0).putLong(0);
        byte[] bodyBytes = Arrays.copyOf(body.array(), body.position());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bodyBytes);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.write(bodyBytes);
            d.writeLong(0);
            d.writeInt(1);
            d.writeInt(Registrations.FIRST_LEARNED_ID);
            d.writeUTF(className);
            d.writeLong(crc.getValue());
        }
        Files.write(file, sealed(bytes.toByteArray(), bodyBytes.length));
        return file;
    }

    /** Body and trailer, then the footer of a sealed file: trailer offset, key id, HMAC with the session's key. */
    private byte[] sealed(byte[] bodyAndTrailer, long trailerOffset) throws IOException {
        byte[] key = Secrets.sealKeysOf(dir.resolve("any.tasks")).get(0);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.write(bodyAndTrailer);
            d.writeLong(trailerOffset);
            d.write(Arrays.copyOf(sha256(key), 8));
            d.write(hmac(key, bytes.toByteArray()));
            d.writeInt(Seal.END_MAGIC);
        }
        return bytes.toByteArray();
    }

    private byte[] resealed(byte[] sealedFile) throws IOException {
        int end = sealedFile.length - Seal.FOOTER_BYTES;
        return sealed(Arrays.copyOf(sealedFile, end), ByteBuffer.wrap(sealedFile, end, 8).getLong());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] bytes) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCraftedFileNamingACodeRunningClassIsRefusedBeforeDecoding() throws IOException {
        for (String refused : List.of("java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
                "java.lang.reflect.Proxy", "java.net.URLClassLoader", "java.io.FileOutputStream")) {
            Path file = fileListing(refused);
            CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
            assertTrue(e.getMessage().contains("it names class " + refused + ", which qmr refuses to decode"),
                    e.getMessage());
        }
        RecordReader.open(fileListing(Inner.class.getName()), FileKind.TASKS).close(); // a data class is fine
    }

    @Test
    void aCraftedFileNamingUrlOrInetAddressIsRefusedBeforeDecodingWithTheFix() throws IOException {
        for (String refused : List.of("java.net.URL", "java.net.InetAddress", "java.net.Inet4Address",
                "java.net.InetSocketAddress")) {
            Path file = fileListing(refused);
            CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
            assertTrue(e.getMessage().contains("it names class " + refused + ", which qmr refuses to decode"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("java.net.URI"), "the fix is named: " + e.getMessage());
        }
        java.net.URI uri = java.net.URI.create("https://user@example.org:8443/a/b?q=1#f");
        assertEquals(List.of(uri, List.of(uri)), roundTrip(List.of(uri, List.of(uri))), "the fix works: URI travels");
    }

    @Test
    void aResultHoldingUrlsIsRefusedByTheWriterSoTheTaskFailsWithTheFix() throws Exception {
        java.util.Set<java.net.URL> urls = new java.util.HashSet<>(List.of(new java.net.URL("http://example.invalid/")));
        try (RecordWriter w = RecordWriter.create(dir.resolve("u.result"), FileKind.RESULTS, 0, 0)) {
            CodecException e = assertThrows(CodecException.class, () -> w.writeSuccess(1, urls));
            assertTrue(e.getMessage().startsWith("cannot serialize a java.util.HashSet: qmr does not send values of"
                    + " class java.net.URL because hashing or comparing a java.net.URL resolves its host name"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("use java.net.URI instead"), e.getMessage());
        }
    }

    record Link(String label, java.net.URL url) {}

    record Page(String title, Link link) {}

    @Test
    void aValueThatCannotBeSerializedDeepInsideIsNamedByItsFieldPathInOneLine() throws Exception {
        Page page = new Page("home", new Link("x", new java.net.URL("http://example.invalid/")));
        try (RecordWriter w = RecordWriter.create(dir.resolve("p.result"), FileKind.RESULTS, 0, 0)) {
            CodecException e = assertThrows(CodecException.class, () -> w.writeSuccess(1, page));
            assertTrue(e.getMessage().startsWith("cannot serialize a " + Page.class.getName() + ": qmr does not send"
                    + " values of class java.net.URL"), e.getMessage());
            assertTrue(e.getMessage().contains("(at " + Page.class.getName() + ".link.url)"), e.getMessage());
            assertFalse(e.getMessage().contains("Serialization trace"), e.getMessage());
        }
    }

    @Test
    void theWriterRefusesTheSameClassesSoAMapFailsBeforeSubmission() {
        try (RecordWriter w = RecordWriter.create(dir.resolve("w.tasks"), FileKind.TASKS, 0, 0)) {
            CodecException e = assertThrows(CodecException.class,
                    () -> w.writeObject(java.util.logging.Level.INFO));
            assertTrue(e.getMessage().startsWith("cannot serialize a java.util.logging.Level: qmr does not send values"
                    + " of class java.util.logging.Level because it is a JDK class that is not plain data"),
                    e.getMessage());
        }
    }

    @Test
    void aClassIdNotListedInTheFileIsRefused() throws IOException {
        // A file whose body uses id 150 but whose trailer lists no learned class: the reader must not guess.
        Path file = dir.resolve("y.tasks");
        ByteBuffer body = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        body.putInt(RecordWriter.MAGIC).put(FileKind.TASKS.code).putInt(0).putLong(0);
        body.put((byte) (150 + 2)).put((byte) 1); // Kryo varint class id 150 (+2), then a byte
        byte[] bodyBytes = Arrays.copyOf(body.array(), body.position());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bodyBytes);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.write(bodyBytes);
            d.writeLong(1);
            d.writeInt(0);
            d.writeLong(crc.getValue());
        }
        Files.write(file, sealed(bytes.toByteArray(), bodyBytes.length));
        try (RecordReader r = RecordReader.open(file, FileKind.TASKS)) {
            CodecException e = assertThrows(CodecException.class, r::readObject);
            assertTrue(e.getMessage().contains("cannot decode record 0 of " + file), e.getMessage());
            assertTrue(e.getMessage().contains("unregistered class ID: 150"), e.getMessage());
        }
    }

    @Test
    void aResultAlteredWithItsChecksumRecomputedIsRefusedByItsSeal() throws IOException {
        Path file = dir.resolve("v.result");
        try (RecordWriter w = RecordWriter.create(file, FileKind.RESULTS, 0, 0)) {
            w.writeSuccess(1, "value=AAAAAAAA");
            w.finish();
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("AAAA");
        assertTrue(at > 0, "the value is in the file as written");
        bytes[at] = 'B';
        long trailerOffset = ByteBuffer.wrap(bytes, bytes.length - Seal.FOOTER_BYTES, 8).getLong();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, (int) trailerOffset);
        ByteBuffer.wrap(bytes).putLong((int) trailerOffset + 8 + 4, crc.getValue()); // records, no classes, CRC
        Files.write(file, bytes);

        CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.RESULTS));
        assertTrue(e.getMessage().startsWith("cannot read " + file + ": its seal does not match the session's secret:"
                + " it was altered after it was written"), e.getMessage());
    }

    @Test
    void aFileSealedByAnotherSessionIsRefused() throws IOException {
        roundTrip(List.of("a"));
        SessionDir other = SessionDir.create(workDir);
        other.prepareChunk(0);
        Files.copy(dir.resolve("x.tasks"), other.tasksFile(0));
        CodecException e = assertThrows(CodecException.class,
                () -> RecordReader.open(other.tasksFile(0), FileKind.TASKS));
        Path secret = other.path().resolve(SessionDir.SECRET_FILE);
        assertEquals("cannot read " + other.tasksFile(0) + ": it is sealed with a secret that the session's " + secret
                + " does not hold: the file comes from another session or someone else, or the secret file was"
                + " replaced after the session began. It is not used, and the session cannot go on without it (it is"
                + " written once, when the session starts): delete the session folder " + other.path() + " and run"
                + " the map again", e.getMessage());
    }

    @Test
    void aResultsFileThatFailsItsCheckIsSaidToBeComputedAgainAndAnOutputToBeMadeAgain() throws IOException {
        Path results = Files.write(dir.resolve("x.results"), new byte[] {1, 2, 3});
        CodecException r = assertThrows(CodecException.class, () -> RecordReader.open(results, FileKind.RESULTS));
        assertEquals("cannot read " + results + ": it is too short (3 bytes). It is not used; its chunk is computed"
                + " again", r.getMessage());
        Path output = Files.write(workDir.resolve("results.qmr"), new byte[] {1, 2, 3});
        CodecException o = assertThrows(CodecException.class, () -> RecordReader.open(output, FileKind.OUTPUT));
        assertEquals("cannot read " + output + ": it is too short (3 bytes). It is not used; delete it, and the next"
                + " run of the map makes it again", o.getMessage());
    }

    @Test
    void aMissingSecretIsNamedWhenWritingAndReading() throws IOException {
        SessionDir session = SessionDir.create(workDir);
        session.prepareChunk(0);
        Files.delete(session.path().resolve(SessionDir.SECRET_FILE));
        CodecException e = assertThrows(CodecException.class,
                () -> RecordWriter.create(session.tasksFile(0), FileKind.TASKS, 0, 0));
        assertTrue(e.getMessage().startsWith("cannot write " + session.tasksFile(0) + ": the session's secret "
                + session.path().resolve(SessionDir.SECRET_FILE) + " is missing"), e.getMessage());
        CodecException r = assertThrows(CodecException.class,
                () -> RecordReader.open(session.functionFile(), FileKind.FUNCTION));
        assertTrue(r.getMessage().endsWith("the session's secret " + session.path().resolve(SessionDir.SECRET_FILE)
                + " is missing (deleted after the session began, or the folder was not made by this version of qmr),"
                + " so no file of the session can be checked and the session cannot go on: delete the session folder "
                + session.path() + " and run the map again"), r.getMessage());
    }

    @Test
    void aSessionFileWithoutASealIsRefused() throws IOException {
        Path output = workDir.resolve("plain.qmr");
        try (RecordWriter w = RecordWriter.create(output, FileKind.OUTPUT, 0, 0)) {
            w.writeObject("x".repeat(100)); // long enough for a sealed footer's length
            w.finish();
        }
        byte[] bytes = Files.readAllBytes(output);
        bytes[4] = FileKind.TASKS.code; // claims to be tasks
        Path file = dir.resolve("unsealed.tasks");
        Files.write(file, bytes);
        CodecException e = assertThrows(CodecException.class, () -> RecordReader.open(file, FileKind.TASKS));
        assertTrue(e.getMessage().contains("it carries no seal of a session secret"), e.getMessage());
    }

    @Test
    void aTaskFileWrittenInPlaceReadsBackAndIsRefusedWhileTornOrOverAnother() throws Exception {
        Path tasks = dir.resolve("000000000.tasks");
        try (RecordWriter w = RecordWriter.createInPlace(tasks, FileKind.TASKS, 0, 0)) {
            w.writeObject("a");
            w.writeObject(List.of(1, 2));
            assertTrue(Files.exists(tasks), "written under its final name from the start");
            CodecException torn = assertThrows(CodecException.class, () -> RecordReader.open(tasks, FileKind.TASKS));
            assertTrue(torn.getMessage().contains(tasks.toString()), torn.getMessage());
            w.finish();
        }
        try (RecordReader r = RecordReader.open(tasks, FileKind.TASKS)) {
            assertEquals("a", r.readObject());
            assertEquals(List.of(1, 2), r.readObject());
            assertFalse(r.hasNext());
        }
        try (var names = Files.list(dir)) {
            assertEquals(List.of(tasks), names.toList(), "no temporary file");
        }
        assertThrows(java.io.UncheckedIOException.class,
                () -> RecordWriter.createInPlace(tasks, FileKind.TASKS, 0, 0), "never over an existing file");
        Path dropped = dir.resolve("000000001.tasks");
        try (RecordWriter w = RecordWriter.createInPlace(dropped, FileKind.TASKS, 1, 2)) {
            w.writeObject("b");
        } // closed unfinished: removed
        assertFalse(Files.exists(dropped));
    }
}
