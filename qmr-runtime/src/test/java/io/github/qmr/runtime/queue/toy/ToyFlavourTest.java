package io.github.qmr.runtime.queue.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmr.runtime.Mode;
import io.github.qmr.runtime.Pool;
import io.github.qmr.runtime.ResultStream;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.fixtures.Square;
import io.github.qmr.runtime.process.CommandRunner;
import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.FlavourContract;
import io.github.qmr.runtime.queue.JobState;
import io.github.qmr.runtime.queue.QueueFlavour;
import io.github.qmr.runtime.queue.flavours.QueueFlavours;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third flavour written as nothing but a dialect and a registry entry (this package, no main file touched): it
 * meets the contract, auto-detection finds it once registered, and a map runs on stand-ins of its commands (shell
 * scripts that start each job as a background process).
 */
class ToyFlavourTest extends FlavourContract {
    private static final QueueFlavours REGISTRY = QueueFlavours.standard().with(new ToyFlavour());

    @TempDir
    Path tmp;

    @Override
    protected QueueFlavour flavour() {
        return REGISTRY.named("toy").orElseThrow();
    }

    @Override
    protected List<String> submitOutputAndId() {
        return List.of("toy job 12\n", "12");
    }

    @Override
    protected String statusOutput() {
        return "3 D 0 q1#000000003\n4 D 3 q1#000000004\n5 R - q1#000000005\n6 E - q1#000000006\n"
                + "7-1 D 0 q1#a\n7-2 R - q1#a\n7-3 Q - q1#a\n";
    }

    @Override
    protected Map<String, JobState> statesListed() {
        Map<String, JobState> states = new LinkedHashMap<>();
        states.put("3", JobState.FINISHED);
        states.put("5", JobState.RUNNING);
        states.put("6", JobState.ERROR);
        states.put("7-1", JobState.FINISHED);
        states.put("7-3", JobState.PENDING);
        states.put("7", JobState.RUNNING);
        states.put("8", null);
        return states;
    }

    @Override
    protected String unreachableOutput() {
        return "tstat: toyd is down\n";
    }

    @Override
    protected List<JobEnvironment> jobEnvironments() {
        return List.of(new JobEnvironment(Map.of("TOYQ_JOB", "7", "TOYQ_INDEX", "2"), "2", "7-2"),
                new JobEnvironment(Map.of("TOYQ_JOB", "5"), "", "5"));
    }

    @Override
    protected String ninetyMinutes() {
        return "90";
    }

    @Test
    void theRegistryKnowsItByNameAndAutoDetectionFindsItsProgram() throws Exception {
        Path bin = standIns();
        assertEquals(List.of("sge", "slurm", "toy"), REGISTRY.names());
        QueueFlavours.Choice choice = REGISTRY.detect(Map.of(), bin.toString(), new CommandRunner());
        assertEquals("toy", choice.kind());
        assertEquals("using Toy, tsub is " + bin.resolve("tsub") + " (no qsub on PATH; no sbatch on PATH)",
                choice.why());
    }

    @Test
    void aMapRunsOnItsCommandsAsJobsAndAsAnArrayOfPullWorkers() throws Exception {
        Path bin = standIns();
        Map<String, String> programs = Map.of("tsub", bin.resolve("tsub").toString(), "tstat",
                bin.resolve("tstat").toString(), "tdel", bin.resolve("tdel").toString());
        BatchQueue queue = flavour().queue(new QueueFlavour.Settings(programs, Map.of(), null, null));
        List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
        List<Long> squares = tasks.stream().map(t -> (long) t * t).toList();
        int run = 0;
        // single jobs name their job, array elements their element: both ways the launcher reads the variables
        for (Mode mode : new Mode[] {Mode.JOBS, Mode.PULL}) {
            {
                boolean arrays = mode == Mode.PULL;
                List<TaskResult<Long>> results = new ArrayList<>();
                try (Pool pool = Pool.builder().queue(queue).mode(mode).jobArrays(arrays).chunkSize(3)
                        .workDir(tmp.resolve("work" + run++)).pollInterval(Duration.ofMillis(50)).build();
                        ResultStream<Long> stream = pool.stream(Square.class, tasks)) {
                    stream.forEachRemaining(results::add);
                }
                assertEquals(squares, results.stream().sorted(java.util.Comparator.comparingLong(TaskResult::itask))
                        .map(TaskResult::value).toList(), mode + " arrays " + arrays);
                for (TaskResult<Long> r : results) {
                    // the worker names its job as tstat does: the launcher read the toy queue's own variables
                    String job = r.run().jobId();
                    assertTrue(job != null && job.matches(arrays ? "[0-9]+-[0-9]+" : "[0-9]+"),
                            mode + " arrays " + arrays + ": " + job);
                }
            }
        }
    }

    /** tsub, tstat and tdel as shell scripts over a state folder: each job a background process of its own. */
    private Path standIns() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        String s = "S='" + state + "'\n";
        script(bin.resolve("tsub"), s + """
                name=$1; out=$2; err=$3; dir=$4; size=$5; script=$6; shift 6
                n=$(( $(cat "$S/next" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$S/next"
                if [ "$size" = 0 ]; then ids=$n; else i=1; ids=; while [ "$i" -le "$size" ]; do ids="$ids $n-$i"; \
                i=$((i + 1)); done; fi
                cd "$dir" || exit 1
                for id in $ids; do
                  index=; [ "$id" = "$n" ] || index=${id#*-}
                  echo "$name" > "$S/$id.name"
                  TOYQ_JOB=$n TOYQ_INDEX=$index setsid /bin/sh -c 'S=$1; id=$2; out=$3; err=$4; shift 4
                    [ -n "$TOYQ_INDEX" ] || unset TOYQ_INDEX
                    /bin/sh "$@" >>"$out" 2>>"$err"; echo $? > "$S/$id.exit.tmp"; mv "$S/$id.exit.tmp" "$S/$id.exit"' \
                    toyjob "$S" "$id" "$out" "$err" "$script" "$@" </dev/null >/dev/null 2>&1 &
                  echo $! > "$S/$id.pid"
                done
                echo "toy job $n"
                """);
        script(bin.resolve("tstat"), s + """
                for f in "$S"/*.name; do
                  [ -e "$f" ] || continue
                  id=$(basename "$f" .name)
                  if [ -f "$S/$id.exit" ]; then echo "$id D $(cat "$S/$id.exit") $(cat "$f")"
                  else echo "$id R - $(cat "$f")"; fi
                done
                """);
        script(bin.resolve("tdel"), s + """
                for id in "$@"; do
                  for p in "$S/$id.pid" "$S/$id"-*.pid; do
                    [ -f "$p" ] || continue
                    one=$(basename "$p" .pid)
                    kill -TERM -- "-$(cat "$p")" 2>/dev/null
                    [ -f "$S/$one.exit" ] || echo 143 > "$S/$one.exit"
                  done
                done
                """);
        return bin;
    }

    private static void script(Path path, String body) throws Exception {
        Files.writeString(path, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    }
}
