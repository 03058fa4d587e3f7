package io.github.qmr.bench;

import io.github.qmr.runtime.worker.NextChunk;
import io.github.qmr.runtime.workdir.SessionDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake pull workers for scripts/bench-claims.sh: threads of one JVM that take chunks of a session folder with the
 * worker's own claim code (a hard link per claim; {@link NextChunk} to find the next open chunk, or the one-by-one
 * scan it replaced), for 10, 100 and 1,000 workers, which do not fit 2 cores as JVMs. A chunk's work is a sleep
 * (chunks take far longer than a claim; from half to one and a half times MILLIS, 20 by default, so workers come back
 * one by one), its result an empty file. Prints the file-system calls the workers made: each look at a chunk is one
 * {@code access} per file it checks ({@code Files.exists}), each claim one {@code link}, each result one
 * {@code open}; strace counts the same calls (scripts/bench-claims.sh checks one case with it), but under strace a
 * thousand threads make every call slow enough that claims, not chunks, set the pace.
 *
 * <pre>
 * ClaimScan stage WORK CHUNKS            makes a session folder of CHUNKS chunks, prints its path
 * ClaimScan claim SESSION CHUNKS WORKERS gallop|linear [MILLIS]
 *     runs the workers until every chunk is taken; prints: accesses links failed-links creates
 * </pre>
 */
public final class ClaimScan {
    private ClaimScan() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stage")) {
            SessionDir dir = SessionDir.create(Path.of(args[1]));
            int chunks = Integer.parseInt(args[2]);
            for (int i = 0; i < chunks; i++) {
                dir.prepareChunk(i);
            }
            dir.claims().prepareWorkers();
            System.out.println(dir.path());
            return;
        }
        SessionDir dir = SessionDir.open(Path.of(args[1]));
        int chunks = Integer.parseInt(args[2]);
        int workers = Integer.parseInt(args[3]);
        boolean linear = args[4].equals("linear");
        long millis = args.length > 5 ? Long.parseLong(args[5]) : 20;
        for (int w = 0; w < workers; w++) {
            dir.claims().writeTicket(w);
        }
        AtomicInteger done = new AtomicInteger();
        java.util.concurrent.atomic.LongAdder accesses = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder links = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder lost = new java.util.concurrent.atomic.LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    NextChunk.Chunks claims = new NextChunk.Chunks() {
                        @Override
                        public boolean taken(int ichunk) { // as ClaimBoard.taken: the claim file only
                            accesses.increment();
                            return Files.exists(dir.claimFile(ichunk));
                        }

                        @Override
                        public boolean claim(int ichunk) {
                            links.increment();
                            boolean won = dir.claims().claim(ichunk, worker);
                            if (!won) {
                                lost.increment();
                            }
                            return won;
                        }
                    };
                    int next = 0;
                    while (true) {
                        int ichunk;
                        if (linear) { // the scan before NextChunk: every chunk from where the worker stands
                            ichunk = -1;
                            for (int i = next; i < chunks; i++) {
                                if (!claims.taken(i) && claims.claim(i)) { // as SessionDir.claimIfOpen
                                    ichunk = i;
                                    break;
                                }
                            }
                        } else {
                            ichunk = NextChunk.claimNext(claims, next, chunks);
                        }
                        if (ichunk < 0) {
                            return;
                        }
                        next = ichunk + 1;
                        accesses.increment(); // as WorkerMain: a chunk claimed may have a result from earlier
                        if (Files.exists(dir.resultFile(ichunk))) {
                            continue;
                        }
                        // chunks take different times, so workers come back one by one, not in step
                        Thread.sleep(millis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis + 1));
                        Files.createFile(dir.resultFile(ichunk));
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (done.get() != chunks) {
            throw new IllegalStateException(done.get() + " of " + chunks + " chunks run");
        }
        System.out.println(accesses.sum() + " " + links.sum() + " " + lost.sum() + " " + done.get());
    }
}
