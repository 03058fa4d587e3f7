package io.github.qmr.maven.cache;

import io.github.qmr.runtime.TaskResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Which tasks of a map run and which take a kept result: one pure decision ({@link #decide}), and the merge of both
 * back into task order ({@link #merge}).
 *
 * @param keptAt per task, the kept result it takes, or null when it runs
 * @param toRun the indices of the tasks that run, in task order
 * @param fromEarlierFunction how many of the kept results a function with another key computed ({@link Rerun#FAILED})
 * @param failedBefore the indices of the tasks that run again after they failed in the last run
 */
public record RerunPlan(List<Kept> keptAt, List<Integer> toRun, long fromEarlierFunction, Set<Integer> failedBefore) {
    /** A succeeded result kept from an earlier run, and the key of the function that computed it. */
    public record Kept(TaskResult<Object> result, String functionKey) {}

    public RerunPlan {
        keptAt = Collections.unmodifiableList(keptAt);
        toRun = List.copyOf(toRun);
        failedBefore = Set.copyOf(failedBefore);
    }

    /** The tasks to run that did not fail in the last run, in task order: those the pre-flight may try. */
    public List<Integer> toRunNotFailedBefore() {
        return toRun.stream().filter(i -> !failedBefore.contains(i)).toList();
    }

    /** Nothing kept: every task runs. */
    public static RerunPlan all(int tasks) {
        List<Kept> none = new ArrayList<>(Collections.nCopies(tasks, null));
        List<Integer> every = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            every.add(i);
        }
        return new RerunPlan(none, every, 0, Set.of());
    }

    public long kept() {
        return keptAt.size() - toRun.size();
    }

    /**
     * Run lengths in task order, alternately computed and kept, starting with computed (0 when the first task is
     * kept): where the kept tasks stand, compactly ({@code RunFacts.Kept}).
     */
    public List<Long> runs() {
        List<Long> runs = new ArrayList<>();
        boolean keptRun = false;
        long length = 0;
        for (Kept k : keptAt) {
            if ((k != null) != keptRun) {
                runs.add(length);
                keptRun = !keptRun;
                length = 0;
            }
            length++;
        }
        runs.add(length);
        return runs;
    }

    /**
     * The decision. A task takes a kept result when one with its id succeeded under {@code functionKey}; with
     * {@link Rerun#FAILED} also under another key. Failed, not run and new tasks always run.
     *
     * @param ids each task's id in task order (null: a task that cannot be identified runs)
     * @param kept the succeeded results of the last run by task id
     * @param failed the ids of the last run's tasks that failed
     */
    public static RerunPlan decide(List<TaskId> ids, Map<TaskId, Kept> kept, Set<TaskId> failed, String functionKey,
            Rerun rerun) {
        List<Kept> keptAt = new ArrayList<>(ids.size());
        List<Integer> toRun = new ArrayList<>();
        Set<Integer> failedBefore = new HashSet<>();
        long earlier = 0;
        for (int i = 0; i < ids.size(); i++) {
            TaskId id = ids.get(i);
            Kept k = id == null ? null : kept.get(id);
            boolean same = k != null && k.functionKey().equals(functionKey);
            if (k != null && (same || rerun == Rerun.FAILED)) {
                keptAt.add(k);
                if (!same) {
                    earlier++;
                }
            } else {
                keptAt.add(null);
                toRun.add(i);
                if (id != null && failed.contains(id)) {
                    failedBefore.add(i);
                }
            }
        }
        return new RerunPlan(keptAt, toRun, earlier, failedBefore);
    }

    /**
     * Every task's result in task order: the kept ones as they were, the computed ones ({@code computed}, in the
     * order of {@link #toRun}) between them; each numbered by its place in the whole map.
     */
    public Iterator<TaskResult<Object>> merge(Iterator<TaskResult<Object>> computed) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < keptAt.size();
            }

            @Override
            public TaskResult<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int itask = next++;
                Kept k = keptAt.get(itask);
                if (k != null) {
                    return renumber(k.result(), itask);
                }
                if (!computed.hasNext()) {
                    throw new IllegalStateException("the map gave fewer results than the " + toRun.size()
                            + " tasks it ran; task " + itask + " has none");
                }
                return renumber(computed.next(), itask);
            }
        };
    }

    static TaskResult<Object> renumber(TaskResult<Object> r, long itask) {
        if (r.itask() == itask) {
            return r;
        }
        var f = r.failure();
        return new TaskResult<>(itask, r.value(), f == null ? null
                : new io.github.qmr.runtime.TaskFailure(itask, f.ichunk(), f.exceptionClass(), f.message(),
                        f.stackTrace()), r.chunkFailure(), r.nanos(), r.run());
    }
}
