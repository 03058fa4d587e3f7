package io.github.qmr.runtime.session;

import io.github.qmr.runtime.workdir.SessionDir;
import io.github.qmr.runtime.workdir.WorkerArgs;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes what a worker needs to start: the JVM argument file and the launcher script. */
public final class Launcher {
    /** The worker's main class; a string so the engine does not depend on the worker package. */
    static final String WORKER_MAIN = "io.github.qmr.runtime.worker.WorkerMain";

    private Launcher() {}

    /**
     * @param jobLines the queue's lines that set {@code QMR_TASK_INDEX} and {@code QMR_JOB_ID} from its jobs'
     *     variables ({@link io.github.qmr.runtime.queue.BatchQueue#jobLines()})
     * @param archiveWhenMade a class-data archive being made while the workers start, mapped by each worker that
     *     finds it in place (it appears atomically, only after a JVM mapped it), or null; an archive that exists
     *     already is among {@code jvmOptions}
     */
    public static void write(SessionDir session, List<String> jobLines, Path java, List<Path> classpath,
            List<String> jvmOptions, Path archiveWhenMade, Map<String, String> environment) {
        StringBuilder args = new StringBuilder();
        args.append("-cp\n").append(argfileQuote(classpath.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)))).append('\n');
        for (String option : jvmOptions) {
            args.append(argfileQuote(option)).append('\n');
        }
        session.writeText(session.argsFile(), args.toString(), false);
        session.writeText(session.launcher(), script(session, jobLines, java, archiveWhenMade, environment),
                true);
    }

    static String script(SessionDir session, List<String> jobLines, Path java, Path archiveWhenMade,
            Map<String, String> environment) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# qmr worker launcher of session ").append(session.sessionId()).append(" (generated).\n");
        s.append("# It sets the environment itself: qsub -V does not carry every variable.\n");
        // what the shell and the worker create in the session folder is owner-only, like the files staged for them
        s.append("umask 077\n");
        environment.forEach((name, value) -> s.append("export ").append(name).append('=').append(shellQuote(value))
                .append('\n'));
        // SGE's execd starts jobs with LC_ALL=C, and a JVM in the C locale cannot name a path with any non-ASCII
        // character: the work dir must work wherever the file system takes it
        s.append("case \"${LC_ALL:-${LC_CTYPE:-${LANG:-}}}\" in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;")
                .append(" *) LC_ALL=C.UTF-8; export LC_ALL;; esac\n");
        // the queue names its array index and job id in its own variables: its lines say which (after the exports,
        // so a value inherited from a map run inside a worker does not count)
        s.append("QMR_TASK_INDEX=\nQMR_JOB_ID=\n");
        jobLines.forEach(line -> s.append(line).append('\n'));
        s.append("export QMR_TASK_INDEX QMR_JOB_ID\n");
        // Array element: "array <first chunk>"; the queue's task index (1-based) picks the chunk, and the element
        // sends its output to that chunk's files as a single job would. "pull-array <first worker> ..." picks the
        // worker number the same way, and sends the worker's own output to its files.
        s.append("task=\"$QMR_TASK_INDEX\"\n");
        s.append("case \"${1:-}\" in ").append(WorkerArgs.ARRAY).append('|').append(WorkerArgs.PULL_ARRAY)
                .append(")\n");
        s.append("  case \"$task\" in ''|*[!0-9]*) echo \"qmr launcher: '$1' needs the queue's numeric array");
        s.append(" index (QMR_TASK_INDEX), got '$task'\" >&2; exit 2;; esac;;\n");
        s.append("esac\n");
        s.append("if [ \"${1:-}\" = ").append(WorkerArgs.ARRAY).append(" ]; then\n");
        s.append("  ichunk=$(($2 + task - 1))\n");
        s.append("  prefix=").append(session.shellChunkPrefix("ichunk")).append('\n');
        s.append("  exec >>\"$prefix.stdout\" 2>>\"$prefix.stderr\"\n");
        s.append("  set -- \"$ichunk\"\n");
        s.append("elif [ \"${1:-}\" = ").append(WorkerArgs.PULL_ARRAY).append(" ]; then\n");
        s.append("  worker=$(($2 + task - 1))\n");
        s.append("  prefix=").append(session.shellWorkerPrefix("worker")).append('\n');
        s.append("  exec >>\"$prefix.stdout\" 2>>\"$prefix.stderr\"\n");
        s.append("  shift 2\n");
        s.append("  set -- ").append(WorkerArgs.PULL).append(" \"$worker\" \"$@\"\n");
        s.append("fi\n");
        // an escalated attempt's heap size comes first (-Xmx...): after the argument file, so it wins over its -Xmx
        s.append("heap=\n");
        s.append("case \"${1:-}\" in -Xmx*) heap=\"$1\"; shift;; esac\n");
        String worker = shellQuote("@" + session.argsFile()) + " ${heap:+\"$heap\"} " + WORKER_MAIN + ' '
                + shellQuote(session.path().toString()) + " \"$@\"\n";
        if (archiveWhenMade != null) {
            // the first map of a classpath does not wait for its archive: a worker maps it once it is in place
            s.append("if [ -f ").append(shellQuote(archiveWhenMade.toString())).append(" ]; then\n");
            s.append("  exec ").append(shellQuote(java.toString())).append(' ')
                    .append(shellQuote("-XX:SharedArchiveFile=" + archiveWhenMade)).append(' ').append(worker);
            s.append("fi\n");
        }
        s.append("exec ").append(shellQuote(java.toString())).append(' ').append(worker);
        return s.toString();
    }

    /** POSIX single quotes: nothing inside is special, a single quote is closed, escaped and reopened. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A quoted argument of a {@code java @argfile}: backslash and double quote escaped inside double quotes. */
    static String argfileQuote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                + "\"";
    }
}
