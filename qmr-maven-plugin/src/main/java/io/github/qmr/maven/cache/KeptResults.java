package io.github.qmr.maven.cache;

import io.github.qmr.runtime.ResultsFile;
import io.github.qmr.runtime.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The succeeded results of a map's last run, read from its output folder before a rerun empties it: the
 * {@code results.qmr} there and, beside it, the function key of each ({@link ResultKeys}). Failed and not run tasks
 * are not kept: they run again.
 *
 * @param byTask the kept results by task id
 * @param failed the ids of the tasks that failed in the last run (they run again, as do those not run)
 * @param problem why nothing could be kept although there was an earlier run (for the log), or null
 */
public record KeptResults(Map<TaskId, RerunPlan.Kept> byTask, Set<TaskId> failed, String problem) {
    public static final KeptResults NONE = new KeptResults(Map.of(), Set.of(), null);

    /** Reads {@code results} and the keys beside it; {@link #NONE} when there was no earlier run. */
    public static KeptResults read(Path results, TaskId.Maker ids, ClassLoader loader) {
        if (!Files.isRegularFile(results)) {
            return NONE;
        }
        Path keysFile = results.resolveSibling(ResultKeys.FILE);
        List<String> keys = ResultKeys.read(keysFile);
        if (keys == null) {
            return new KeptResults(Map.of(), Set.of(), keysFile + " is missing or unreadable (an earlier qmr wrote none), so"
                    + " no result of " + results + " is known to be current");
        }
        Map<TaskId, RerunPlan.Kept> kept = new HashMap<>();
        Set<TaskId> failed = new HashSet<>();
        try (ResultsFile.Reader in = ResultsFile.open(results, loader)) {
            if (in.size() != keys.size()) {
                return new KeptResults(Map.of(), Set.of(), keysFile + " lists " + keys.size() + " tasks, " + results + " holds "
                        + in.size() + "; none is kept");
            }
            for (int i = 0; in.hasNext(); i++) {
                ResultsFile.Entry e = in.next();
                TaskResult<Object> r = e.result();
                TaskId id = ids.of(e.task());
                if (id != null && r.succeeded()) {
                    kept.put(id, new RerunPlan.Kept(r, keys.get(i)));
                } else if (id != null && !r.notRun()) {
                    failed.add(id);
                }
            }
        } catch (RuntimeException e) {
            // classes changed so that the earlier tasks or values no longer read: nothing kept, every task runs
            return new KeptResults(Map.of(), Set.of(), "the earlier results in " + results + " cannot be read with the"
                    + " project's classes now (" + e.getMessage() + "); none is kept");
        }
        return new KeptResults(kept, failed, null);
    }
}
