package io.github.qmr.bench;

import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.Queues;
import io.github.qmr.runtime.TaskFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One map of tiny tasks in one-or-two-task chunks on the local queue, for scripts/bench-metadata.sh, which runs it
 * under {@code strace -f -c} to count the file-system calls a chunk costs (issue 19 item 4). Arguments: the work dir,
 * the number of chunks, the number of workers.
 */
public final class MetadataMap {
    private MetadataMap() {}

    /** The task: nothing but its own value back, so the count is qmr's bookkeeping alone. */
    public static final class Echo implements TaskFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer task) {
            return task;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int chunks = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        List<Integer> tasks = IntStream.range(0, 2 * chunks).boxed().toList();
        try (Pool pool = Pool.builder().queue(Queues.local(workers)).maxWorkers(workers).workDir(work).chunkSize(2)
                .classDataArchive(false).build()) {
            List<Integer> results = pool.map(Echo.class, tasks);
            if (!results.equals(tasks)) {
                throw new IllegalStateException("wrong results");
            }
        }
    }
}
